"""Dossiers the desk is to close (Decree 118/2025 Art. 19.5), and supplements proposed by the
appraising agency that the desk has not issued yet.

«Sau 15 ngày kể từ khi thông báo … nếu tổ chức, cá nhân không hoàn thành việc hoàn thiện hồ sơ,
… Bộ phận Một cửa thực hiện đóng hồ sơ»: a dossier waiting for its supplement appears here from the
15th calendar day after the notice (the rule set's ``close_after_days``), and only to the desk of
the agency that received it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import DateTimeField, F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from motcua.org.models import Role, User
from motcua.org.selectors import agency_ids

from . import rules
from .models import Dossier, DossierEvent
from .states import WORKING, State


def _desk_agencies(user: User) -> set[int]:
    return agency_ids(user, [Role.DESK_OFFICER])


def _last(action: str):
    return Subquery(
        DossierEvent.objects.filter(dossier=OuterRef("pk"), action=action)
        .order_by()
        .values("dossier")
        .annotate(last=Max("at"))
        .values("last")[:1],
        output_field=DateTimeField(),
    )


def _due_for_closing(now: datetime) -> Q:
    """Notice early enough under each regime that closes: one condition per rule set."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    condition = Q(pk__in=[])
    for rule_set in rules.RULE_SETS:
        if rule_set.close_after_days is None:
            continue
        # Closable from the start of the day close_after_days after the notice's day.
        latest_notice = today - timedelta(days=rule_set.close_after_days - 1)
        condition |= Q(regime=rule_set.regime.value, notice_at__lt=latest_notice)
    return condition


def to_close(user: User, now: datetime | None = None) -> QuerySet[Dossier]:
    """Dossiers of the caller's desks whose supplement is overdue for closing, oldest notice first."""
    now = now or timezone.now()
    return (
        Dossier.objects.filter(agency_id__in=_desk_agencies(user), state=State.AWAITING_SUPPLEMENT)
        .annotate(notice_at=_last("request_supplement"))
        .filter(_due_for_closing(now))
        .select_related("applicant", "procedure_version__procedure", "agency")
        .order_by("notice_at", "pk")
    )


def proposed_supplements(user: User) -> QuerySet[Dossier]:
    """Dossiers in appraisal whose agency proposed a supplement the desk has not issued yet."""
    return (
        Dossier.objects.filter(agency_id__in=_desk_agencies(user), state__in=sorted(WORKING))
        .annotate(proposed_at=_last("propose_supplement"), issued_at=_last("request_supplement"))
        .filter(
            Q(proposed_at__isnull=False) & (Q(issued_at__isnull=True) | Q(issued_at__lt=F("proposed_at")))
        )
        .select_related("applicant", "procedure_version__procedure", "agency")
        .order_by("proposed_at", "pk")
    )


def proposal(dossier: Dossier) -> DossierEvent | None:
    """The latest supplement proposal of a dossier (its items pre-fill the desk's request)."""
    return dossier.events.filter(action="propose_supplement").order_by("-seq").first()


@dataclass(frozen=True)
class LateRequests:
    """Appraisal-stage supplement requests later than the window (Art. 19.5), for the desk."""

    count: int
    since: datetime


def late_requests(user: User, since: datetime) -> LateRequests:
    count = DossierEvent.objects.filter(
        dossier__agency_id__in=_desk_agencies(user),
        action="request_supplement",
        at__gte=since,
        data__late_request=True,
    ).count()
    return LateRequests(count, since)
