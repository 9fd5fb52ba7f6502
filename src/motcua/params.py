"""Reading dates and numbers out of query strings: the one place that knows their bounds.

Lists and reports take dates and numbers from links people edit, bookmark and share; a value that
is not a date or a number at all (a typo) shows the default view, as if it were absent. A value
that is well formed but outside what the system can count with (the year 9999, an id larger than
the database stores) is refused with ``OutOfRange``: a page answers 400 with its own layout, the
filter ignored and the reason shown (``OutOfRangeMiddleware``); the API answers 422 (``Day``,
``Whole``, the paginations below).

The range of dates is wide enough for any dossier, record or plan (1900–2200) and narrow enough
that a day plus any period the system adds (a month, a year, a working-day deadline) stays a date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, PageNumberPagination
from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)
# What a bigint column (every id, every counter) holds on both databases.
MAX_WHOLE = 2**63 - 1
# The API's pages: one call returns at most MAX_LIMIT rows; MAX_OFFSET is beyond any agency's
# history, and keeps a deep offset a bounded scan.
MAX_LIMIT = 500
MAX_OFFSET = 10_000_000

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class OutOfRange(BadRequest):
    """A well-formed value the system cannot count with; ``raw`` is the value as it was sent."""

    def __init__(self, raw: str, message: str):
        super().__init__(message)
        self.raw = raw
        self.message = message


def _span() -> dict[str, str]:
    return {"first": f"{FIRST_DAY:%d/%m/%Y}", "last": f"{LAST_DAY:%d/%m/%Y}"}


def day(raw: str | None, default: date | None = None) -> date | None:
    """``YYYY-MM-DD`` as a date; ``default`` when missing or not a date; ``OutOfRange`` outside
    1900–2200 (the year 0 included, which Python has no date for)."""
    try:
        value = date.fromisoformat(raw) if raw else None
    except ValueError:
        value = None
    if value is not None and FIRST_DAY <= value <= LAST_DAY:
        return value
    if value is not None or (raw and re.fullmatch(r"0000-\d{2}-\d{2}", raw)):
        raise OutOfRange(
            raw,
            _("Ngày «%(value)s» nằm ngoài khoảng hệ thống hỗ trợ (%(first)s – %(last)s).")
            % {"value": raw, **_span()},
        )
    return default


def period(request, today: date) -> tuple[date, date]:
    """The ``tu_ngay``–``den_ngay`` period of a page (from the first of the month to today when
    missing); an end before the start is told to the reader and becomes the start."""
    date_from = day(request.GET.get("tu_ngay")) or today.replace(day=1)
    date_to = day(request.GET.get("den_ngay")) or today
    if date_to < date_from:
        messages.error(request, _("Ngày kết thúc phải sau ngày bắt đầu."))
        date_to = date_from
    return date_from, date_to


def month(raw: str | None, default: date | None = None) -> date | None:
    """``YYYY-MM`` as the first day of that month; ``default`` when missing or not a month;
    ``OutOfRange`` outside 1900–2200."""
    match = _MONTH.match(raw or "")
    if not match or not 1 <= int(match[2]) <= 12:
        return default
    if not FIRST_DAY.year <= int(match[1]) <= LAST_DAY.year:
        raise OutOfRange(
            raw,
            _("Tháng «%(value)s» nằm ngoài khoảng hệ thống hỗ trợ (%(first)s – %(last)s).")
            % {"value": raw, **_span()},
        )
    return date(int(match[1]), int(match[2]), 1)


def whole(raw, maximum: int = MAX_WHOLE) -> int | None:
    """A non-negative whole number written in digits; None otherwise; ``OutOfRange`` above
    ``maximum`` (by default what the database stores)."""
    text = str(raw) if raw is not None else ""
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    if value > maximum:
        raise OutOfRange(
            text,
            _("Số «%(value)s» nằm ngoài khoảng hệ thống hỗ trợ (0 – %(maximum)s).")
            % {"value": text, "maximum": maximum},
        )
    return value


# ------------------------------------------------------------------------------------ pages


class OutOfRangeMiddleware:
    """A page asked for with an out-of-range filter: shown without it, with the reason, as 400.

    The view is run again without the parameters holding the refused value (GET only: reading a
    page changes nothing). An htmx request that swaps a part of the page is sent to the whole
    page instead, where the message has its place. A file asked for (PDF, Excel) and anything
    else get the 400 page with the reason."""

    ROUNDS = 5  # each round drops one more refused value: a link has few filters

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OutOfRange):
            return None
        match = getattr(request, "resolver_match", None)
        if request.method not in {"GET", "HEAD"} or match is None:
            return _bad_request(request, [exception.message])
        if request.headers.get("HX-Request") == "true":
            response = _bad_request(request, [exception.message])
            response["HX-Redirect"] = request.get_full_path()
            return response
        refused = [exception.message]
        for _round in range(self.ROUNDS):
            names = [name for name, values in request.GET.lists() if exception.raw in values]
            if not names:
                break
            query = request.GET.copy()
            for name in names:
                del query[name]
            request.GET = query
            try:
                response = match.func(request, *match.args, **match.kwargs)
            except OutOfRange as again:
                exception = again
                refused.append(again.message)
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                break  # a file (PDF, Excel) of the wrong period: say why instead of sending it
            # The page once more, now with the reasons to show (it reads the same query).
            for message in refused:
                messages.error(request, message + " " + _("Điều kiện lọc này được bỏ qua."))
            response = match.func(request, *match.args, **match.kwargs)
            if response.status_code == 200:
                response.status_code = 400
            return response
        return _bad_request(request, refused)


def _bad_request(request, problems: list[str]):
    return render(request, "400.html", {"problems": problems}, status=400)


# -------------------------------------------------------------------------------------- API


def _in_range(value: date) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise PydanticCustomError(
            "date_out_of_range",
            _("ngày nằm ngoài khoảng hệ thống hỗ trợ (%(first)s – %(last)s)") % _span(),
        )
    return value


def _moment_in_range(value: datetime) -> datetime:
    _in_range(value.date())
    return value


_DAY_DOC = f"Ngày dạng YYYY-MM-DD, từ {FIRST_DAY.isoformat()} đến {LAST_DAY.isoformat()}."
_MOMENT_DOC = f"Thời điểm ISO 8601, từ {FIRST_DAY.isoformat()} đến {LAST_DAY.isoformat()}."

# A date (or moment) of the API: bounded, and the bounds written in the OpenAPI schema.
Day = Annotated[
    date,
    AfterValidator(_in_range),
    WithJsonSchema({"type": "string", "format": "date", "description": _DAY_DOC}),
]
Moment = Annotated[
    datetime,
    AfterValidator(_moment_in_range),
    WithJsonSchema({"type": "string", "format": "date-time", "description": _MOMENT_DOC}),
]
# An id or a count the database stores; ``Whole`` when zero is allowed.
Id = Annotated[int, Field(ge=1, le=MAX_WHOLE)]
Whole = Annotated[int, Field(ge=0, le=MAX_WHOLE)]


def small(maximum: int, minimum: int = 0) -> Any:
    """An int of the API between ``minimum`` and ``maximum`` (a count, a code of a short list)."""
    return Annotated[int, Field(ge=minimum, le=maximum)]


class BoundedLimitOffset(LimitOffsetPagination):
    """``limit`` ≤ 500 rows and a bounded ``offset``: a page of rows, never a dump of the table."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"Số dòng một trang, 1 – {MAX_LIMIT}.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"Bỏ qua bao nhiêu dòng, 0 – {MAX_OFFSET}.")


