"""The applicant's requests as the officers' dossier page shows them (Decree 118/2025 Art. 21,
22.5): an adjustment waiting for a re-check, a stop at the applicant's request, and whether the
applicant was told before an early return."""

from __future__ import annotations

from motcua.dossiers import applicant_requests as ar
from motcua.dossiers.models import Dossier


def panel(d: Dossier) -> dict:
    from motcua.integrations.notifications import early_return

    amendment = ar.last_amendment(d) if d.amended_at else None
    return {
        "flag": ar.FLAG,
        "amendment": amendment,
        "changes": ar.describe(amendment) if amendment else [],
        "withdrawal": _by_applicant(ar.applicant_withdrawal(d)),
        "early": early_return.status(d),
    }


def _by_applicant(event):
    data = event.data if event is not None and isinstance(event.data, dict) else {}
    return event if data.get("by_applicant") else None
