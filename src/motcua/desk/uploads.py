"""Scans uploaded at reception, one input per component, checked before the dossier exists.

The checking and storing live in ``motcua.documents``; this module only maps the form's inputs
(``tep_<component id>``) to components and links a queue ticket to the dossier it produced.
"""

from motcua.documents.validation import max_upload_bytes
from motcua.dossiers.errors import DossierError


def max_megabytes() -> int:
    return max_upload_bytes() // (1024 * 1024)


def checked(files, version) -> list[tuple[str, object]]:
    """[(component code, uploaded file)], every file validated first (raises InvalidInput)."""
    from motcua.documents.validation import validate_upload

    out = []
    for c in version.components.all():
        for uploaded in files.getlist(f"tep_{c.pk}"):
            validate_upload(uploaded.name, uploaded)
            uploaded.seek(0)
            out.append((str(c.pk), uploaded))
    return out


def store(dossier, scans: list[tuple[str, object]], user) -> None:
    from motcua.documents.services import store_file

    for component_code, uploaded in scans:
        store_file(dossier, uploaded, kind="component", component_code=component_code, user=user)


def link_ticket(ticket_id: str | None, agency, dossier, user) -> None:
    """The queue ticket the applicant held now points to their dossier (waiting-time reports)."""
    if not ticket_id or not str(ticket_id).isdigit():
        return
    from .models import QueueTicket
    from .queue import attach_dossier

    ticket = QueueTicket.objects.filter(pk=int(ticket_id), agency=agency, dossier__isnull=True).first()
    if ticket is None:
        return
    try:
        attach_dossier(ticket, dossier, user)
    except DossierError:
        # A ticket not yet called cannot be linked; the dossier itself is received all the same.
        return
