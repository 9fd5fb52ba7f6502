"""Queries about who may do what where. Everything above builds its scoping on these."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from .models import Membership, User


def memberships(user: User) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    today = timezone.localdate()
    return Membership.objects.filter(Membership.active_q(today), user=user, agency__active=True)


def agency_ids(user: User, roles: Iterable[str] | None = None) -> set[int]:
    """The agencies where ``user`` holds one of ``roles`` (any role when None) today."""
    qs = memberships(user)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return set(qs.values_list("agency_id", flat=True))


def roles_by_agency(user: User) -> dict[int, frozenset[str]]:
    """The caller's roles per agency today, read once per user object (a request, a job)."""
    today = timezone.localdate()
    cached = getattr(user, "_motcua_roles", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    mapping: dict[int, set[str]] = {}
    for agency_id, role in memberships(user).values_list("agency_id", "role"):
        mapping.setdefault(agency_id, set()).add(role)
    frozen = {agency: frozenset(r) for agency, r in mapping.items()}
    if user.is_authenticated:
        user._motcua_roles = (today, frozen)
    return frozen


def has_role(user: User, agency_id: int, roles: Iterable[str]) -> bool:
    return bool(roles_by_agency(user).get(agency_id, frozenset()) & set(roles))
