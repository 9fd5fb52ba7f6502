"""Nhật ký truy vết page: changes of master data and reads of personal data, for administrators
and inspectors."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors, tracked
from .models import PersonalDataAccess

PAGE_SIZE = 50
CHANGES, READS = "thay-doi", "truy-cap"
ACTIONS = {
    0: gettext_lazy("Tạo mới"),
    1: gettext_lazy("Sửa"),
    2: gettext_lazy("Xóa"),
    3: gettext_lazy("Xem"),
}


def audit_required(view):
    """Logged in, and an administrator or an inspector (or a superuser); others get a 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.may_audit(request.user):
            raise PermissionDenied(
                _("Chỉ quản trị hệ thống và thành viên đoàn kiểm tra được xem nhật ký truy vết.")
            )
        return view(request, *args, **kwargs)

    return wrapped


def _m2m_text(change: dict) -> str:
    verb = _("thêm") if change.get("operation") == "add" else _("bỏ")
    return f"{verb}: {', '.join(str(o) for o in change.get('objects', []))}"


def _shown(field, value) -> str:
    """One stored value (auditlog keeps text) as a person reads it: labels, Có/Không, dd/mm/yyyy."""
    if value in (None, "None", ""):
        return ""
    text = str(value)
    if field.choices:
        return str({str(k): v for k, v in field.choices}.get(text, text))
    kind = field.get_internal_type()
    if kind == "BooleanField":
        return str(_("Có") if text == "True" else _("Không") if text == "False" else text)
    try:
        if kind == "DateField":
            return date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
        if kind == "DateTimeField":  # stored naive, in UTC
            moment = datetime.fromisoformat(text).replace(tzinfo=UTC)
            return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        pass
    return text if len(text) <= 140 else text[:140] + "…"


def change_lines(entry) -> list[tuple[str, str, str]]:
    """(field, old, new) of one change, with the fields' Vietnamese names and choice labels."""
    model = entry.content_type.model_class()
    mapping = tracked.labels(model)
    lines = []
    for name, values in (entry.changes_dict or {}).items():
        if isinstance(values, dict):  # many-to-many: objects added or removed
            lines.append((name, "", _m2m_text(values)))
            continue
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is not None and (not field.concrete or field.primary_key):
            continue  # reverse relations and the id: noise of a creation
        old, new = (list(values) + [None, None])[:2]
        label = str(mapping.get(name) or (field.verbose_name if field is not None else name))
        before, after = (
            (str(old or ""), str(new or "")) if field is None else (_shown(field, old), _shown(field, new))
        )
        if before.strip("[]{}") or after.strip("[]{}"):  # nothing → nothing says nothing
            lines.append((label, before, after))
    return lines


def _type_name(entry) -> str:
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name) if model else entry.content_type.model


@audit_required
def audit_log(request):
    kind = READS if request.GET.get("loai") == READS else CHANGES
    filters, errors = selectors.parse_filters(request.GET)
    if errors:
        rows, page = [], None
    elif kind == CHANGES:
        page = Paginator(selectors.changes(filters), PAGE_SIZE).get_page(request.GET.get("trang"))
        rows = [(e, ACTIONS.get(e.action, e.action), _type_name(e), change_lines(e)) for e in page]
    else:
        page = Paginator(selectors.reads(filters), PAGE_SIZE).get_page(request.GET.get("trang"))
        rows = list(page)
    params = request.GET.copy()
    params.pop("trang", None)
    context = {
        "kind": kind,
        "CHANGES": CHANGES,
        "READS": READS,
        "filters": filters,
        "errors": errors,
        "page": page,
        "rows": rows,
        "params": params.urlencode(),
        "what_choices": (
            [(str(pk), name) for pk, name in selectors.tracked_types()]
            if kind == CHANGES
            else list(PersonalDataAccess.What.choices)
        ),
        "raw_from": request.GET.get("tu_ngay", ""),
        "raw_to": request.GET.get("den_ngay", ""),
    }
    return render(request, "audit/log.html", context, status=400 if errors else 200)
