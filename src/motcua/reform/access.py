"""Who may see and do what in reform management — every reform page and service asks here.

Three kinds of people, all read from today's memberships (``org.selectors``):

- a **province reform manager** holds ``reform_manager`` in an agency of a unit that has units
  below it (the demo's Trung tâm Phục vụ hành chính công of the city): they publish criteria, sit
  on the appraisal council, import survey scores, publish results, set up inspections, and see
  every agency of their unit's subtree;
- a **unit** (a department or a commune People's Committee) acts through its ``leader`` or its own
  ``reform_manager``: self-assessment, its reform plan, its periodic reports, the directives
  addressed to it — and nothing of another unit before results are published;
- an **inspector** sees the inspections whose team they are a member of.

A superuser sees everything. Functions return ids so that querysets filter with ``__in``
(authorisation lives in the queryset, architecture rule 4).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from motcua.indicators.periods import unit_ids_below
from motcua.org.models import AdministrativeUnit, Agency, Role
from motcua.org.selectors import roles_by_agency

UNIT_ROLES = frozenset({Role.LEADER, Role.REFORM_MANAGER})


def managed_unit_ids(user) -> set[int]:
    """Units whose whole subtree ``user`` manages as a province reform manager."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(AdministrativeUnit.objects.values_list("pk", flat=True))
    mine = [a for a, roles in roles_by_agency(user).items() if Role.REFORM_MANAGER in roles]
    units: set[int] = set()
    for unit_id in Agency.objects.filter(pk__in=mine).values_list("unit_id", flat=True):
        below = unit_ids_below(unit_id)
        if len(below) > 1:  # a unit with units under it: the province (or a former district)
            units |= below
    return units


def managed_agency_ids(user) -> set[int]:
    """Agencies a province reform manager oversees (every agency of their units' subtrees)."""
    units = managed_unit_ids(user)
    if not units:
        return set()
    return set(Agency.objects.filter(unit_id__in=units).values_list("pk", flat=True))


def is_manager(user) -> bool:
    return bool(managed_unit_ids(user))


def own_agency_ids(user) -> set[int]:
    """Agencies ``user`` acts for as a unit (leader or the unit's own reform officer)."""
    if not user.is_authenticated:
        return set()
    return {a for a, roles in roles_by_agency(user).items() if roles & UNIT_ROLES}


def is_inspector(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(Role.INSPECTOR in roles for roles in roles_by_agency(user).values())


def visible_agency_ids(user) -> set[int]:
    """Every agency whose reform records ``user`` may read (before publication)."""
    return managed_agency_ids(user) | own_agency_ids(user)


def may_use_reform(user) -> bool:
    return bool(user.is_authenticated and (visible_agency_ids(user) or is_inspector(user)))


def reform_required(view):
    """Logged in and a reform manager, a unit's leader/reform officer or an inspector; others 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_use_reform(request.user):
            raise PermissionDenied(_("Tài khoản không có vai trò trong công tác cải cách hành chính."))
        return view(request, *args, **kwargs)

    return wrapped


def manager_required(view):
    """Only a province reform manager (or a superuser); others 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied(
                _("Chỉ cán bộ quản lý cải cách hành chính cấp tỉnh được thực hiện việc này.")
            )
        return view(request, *args, **kwargs)

    return wrapped
