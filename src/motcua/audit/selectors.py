"""Who may open the audit page, and the two lists it shows, filtered.

Administrators and inspectors see the whole installation — one province (Decree 118/2025
Art. 27.2.a gives each province one system). Master data is province-wide (one catalogue, one
calendar, one set of accounts), so its changes belong to no single unit; and the reads worth
checking are exactly the ones that cross units, which a per-unit view would hide (ADR 0003).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.org.models import Role, User
from motcua.org.selectors import roles_by_agency

from .models import PersonalDataAccess
from .tracked import TRACKED

AUDIT_ROLES = frozenset({Role.ADMINISTRATOR, Role.INSPECTOR})
# Dates outside these years are no filter at all: a bound there would select everything anyway,
# and converting year 1 or 9999 to UTC overflows.
FIRST_YEAR, LAST_YEAR = 1900, 9000


def may_audit(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(roles & AUDIT_ROLES for roles in roles_by_agency(user).values())


@dataclass
class Filters:
    who: str = ""
    what: str = ""
    obj: str = ""
    date_from: date | None = None
    date_to: date | None = None


def read_date(raw: str | None) -> date | None:
    """``dd/mm/yyyy`` (as people write it) or ``yyyy-mm-dd`` (as a date field sends it)."""
    raw = (raw or "").strip()
    if not raw:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(raw)


def parse_filters(query) -> tuple[Filters, list[str]]:
    """The filters of the query string and the Vietnamese messages for those that cannot be read."""
    errors: list[str] = []
    f = Filters(
        who=query.get("ai", "").strip()[:150],
        what=query.get("noi_dung", "").strip()[:64],
        obj=query.get("doi_tuong", "").strip()[:255],
    )
    for attr, key, label in (("date_from", "tu_ngay", _("Từ ngày")), ("date_to", "den_ngay", _("Đến ngày"))):
        try:
            setattr(f, attr, read_date(query.get(key)))
        except ValueError:
            errors.append(
                _("%(label)s “%(value)s” không phải là ngày hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")
                % {"label": label, "value": query.get(key)}
            )
    if f.date_from and f.date_to and f.date_to < f.date_from:
        errors.append(_("Đến ngày phải cùng hoặc sau từ ngày."))
    return f, errors


def _moments(f: Filters) -> tuple[datetime | None, datetime | None]:
    """[start, end) in Vietnam time for the chosen days; None where the range is open."""
    tz = timezone.get_default_timezone()
    start = end = None
    if f.date_from and FIRST_YEAR <= f.date_from.year <= LAST_YEAR:
        start = datetime.combine(f.date_from, time.min, tzinfo=tz)
    if f.date_to and FIRST_YEAR <= f.date_to.year <= LAST_YEAR:
        end = datetime.combine(f.date_to + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def _people(text: str):
    return User.objects.filter(Q(username__icontains=text) | Q(full_name__icontains=text)).values("pk")


def tracked_types() -> list[tuple[int, str]]:
    """(content type id, name) of every tracked model, for the "what" filter of changes."""
    from django.apps import apps

    models = [apps.get_model(label) for label, _options in TRACKED]
    types = ContentType.objects.get_for_models(*models)
    return sorted(((types[m].pk, str(m._meta.verbose_name_plural)) for m in models), key=lambda t: t[1])


def changes(f: Filters) -> QuerySet[LogEntry]:
    qs = LogEntry.objects.select_related("content_type", "actor").order_by("-timestamp", "-pk")
    start, end = _moments(f)
    if start:
        qs = qs.filter(timestamp__gte=start)
    if end:
        qs = qs.filter(timestamp__lt=end)
    if f.who:
        qs = qs.filter(actor__in=_people(f.who))
    if f.what.isdigit():
        qs = qs.filter(content_type_id=int(f.what))
    if f.obj:
        match = Q(object_repr__icontains=f.obj)
        if f.obj.isdigit():
            match |= Q(object_pk=f.obj)
        qs = qs.filter(match)
    return qs


def reads(f: Filters) -> QuerySet[PersonalDataAccess]:
    qs = PersonalDataAccess.objects.select_related("agency").order_by("-at", "-id")
    start, end = _moments(f)
    if start:
        qs = qs.filter(at__gte=start)
    if end:
        qs = qs.filter(at__lt=end)
    if f.who:
        qs = qs.filter(actor__in=_people(f.who))
    if f.what in PersonalDataAccess.What.values:
        qs = qs.filter(what=f.what)
    if f.obj:
        # Exact, so the indexes answer: one person's ID, or one dossier's code as printed.
        qs = qs.filter(Q(subject=f.obj) | Q(dossier_code__in={f.obj, f.obj.upper()}))
    return qs
