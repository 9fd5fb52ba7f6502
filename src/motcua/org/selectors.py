"""Queries about who may do what where. Everything above builds its scoping on these."""

from collections.abc import Iterable

from django.db.models import Aggregate, CharField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
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
    return remember_roles(user, today, memberships(user).values_list("agency_id", "role"))


def remember_roles(user: User, today, pairs: Iterable[tuple[int, str]]) -> dict[int, frozenset[str]]:
    """Keep the (agency, role) pairs active ``today`` on the user object, as ``roles_by_agency``
    would read them (the API reads them with the token, in the same query)."""
    mapping: dict[int, set[str]] = {}
    for agency_id, role in pairs:
        mapping.setdefault(agency_id, set()).add(role)
    frozen = {agency: frozenset(r) for agency, r in mapping.items()}
    if user.is_authenticated:
        user._motcua_roles = (today, frozen)
    return frozen


class _JoinedPairs(Aggregate):
    """'agency:role' texts joined by commas (GROUP_CONCAT; STRING_AGG on PostgreSQL)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "%(function)s(%(expressions)s, ',')"
        return self.as_sql(compiler, connection, function="STRING_AGG", template=template, **extra)


def roles_column(today, user_ref: str = "user_id") -> Subquery:
    """A column of the user's active roles today as 'agency:role,…', for ``remember_roles``."""
    pairs = Concat(Cast("agency_id", CharField()), Value(":"), "role", output_field=CharField())
    rows = (
        Membership.objects.filter(Membership.active_q(today), user=OuterRef(user_ref), agency__active=True)
        .order_by()
        .values("user")
        .annotate(pairs=_JoinedPairs(pairs))
        .values("pairs")
    )
    return Subquery(rows, output_field=CharField())


def parse_roles_column(text: str | None) -> list[tuple[int, str]]:
    pairs = []
    for item in (text or "").split(","):
        agency, _sep, role = item.partition(":")
        if role:
            pairs.append((int(agency), role))
    return pairs


def has_role(user: User, agency_id: int, roles: Iterable[str]) -> bool:
    return bool(roles_by_agency(user).get(agency_id, frozenset()) & set(roles))
