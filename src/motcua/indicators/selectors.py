"""Drill-down: the dossiers behind every figure (architecture rule 4: scoped to the caller).

``behind(key, scope, period, part="part" | "whole", user=...)`` returns the queryset whose
``.count()`` equals the figure's ``Value.part`` / ``Value.whole`` — built from the dossier rows'
derived fields with the same rules the facts follow. Officers get ``visible_dossiers(user)``
narrowed to the figure; ``user=None`` gives the unscoped rows for published counts (use only
``.count()`` there, never list them publicly). Two keys give other rows: the petition indicators
(``g5_petitions_*``) give ``Petition`` rows, ``steps_over_budget`` gives the step records
(``DossierEvent`` of forward / issue_result).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.states import OPEN, Channel, Timeliness

from .facts import DIGITAL_SOURCES, STEP_ACTIONS
from .formulas import counts_open, full_online_versions, open_within_q, synced_q, versions_with_fees
from .online_reception import alert_q, late_q
from .periods import Period, Scope

GOOD = [Timeliness.EARLY, Timeliness.ON_TIME]


def _sources_q(sources: set[str]) -> Q:
    """A component of the dossier came from one of ``sources`` (JSON array, per database)."""
    column = f'"{Dossier._meta.db_table}"."components"'
    marks = ", ".join(["%s"] * len(sources))
    if connection.vendor == "postgresql":
        elements, source = f"jsonb_array_elements({column}) j", "j ->> 'source'"
    else:
        elements, source = f"json_each({column}) j", "json_extract(j.value, '$.source')"
    sql = f"EXISTS (SELECT 1 FROM {elements} WHERE {source} IN ({marks}))"  # noqa: S608 — fixed names
    return Q(RawSQL(sql, sorted(sources), output_field=BooleanField()))  # noqa: S611


def _files_q(**filters) -> Q:
    from motcua.documents.models import DossierFile

    return Q(Exists(DossierFile.objects.filter(dossier=OuterRef("pk"), **filters)))


def digital_q() -> Q:
    return _sources_q(DIGITAL_SOURCES) | _files_q(kind="component")


def electronic_q() -> Q:
    return Q(return_method="electronic") | _files_q(kind="result", signed=True)


def _range(field: str, period: Period) -> Q:
    start, end = period.bounds()
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def received_q(scope: Scope, period: Period) -> Q:
    return Q(agency_id__in=scope.agency_ids) & _range("received_at", period)


def ended_q(scope: Scope, period: Period) -> Q:
    return Q(agency_id__in=scope.agency_ids) & _range("ended_at", period) & ~Q(timeliness="")


def returned_q(scope: Scope, period: Period) -> Q:
    return Q(agency_id__in=scope.agency_ids) & _range("returned_at", period)


def open_q(scope: Scope, period: Period, now) -> Q:
    if not counts_open(period, now):
        return Q(pk__in=[])
    return Q(state__in=sorted(OPEN), current_agency_id__in=scope.agency_ids, received_at__isnull=False)


def _paid_q(scope: Scope, period: Period, online: bool) -> Q:
    from motcua.payments.models import DOSSIER_FEES, Payment

    start, end = period.bounds()
    paid = Payment.objects.filter(
        dossier=OuterRef("pk"),
        state=Payment.State.PAID,
        fee_key=DOSSIER_FEES,
        paid_at__gte=start,
        paid_at__lt=end,
    )
    if online:
        paid = paid.filter(method=Payment.Method.ONLINE)
    return Q(agency_id__in=scope.agency_ids) & Q(Exists(paid))


def _rated_q(scope: Scope, period: Period) -> Q:
    start, end = period.bounds()
    return Q(rating__agency_id__in=scope.agency_ids, rating__rated_at__gte=start, rating__rated_at__lt=end)


def _complained_q() -> Q:
    from motcua.feedback.models import Petition, PetitionKind

    return Q(Exists(Petition.objects.filter(dossier=OuterRef("pk"), kind=PetitionKind.COMPLAINT)))


def _channel(channel: int):
    return lambda s, p, now: (received_q(s, p) & Q(channel=channel), received_q(s, p))


FULL = Q(procedure_version__in=full_online_versions())
ONLINE_OFFERED = Q(procedure_version__online_level__in=["toan_trinh", "mot_phan"])
LEVEL34 = Q(procedure_version__legacy_level__in=[3, 4])

# key → (scope, period, now) → (Q of the part, Q of the whole)
DOSSIER_FIGURES: dict[str, Callable[..., tuple[Q, Q]]] = {
    "g1_synchronised": lambda s, p, now: (received_q(s, p) & synced_q(), received_q(s, p)),
    "g2_timeliness": lambda s, p, now: (
        (ended_q(s, p) & Q(timeliness__in=GOOD)) | (open_q(s, p, now) & open_within_q(now)),
        ended_q(s, p) | open_q(s, p, now),
    ),
    "g3_electronic_result": lambda s, p, now: (returned_q(s, p) & electronic_q(), returned_q(s, p)),
    "g3_digitised": lambda s, p, now: (returned_q(s, p) & electronic_q() & digital_q(), returned_q(s, p)),
    "g3_reused_data": lambda s, p, now: (received_q(s, p) & _sources_q({"reuse"}), received_q(s, p)),
    "g4a_online": lambda s, p, now: (
        received_q(s, p) & FULL & Q(channel=Channel.ONLINE),
        received_q(s, p) & FULL,
    ),
    "g4b_online_payment": lambda s, p, now: (
        _paid_q(s, p, online=True) & Q(procedure_version__in=versions_with_fees()),
        received_q(s, p) & Q(procedure_version__in=versions_with_fees()),
    ),
    "g5_service": lambda s, p, now: (
        ended_q(s, p) & Q(timeliness__in=GOOD) & ~Q(rating__level="unsatisfied") & ~_complained_q(),
        ended_q(s, p),
    ),
    "received_desk": _channel(Channel.DESK),
    "received_online": _channel(Channel.ONLINE),
    "received_post": _channel(Channel.POST),
    "online_rate_level34": lambda s, p, now: (
        received_q(s, p) & LEVEL34 & Q(channel=Channel.ONLINE),
        received_q(s, p),
    ),
    "online_submission_rate": lambda s, p, now: (
        received_q(s, p) & ONLINE_OFFERED & Q(channel=Channel.ONLINE),
        received_q(s, p) & ONLINE_OFFERED,
    ),
    "digitisation_rate": lambda s, p, now: (ended_q(s, p) & digital_q(), ended_q(s, p)),
    "on_time_rate": lambda s, p, now: (ended_q(s, p) & Q(timeliness__in=GOOD), ended_q(s, p)),
    "online_payment_rate": lambda s, p, now: (_paid_q(s, p, online=True), _paid_q(s, p, online=False)),
    "satisfaction_rate": lambda s, p, now: (_rated_q(s, p) & ~Q(rating__level="unsatisfied"), _rated_q(s, p)),
    "average_processing_days": lambda s, p, now: (ended_q(s, p), ended_q(s, p)),
    "open_late": lambda s, p, now: (open_q(s, p, now) & ~open_within_q(now), open_q(s, p, now)),
    # Online reception, Decree 118/2025 Art. 17.2 (indicators.online_reception).
    "online_reception_late": late_q,
    "online_alert_on_time": alert_q,
}


def behind(key: str, scope, period: Period, part: str = "part", *, user=None, now=None) -> QuerySet:
    """The rows behind ``Value.part`` (``part="part"``) or ``Value.whole`` (``part="whole"``), or
    what the whole has and the part lacks (``part="rest"``: the dossiers not synchronised, late…)."""
    scope, now = Scope.of(scope), now or timezone.now()
    if part == "rest" and key not in DOSSIER_FIGURES:
        raise KeyError(key)
    if key.startswith("g5_petitions_"):
        return _petitions(key, scope, period, part, user, now)
    if key == "steps_over_budget":
        return _steps(scope, period, part, user)
    if key not in DOSSIER_FIGURES:
        raise KeyError(key)
    numerator, denominator = DOSSIER_FIGURES[key](scope, period, now)
    base = visible_dossiers(user) if user is not None else Dossier.objects.all()
    if part == "rest":
        return base.filter(denominator & ~numerator)
    return base.filter(numerator if part == "part" else denominator)


def _steps(scope: Scope, period: Period, part: str, user) -> QuerySet:
    start, end = period.bounds()
    events = DossierEvent.objects.filter(
        action__in=STEP_ACTIONS,
        dossier__agency_id__in=scope.agency_ids,
        at__gte=start,
        at__lt=end,
        data__has_key="step_order",
    )
    if user is not None:
        events = events.filter(dossier__in=visible_dossiers(user))
    return events.filter(data__kept_budget=False) if part == "part" else events


def _petitions(key: str, scope: Scope, period: Period, part: str, user, now) -> QuerySet:
    """Mirrors ``feedback.selectors.handled_on_time_figure`` / ``answer_satisfaction_figure``."""
    from motcua.feedback.models import Petition, PetitionState
    from motcua.feedback.selectors import visible_petitions

    start, end = period.bounds()
    base = visible_petitions(user) if user is not None else Petition.objects.all()
    mine = base.filter(agency_id__in=scope.agency_ids)
    if key == "g5_petitions_satisfied":
        answered = mine.filter(answered_at__gte=start, answered_at__lt=end, satisfied__isnull=False)
        return answered.filter(satisfied=True) if part == "part" else answered
    ended = Q(answered_at__gte=start, answered_at__lt=end) | Q(
        answered_at__isnull=True, refused_at__gte=start, refused_at__lt=end
    )
    overdue = Q(state=PetitionState.RECEIVED, publish_due__lt=end) | Q(
        state__in=[PetitionState.PUBLISHED, PetitionState.INFO_REQUESTED], answer_due__lt=end
    )
    return mine.filter(ended & Q(handled_on_time=True)) if part == "part" else mine.filter(ended | overdue)