class BoundedPageNumber(PageNumberPagination):
    """``page`` bounded like an offset; ``page_size`` as the pagination allows."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_OFFSET, description=f"Trang số, 1 – {MAX_OFFSET}.")
        page_size: int | None = Field(None, ge=1, le=100, description="Số dòng một trang, 1 – 100.")


# What the API answers for input it cannot read: one Vietnamese sentence per problem.
_EXPLAIN = {
    "missing": gettext_noop("Thiếu «%(name)s»."),
    "int_parsing": gettext_noop("«%(name)s» phải là số nguyên."),
    "int_type": gettext_noop("«%(name)s» phải là số nguyên."),
    "int_from_float": gettext_noop("«%(name)s» phải là số nguyên."),
    "float_parsing": gettext_noop("«%(name)s» phải là số."),
    "bool_parsing": gettext_noop("«%(name)s» phải là true hoặc false."),
    "bool_type": gettext_noop("«%(name)s» phải là true hoặc false."),
    "string_type": gettext_noop("«%(name)s» phải là chuỗi ký tự."),
    "string_too_long": gettext_noop("«%(name)s» dài quá %(max_length)s ký tự."),
    "string_too_short": gettext_noop("«%(name)s» phải có ít nhất %(min_length)s ký tự."),
    "less_than_equal": gettext_noop("«%(name)s» không được lớn hơn %(le)s."),
    "less_than": gettext_noop("«%(name)s» phải nhỏ hơn %(lt)s."),
    "greater_than_equal": gettext_noop("«%(name)s» không được nhỏ hơn %(ge)s."),
    "greater_than": gettext_noop("«%(name)s» phải lớn hơn %(gt)s."),
    "date_parsing": gettext_noop("«%(name)s» phải là ngày dạng YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_noop("«%(name)s» phải là ngày dạng YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_noop("«%(name)s» phải là ngày dạng YYYY-MM-DD."),
    "date_type": gettext_noop("«%(name)s» phải là ngày dạng YYYY-MM-DD."),
    "datetime_parsing": gettext_noop("«%(name)s» phải là thời điểm dạng YYYY-MM-DDTHH:MM."),
    "datetime_from_date_parsing": gettext_noop("«%(name)s» phải là thời điểm dạng YYYY-MM-DDTHH:MM."),
    "datetime_type": gettext_noop("«%(name)s» phải là thời điểm dạng YYYY-MM-DDTHH:MM."),
    "enum": gettext_noop("«%(name)s» phải là một trong: %(expected)s."),
    "literal_error": gettext_noop("«%(name)s» phải là một trong: %(expected)s."),
    "list_type": gettext_noop("«%(name)s» phải là một danh sách."),
    "dict_type": gettext_noop("«%(name)s» phải là một đối tượng JSON."),
    "model_attributes_type": gettext_noop("«%(name)s» phải là một đối tượng JSON."),
    "json_invalid": gettext_noop("Nội dung gửi lên không phải JSON hợp lệ."),
}


def _name(loc) -> str:
    parts = [str(p) for p in loc or () if p not in {"query", "path", "body", "form", "header", "payload"}]
    return ".".join(parts) or "?"


def explain(error: dict) -> str:
    """One pydantic error of the API's input as a Vietnamese sentence naming the field."""
    name = _name(error.get("loc"))
    kind = error.get("type", "")
    if kind == "date_out_of_range":
        return f"«{name}»: {error.get('msg', '')}."
    template = _EXPLAIN.get(kind)
    if template is None:
        return _("«%(name)s» không hợp lệ.") % {"name": name}
    context = error.get("ctx") or {}
    return _(template) % {"name": name, **{k: context.get(k, "") for k in _keys(template)}}


def _keys(template: str) -> list[str]:
    return [k for k in re.findall(r"%\((\w+)\)s", template) if k != "name"]
