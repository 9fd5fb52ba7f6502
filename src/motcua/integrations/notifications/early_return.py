"""Whether the applicant was told before an early return (Decree 118/2025 Art. 22.5), for the
officers' dossier page and its return form: the notice is written with the issued result
(``subscribers``), so the desk sees before handing over whether it went out — or that the
applicant left no e-mail or phone, a warning and not a block (the desk may still call them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from motcua.dossiers import applicant_requests
from motcua.dossiers.models import Dossier
from motcua.integrations.models import Notification


@dataclass(frozen=True)
class EarlyReturn:
    issued_at: datetime
    appointment: datetime
    notices: list = field(default_factory=list)  # Notification rows, one per channel
    no_contact: bool = False

    @property
    def told(self) -> bool:
        return any(n.state == Notification.State.SENT for n in self.notices)


def status(dossier: Dossier) -> EarlyReturn | None:
    """None unless the result was issued before the appointment's day."""
    issued = dossier.events.filter(action="issue_result").order_by("-seq").only("at").first()
    if issued is None or not applicant_requests.is_early(dossier, issued.at):
        return None
    contact = dossier.contact
    notices = list(
        Notification.objects.filter(dossier=dossier, kind=Notification.Kind.EARLY_RETURN).order_by("channel")
    )
    return EarlyReturn(
        issued_at=issued.at,
        appointment=applicant_requests.appointment(dossier),
        notices=notices,
        no_contact=not (contact.email or contact.phone),
    )
