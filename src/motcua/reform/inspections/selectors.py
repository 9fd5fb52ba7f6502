"""Queries of reform inspections, already scoped to the caller (architecture rule 4).

- a province reform manager sees every decision of the units they oversee;
- a team member sees the decisions whose team they sit on;
- a unit sees the visits to it (an unannounced one only once it is over), its findings once the
  visit is closed, the notice once issued and the directives addressed to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.errors import NotFound
from motcua.org.models import AdministrativeUnit, Agency, Membership, Role, User
from motcua.reform import access

from .models import Decision, Directive, DirectiveState, Notice, TeamMember, Visit, VisitKind, VisitState


def team_decision_ids(user: User) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(TeamMember.objects.filter(user=user).values_list("decision_id", flat=True))


def decisions(user: User) -> QuerySet[Decision]:
    """Decisions the caller manages or inspects (units see visits and directives instead)."""
    if not user.is_authenticated:
        return Decision.objects.none()
    if user.is_superuser:
        return Decision.objects.all()
    return Decision.objects.filter(
        Q(unit_id__in=access.managed_unit_ids(user)) | Q(pk__in=team_decision_ids(user))
    ).distinct()


def get_decision(user: User, pk: int) -> Decision:
    d = decisions(user).select_related("unit", "checklist").filter(pk=pk).first()
    if d is None:
        raise NotFound(_("Không tìm thấy quyết định kiểm tra."))
    return d


def is_managing(user: User, decision: Decision) -> bool:
    return decision.unit_id in access.managed_unit_ids(user)


def _unit_visible_visits(agency_ids: set[int]) -> Q:
    announced = Q(kind=VisitKind.PLANNED, decision__state__in=["issued", "concluded"])
    return Q(agency_id__in=agency_ids) & (announced | Q(state=VisitState.DONE))


def visits(user: User) -> QuerySet[Visit]:
    if not user.is_authenticated:
        return Visit.objects.none()
    if user.is_superuser:
        return Visit.objects.all()
    inside = Q(decision__in=decisions(user))
    return Visit.objects.filter(inside | _unit_visible_visits(access.own_agency_ids(user))).distinct()


def unit_visits(user: User) -> QuerySet[Visit]:
    """The visits to the caller's own agencies, as the unit may see them."""
    return (
        Visit.objects.filter(_unit_visible_visits(access.own_agency_ids(user)))
        .select_related("decision", "agency")
        .order_by("-planned_on")
    )


def get_visit(user: User, pk: int) -> Visit:
    v = visits(user).select_related("decision", "agency").filter(pk=pk).first()
    if v is None:
        raise NotFound(_("Không tìm thấy cuộc kiểm tra."))
    return v


def sees_as_insider(user: User, visit: Visit) -> bool:
    """Manager or team member: sees the visit's work while it is going on."""
    return decisions(user).filter(pk=visit.decision_id).exists()


def directives(user: User) -> QuerySet[Directive]:
    if not user.is_authenticated:
        return Directive.objects.none()
    qs = Directive.objects.select_related("notice__decision", "agency")
    if user.is_superuser:
        return qs
    return qs.filter(
        Q(notice__decision__in=decisions(user)) | Q(agency_id__in=access.own_agency_ids(user))
    ).distinct()


def get_directive(user: User, pk: int) -> Directive:
    d = directives(user).filter(pk=pk).first()
    if d is None:
        raise NotFound(_("Không tìm thấy nội dung chỉ đạo."))
    return d


def notice_for(user: User, decision_id: int) -> Notice:
    """The notice, for managers and team members, and for the units it concerns."""
    own = access.own_agency_ids(user)
    n = Notice.objects.select_related("decision__unit").filter(decision_id=decision_id).first()
    if n is None:
        raise NotFound(_("Không tìm thấy thông báo kết luận."))
    if decisions(user).filter(pk=decision_id).exists():
        return n
    concerned = (
        n.directives.filter(agency_id__in=own).exists()
        or n.decision.visits.filter(_unit_visible_visits(own)).exists()
    )
    if not concerned:
        raise NotFound(_("Không tìm thấy thông báo kết luận."))
    return n


@dataclass
class FollowUp:
    directive: Directive
    overdue: bool

    @property
    def status(self) -> str:
        if self.directive.state == DirectiveState.CONFIRMED:
            return "done"
        return "overdue" if self.overdue else "in_progress"


def follow_up(qs: QuerySet[Directive], today: date | None = None) -> tuple[list[FollowUp], dict[str, int]]:
    """Rows of the follow-up table and the counts done / in progress / overdue."""
    today = today or timezone.localdate()
    rows = [FollowUp(d, d.is_overdue(today)) for d in qs.order_by("notice__decision_id", "order")]
    counts = {"done": 0, "in_progress": 0, "overdue": 0}
    for r in rows:
        counts[r.status] += 1
    counts["total"] = len(rows)
    return rows, counts


def manager_units(user: User) -> list[AdministrativeUnit]:
    """The top units the caller manages: where a new decision is made."""
    ids = access.managed_unit_ids(user)
    return list(AdministrativeUnit.objects.filter(pk__in=ids).exclude(parent_id__in=ids).order_by("code"))


def agencies_for(decision: Decision) -> QuerySet[Agency]:
    from motcua.indicators.periods import unit_ids_below

    return Agency.objects.filter(unit_id__in=unit_ids_below(decision.unit_id), active=True).order_by("name")


def team_candidates(decision: Decision) -> QuerySet[User]:
    """People who may sit on a team: inspectors and reform officers of the decision's agencies."""
    agency_ids = agencies_for(decision).values_list("pk", flat=True)
    user_ids = Membership.objects.filter(
        agency_id__in=agency_ids, role__in=[Role.INSPECTOR, Role.REFORM_MANAGER]
    ).values_list("user_id", flat=True)
    return (
        User.objects.filter(pk__in=user_ids).exclude(team_memberships_excluded(decision)).order_by("username")
    )


def team_memberships_excluded(decision: Decision) -> Q:
    return Q(pk__in=decision.team.values_list("user_id", flat=True))


def agency_officers(agency_id: int) -> QuerySet[User]:
    ids = Membership.objects.filter(agency_id=agency_id).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=ids).order_by("full_name", "username")


def ledger_url(visit: Visit) -> str:
    query = urlencode(
        {
            "co_quan": visit.agency_id,
            "tu_ngay": visit.period_from.isoformat(),
            "den_ngay": visit.period_to.isoformat(),
        }
    )
    return f"{reverse('ledger')}?{query}"
