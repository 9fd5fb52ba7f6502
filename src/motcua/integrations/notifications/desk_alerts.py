"""Alert the desk when an online dossier arrives (Decree 118/2025 Art. 17.2: within 02 clock hours).

The in-app alert is the dossier itself on the desk's home page and "awaiting reception" list from
the moment it arrives (``Dossier.desk_alerted_at``); this subscriber adds an e-mail to each desk
officer of the receiving agency who has an address, written into the outbox in the transaction of
the arrival, so it is sent by the worker or not at all.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import online
from motcua.dossiers.models import Dossier
from motcua.integrations.models import Notification
from motcua.org.models import Membership, Role

from . import outbox
from .subscribers import _muted, _stale, moment, tracking_url

SUBJECT = _("Hồ sơ trực tuyến mới chờ tiếp nhận: %(procedure)s")


def on_dossier_changed(sender, dossier: Dossier, event, previous_state=None, **kwargs) -> None:
    if event.action != "submit" or _muted.get() or _stale(event.at):
        return
    officers = (
        Membership.objects.filter(agency_id=dossier.agency_id, role=Role.DESK_OFFICER, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    version = dossier.procedure_version
    base = tracking_url("").split("/tra-cuu/")[0]
    context = {
        "agency": dossier.agency.name,
        "procedure": version.procedure.name,
        "name": dossier.contact.name,
        "submitted_at": moment(dossier.submitted_at),
        "reception_due_at": moment(dossier.reception_due_at),
        "hours": online.check_hours(version),
        "worklist_url": f"{base}{reverse('worklist')}?tab=reception",
    }
    with translation.override("vi"):
        subject = str(SUBJECT) % {"procedure": version.procedure.name}
    seen = set()
    for membership in officers:
        user = membership.user
        if user.pk in seen:
            continue
        seen.add(user.pk)
        outbox.write(
            key=f"desk-alert-{dossier.pk}-{user.pk}",
            kind=Notification.Kind.DESK_ALERT,
            context={**context, "officer": str(user)},
            subject=subject,
            email=user.email,
            dossier=dossier,
        )
