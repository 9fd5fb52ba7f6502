"""Queries on ratings and petitions, scoped to the caller (architecture rule 4), and the figures
of Decision 766 group 5 (domain §7) — each formula in one function, easy to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Case, Count, F, Q, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.calendar.core import LimitUnit
from motcua.dossiers.deadlines import calendar_for
from motcua.dossiers.errors import NotFound
from motcua.org.models import User
from motcua.org.selectors import agency_ids as officer_agencies
from motcua.processing.selectors import Urgency
from motcua.processing.selectors import _span as span

from .models import OPEN_PETITION_STATES, SIPAS_ELEMENTS, Level, Petition, PetitionState, Rating

P = PetitionState


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """[first day 00:00, day after the last 00:00) in local time: both days included."""
    tz = timezone.get_current_timezone()
    return datetime.combine(date_from, time.min, tz), datetime.combine(
        date_to + timedelta(days=1), time.min, tz
    )


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# ------------------------------------------------------------------------------ petitions


def visible_petitions(user: User) -> QuerySet[Petition]:
    """Petitions sent to one of the caller's agencies; nothing for anyone else."""
    ids = officer_agencies(user)
    if not ids:
        return Petition.objects.none()
    return Petition.objects.filter(agency_id__in=ids).select_related("agency", "dossier", "answered_by")


def get_visible_petition(user: User, petition_id: int) -> Petition:
    """One petition, or ``NotFound`` — also for another agency's (no hint that it exists)."""
    p = visible_petitions(user).filter(pk=petition_id).first()
    if p is None:
        raise NotFound(_("Không tìm thấy phản ánh, hoặc tài khoản không có quyền xem phản ánh này."))
    return p


def worklist(user: User, state: str = "", agency_id: int | None = None) -> QuerySet[Petition]:
    """The caller's agencies' petitions, the most pressing deadline first, finished ones last."""
    qs = visible_petitions(user)
    if state in P.values:
        qs = qs.filter(state=state)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    qs = qs.annotate(
        due=Case(
            When(state=P.RECEIVED, then=F("publish_due")),
            When(state__in=OPEN_PETITION_STATES, then=F("answer_due")),
            default=None,
        )
    )
    return qs.order_by(F("due").asc(nulls_last=True), "-received_at", "-id")


def urgency(p: Petition, now: datetime | None = None) -> Urgency:
    """Late once the current deadline passed; "soon" when it falls within the next working day."""
    now = now or timezone.now()
    due = p.next_due
    if due is None:
        if p.handled_on_time is None:
            return Urgency("done", "")
        return Urgency("done", _("Đúng hạn") if p.handled_on_time else _("Quá hạn"))
    cal = calendar_for(p.agency)
    if now > due:
        return Urgency("late", _("Quá hạn %(t)s") % {"t": span(cal.working_time_between(due, now))})
    level = "soon" if due <= cal.due(now, 1, LimitUnit.WORKING_DAYS) else "ok"
    return Urgency(level, _("Còn %(t)s") % {"t": span(cal.working_time_between(now, due))})


def due_soon(user: User, now: datetime | None = None) -> list[tuple[Petition, Urgency]]:
    """Open petitions of the caller's agencies that are late or due within one working day."""
    now = now or timezone.now()
    qs = worklist(user).filter(state__in=OPEN_PETITION_STATES)[:500]
    rows = [(p, urgency(p, now)) for p in qs]
    return [(p, u) for p, u in rows if u.level in {"late", "soon"}]


def public_petitions(agency_id: int) -> QuerySet[Petition]:
    """Answers an agency chose to publish, newest first; never the sender's ID or contact."""
    return (
        Petition.objects.filter(agency_id=agency_id, published=True, answered_at__isnull=False)
        .only("code", "kind", "content", "received_at", "answer", "answered_at", "agency_id")
        .order_by("-answered_at", "-id")
    )


def lookup(code: str, personal_id: str) -> list[Petition]:
    """The sender's own petitions with this code (codes are numbered per agency)."""
    code, personal_id = (code or "").strip().upper(), (personal_id or "").strip()
    if not code or not personal_id:
        return []
    return list(Petition.objects.select_related("agency").filter(code=code, personal_id=personal_id))


LOG_LABELS = {
    "submit": gettext_lazy("Tiếp nhận phản ánh"),
    "publish": gettext_lazy("Tiếp nhận xử lý"),
    "refuse": gettext_lazy("Từ chối tiếp nhận"),
    "request_info": gettext_lazy("Đề nghị bổ sung thông tin"),
    "answer": gettext_lazy("Trả lời"),
    "close": gettext_lazy("Kết thúc"),
    "confirm_satisfaction": gettext_lazy("Người gửi cho ý kiến về kết quả trả lời"),
}


def events(p: Petition) -> list[tuple]:
    """The log, oldest first, each event with its label in words."""
    return [(e, LOG_LABELS.get(e.action, e.action)) for e in p.events.select_related("actor").order_by("seq")]


