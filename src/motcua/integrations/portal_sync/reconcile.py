"""Reconciliation with the national portal, and the "dossiers synchronised" rate of group 1.

``reconcile`` compares, for the dossiers that entered the system in a period, what the portal
holds (``holdings()`` of the configured client: the simulator, or a GET on the portal) with what
the system holds: dossiers the portal lacks, dossiers whose status there differs, and keys the
portal holds that the system does not know.

``synchronised_rate(agency_ids, period_start, period_end)`` is the indicator "hồ sơ được đồng bộ":
synchronised ÷ received in the period, in percent, where a dossier is *synchronised* when the
portal holds it with its current status. To plug it into group 1 of the indicators app, call it
with the agencies of the scope and the period of the dashboard; ``missing`` is the drill-down
(one row per dossier not synchronised, with the reason and the state of its outbox item).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.integrations.models import SyncItem

from . import clients, payload

MISSING = "missing"
STATUS = "status_mismatch"


@dataclass
class Report:
    period_start: datetime
    period_end: datetime
    received: int = 0
    synchronised: int = 0
    missing: list[dict] = field(default_factory=list)  # not synchronised: absent or out of date
    unknown_on_portal: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return round(100.0 * self.synchronised / self.received, 2) if self.received else None

    def as_dict(self) -> dict:
        out = asdict(self)
        out.update(
            rate=self.rate, period_start=self.period_start.isoformat(), period_end=self.period_end.isoformat()
        )
        return out


def _bound(value: date | datetime, end: bool = False) -> datetime:
    """A date is a whole local day (inclusive at both ends); a datetime is taken as it is."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    day = value + timedelta(days=1) if end else value
    return timezone.make_aware(datetime.combine(day, time.min))


def dossiers_in_period(agency_ids, start: datetime, end: datetime):
    """Dossiers that entered the system in [start, end): received then, or submitted online then."""
    entered = Q(received_at__gte=start, received_at__lt=end) | Q(
        received_at__isnull=True, submitted_at__gte=start, submitted_at__lt=end
    )
    qs = Dossier.objects.filter(entered)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    return qs


def outbox_holdings(dossier_ids) -> dict[str, dict]:
    """What the outbox believes the portal holds (acknowledged items), when the portal can't be read."""
    held: dict[str, dict] = {}
    sent = SyncItem.objects.filter(dossier_id__in=dossier_ids, state=SyncItem.State.SENT).order_by("seq")
    for key, seq, status in sent.values_list("sync_key", "seq", "status_code"):
        entry = held.setdefault(key, {"seqs": [], "statuses": []})
        entry["seqs"].append(seq)
        entry["statuses"].append(status)
        entry["TrangThaiHoSo"] = status
    return held


def reconcile(
    agency_ids=None,
    period_start: date | datetime | None = None,
    period_end: date | datetime | None = None,
    *,
    holdings: dict[str, dict] | None = None,
    source: str = "portal",
) -> Report:
    today = timezone.localdate()
    start = _bound(period_start or today.replace(day=1))
    end = _bound(period_end or today, end=True)
    dossiers = list(
        dossiers_in_period(agency_ids, start, end)
        .select_related("agency")
        .only(
            "pk", "code", "state", "idempotency_key", "agency__identifier_code", "received_at", "submitted_at"
        )
        .order_by("pk")
    )
    if holdings is None:
        holdings = clients.holdings() if source == "portal" else outbox_holdings([d.pk for d in dossiers])
    report = Report(period_start=start, period_end=end, received=len(dossiers))
    last_items = _last_items([d.pk for d in dossiers])
    keys = set()
    for d in dossiers:
        key = payload.sync_key(d)
        keys.add(key)
        held = holdings.get(key)
        if held is not None and int(held.get("TrangThaiHoSo") or 0) == int(d.state):
            report.synchronised += 1
            continue
        item = last_items.get(d.pk)
        report.missing.append(
            {
                "dossier_id": d.pk,
                "code": d.code,
                "sync_key": key,
                "agency": d.agency.identifier_code,
                "status": int(d.state),
                "portal_status": held.get("TrangThaiHoSo") if held else None,
                "reason": STATUS if held else MISSING,
                "outbox_state": item[1] if item else None,
                "outbox_error": item[2] if item else "",
            }
        )
    # Keys the portal holds for this system that no dossier of the period explains (only
    # meaningful for the whole system, without an agency filter).
    if agency_ids is None:
        known = set(
            Dossier.objects.filter(
                idempotency_key__in=[f"{payload.PORTAL_PREFIX}{k}" for k in holdings]
            ).values_list("idempotency_key", flat=True)
        )
        prefix = f"{payload.conf.system_id()}-"
        for key in sorted(set(holdings) - keys):
            if key.startswith(prefix):
                pk = key[len(prefix) :]
                if pk.isdigit() and Dossier.objects.filter(pk=int(pk)).exists():
                    continue
            elif f"{payload.PORTAL_PREFIX}{key}" in known:
                continue
            report.unknown_on_portal.append(key)
    return report


def _last_items(dossier_ids: list[int]) -> dict[int, tuple]:
    out: dict[int, tuple] = {}
    rows = SyncItem.objects.filter(dossier_id__in=dossier_ids).order_by("dossier_id", "seq")
    for dossier_id, seq, state, error in rows.values_list("dossier_id", "seq", "state", "last_error"):
        if dossier_id not in out or out[dossier_id][1] == SyncItem.State.SENT:
            out[dossier_id] = (seq, state, error)
    return out


def synchronised_rate(
    agency_ids, period_start: date | datetime, period_end: date | datetime, *, source: str = "portal"
) -> dict:
    """Indicator "dossiers synchronised" (group 1): {received, synchronised, rate (%), missing}.

    ``agency_ids``: receiving agencies in scope (``None`` = all). ``rate`` is ``None`` when nothing
    was received. ``missing`` lists each dossier not synchronised (drill-down).
    """
    report = reconcile(agency_ids, period_start, period_end, source=source)
    return {
        "received": report.received,
        "synchronised": report.synchronised,
        "rate": report.rate,
        "missing": report.missing,
    }
