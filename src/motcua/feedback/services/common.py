"""Helpers shared by the feedback write path."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.errors import InvalidInput

MAX_COMMENT = 2000
MAX_CONTENT = 5000


def now(at: datetime | None) -> datetime:
    return at or timezone.now()


def clean(value: str | None, limit: int, what: str, *, required: bool = False, field: str = "") -> str:
    """A stripped text; an ``InvalidInput`` naming ``what`` when missing or too long."""
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("Cần nhập %(what)s.") % {"what": what}, details={"field": field})
    if len(value) > limit:
        raise InvalidInput(
            _("%(what)s dài quá %(n)d ký tự.") % {"what": what.capitalize(), "n": limit},
            details={"field": field},
        )
    return value