# -------------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Figure:
    """A count out of a whole; ``rate`` is None when the whole is zero."""

    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        return _rate(self.part, self.whole)

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


@dataclass(frozen=True)
class SatisfactionFigures:
    counts: dict[str, int]  # per level
    not_unsatisfied: Figure


def satisfaction_figures(agency_ids: set[int], date_from: date, date_to: date) -> SatisfactionFigures:
    """Ratings of dossiers received by ``agency_ids``, given in the period (domain §9, §7 group 5).

    Rate = ratings that are not "unsatisfied" ÷ all ratings. It feeds the third indicator of
    group 5 (dossiers not rated unsatisfied, not complained about and not late), which the
    indicators app completes with complaints and lateness.
    """
    start, end = _bounds(date_from, date_to)
    rows = (
        Rating.objects.filter(agency_id__in=agency_ids, rated_at__gte=start, rated_at__lt=end)
        .values("level")
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys(Level.values, 0)
    for row in rows:
        counts[row["level"]] = row["n"]
    total = sum(counts.values())
    return SatisfactionFigures(counts, Figure(total - counts[Level.UNSATISFIED], total))


def sipas_averages(agency_ids: set[int], date_from: date, date_to: date) -> dict[str, float | None]:
    """Average 1–5 score per SIPAS element (domain §9) over the ratings that gave one."""
    start, end = _bounds(date_from, date_to)
    qs = Rating.objects.filter(agency_id__in=agency_ids, rated_at__gte=start, rated_at__lt=end)
    result = qs.aggregate(**{key: Avg(f"sipas_{key}") for key in SIPAS_ELEMENTS})
    return {key: (round(v, 2) if v is not None else None) for key, v in result.items()}


def rating_comments(agency_ids: set[int], date_from: date, date_to: date, limit: int = 200):
    start, end = _bounds(date_from, date_to)
    return (
        Rating.objects.filter(agency_id__in=agency_ids, rated_at__gte=start, rated_at__lt=end)
        .exclude(comment="")
        .select_related("dossier")
        .order_by("-rated_at")[:limit]
    )


def handled_on_time_figure(agency_ids: set[int], date_from: date, date_to: date) -> Figure:
    """Decision 766 group 5, "feedback handled on time" (domain §7).

    Whole: petitions whose handling ended in the period (answered or refused), plus petitions
    still open whose current deadline passed before the period ended (already late).
    Part: ended petitions that kept every §7 deadline — decision within 2 working days, request
    for information (if any) within 5, answer within 15 (``deadlines.handled_on_time``).
    """
    start, end = _bounds(date_from, date_to)
    ended = Q(answered_at__gte=start, answered_at__lt=end) | Q(
        answered_at__isnull=True, refused_at__gte=start, refused_at__lt=end
    )
    overdue = Q(state=P.RECEIVED, publish_due__lt=end) | Q(
        state__in=[P.PUBLISHED, P.INFO_REQUESTED], answer_due__lt=end
    )
    counts = Petition.objects.filter(agency_id__in=agency_ids).aggregate(
        on_time=Count("pk", filter=ended & Q(handled_on_time=True)),
        ended=Count("pk", filter=ended),
        overdue=Count("pk", filter=overdue),
    )
    return Figure(counts["on_time"], counts["ended"] + counts["overdue"])


def answer_satisfaction_figure(agency_ids: set[int], date_from: date, date_to: date) -> Figure:
    """Decision 766 group 5, "feedback handled satisfactorily" (domain §7).

    Whole: petitions answered in the period whose sender gave their opinion of the answer.
    Part: those the sender found satisfactory. Petitions without an opinion are left out of
    both (see ``petition_figures().no_opinion``), a choice to revisit with the national formula.
    """
    start, end = _bounds(date_from, date_to)
    counts = Petition.objects.filter(
        agency_id__in=agency_ids, answered_at__gte=start, answered_at__lt=end, satisfied__isnull=False
    ).aggregate(satisfied=Count("pk", filter=Q(satisfied=True)), answered=Count("pk"))
    return Figure(counts["satisfied"], counts["answered"])


@dataclass(frozen=True)
class PetitionFigures:
    received: int
    on_time: Figure
    satisfied: Figure
    no_opinion: int


def petition_figures(agency_ids: set[int], date_from: date, date_to: date) -> PetitionFigures:
    start, end = _bounds(date_from, date_to)
    mine = Petition.objects.filter(agency_id__in=agency_ids)
    return PetitionFigures(
        received=mine.filter(received_at__gte=start, received_at__lt=end).count(),
        on_time=handled_on_time_figure(agency_ids, date_from, date_to),
        satisfied=answer_satisfaction_figure(agency_ids, date_from, date_to),
        no_opinion=mine.filter(answered_at__gte=start, answered_at__lt=end, satisfied__isnull=True).count(),
    )
