"""Transfer deadlines and how many were missed (Decree 118/2025 Art. 18.1, 20.1.a)."""

from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, Q
from django.utils import timezone

from motcua.org.models import Agency

from .models import Dossier

DEFAULT_CUTOFF = "15:00"


def cutoff() -> time:
    """The transfer's own cut-off (``MOTCUA_TRANSFER_CUTOFF``), not the same-day time-limit one."""
    raw = getattr(settings, "MOTCUA_TRANSFER_CUTOFF", "") or DEFAULT_CUTOFF
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(f"MOTCUA_TRANSFER_CUTOFF phải có dạng HH:MM, không phải {raw!r}") from None


def _late(done: str, due: str, now: datetime) -> Q:
    return Q(**{f"{due}__isnull": False}) & (
        Q(**{f"{done}__gt": F(due)}) | Q(**{f"{done}__isnull": True, f"{due}__lt": now})
    )


def late_transfers(
    agency: Agency,
    now: datetime | None = None,
    received_from: datetime | None = None,
    received_before: datetime | None = None,
) -> dict[str, int]:
    """Dossiers received at ``agency`` (in [received_from, received_before) when given) handed to
    processing late (Art. 18.1), and paper carried to another competent authority late (Art.
    20.1.a) — done late, or not done and overdue ``now``."""
    now = now or timezone.now()
    received = Dossier.objects.filter(agency=agency)
    if received_from is not None:
        received = received.filter(received_at__gte=received_from)
    if received_before is not None:
        received = received.filter(received_at__lt=received_before)
    return {
        "transfer_late": received.filter(_late("transferred_at", "transfer_due_at", now)).count(),
        "paper_late": received.filter(_late("paper_transferred_at", "paper_due_at", now)).count(),
    }
