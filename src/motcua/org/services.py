"""Writes to organisation data that other apps need (one place each)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Applicant, validate_applicant_identifier


def upsert_applicant(
    *, kind: int, identifier: str, name: str, address: str = "", phone: str = "", email: str = ""
) -> Applicant:
    """Find the applicant by identifier, refreshing the contact details given; create if new.

    Raises ``ValidationError`` (Vietnamese message) for a malformed identifier or empty name,
    before anything is written.
    """
    identifier = (identifier or "").strip()
    validate_applicant_identifier(kind, identifier)
    if not (name or "").strip():
        raise ValidationError({"name": [_("Cần nhập họ tên hoặc tên tổ chức của chủ hồ sơ.")]})
    details = {"name": name.strip(), "address": address, "phone": phone, "email": email}
    return _upsert(kind, identifier, details)


# No savepoint of its own: callers (reception) already hold a transaction; input was checked above.
@transaction.atomic(savepoint=False)
def _upsert(kind: int, identifier: str, details: dict) -> Applicant:
    applicant, created = Applicant.objects.select_for_update().get_or_create(
        identifier=identifier, defaults={"kind": kind, **details}
    )
    if not created:
        changed = {k: v for k, v in details.items() if v and getattr(applicant, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(applicant, key, value)
            applicant.save(update_fields=list(changed))
    return applicant
