"""Dossier codes (mã số hồ sơ, Decree 118/2025 Art. 28): a prefix, the reception date and the
number of the dossier in that day, laid out by a template.

Art. 28.2 fixes the parts, not their layout (VPCP is to regulate it, Art. 35.1.h): the layout is
the setting ``MOTCUA_DOSSIER_CODE_TEMPLATE``, by default ``{id}-{YYMMDD}-{NNNN}`` — the codes of
Circular 01/2018. Placeholders: ``{id}`` the prefix; ``{YYYY}``, ``{YY}``, ``{MM}``, ``{DD}``,
``{YYMMDD}``, ``{DDMMYYYY}``, ``{YYYYMMDD}`` the date; ``{N…}`` the number, at least as many digits
as there are N's and more when the day needs them (…-9999, …-10000: a busy day never closes the
desk).
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_TEMPLATE = "{id}-{YYMMDD}-{NNNN}"
_DATES = {
    "YYYY": "%Y",
    "YY": "%y",
    "MM": "%m",
    "DD": "%d",
    "YYMMDD": "%y%m%d",
    "DDMMYYYY": "%d%m%Y",
    "YYYYMMDD": "%Y%m%d",
}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def template() -> str:
    return getattr(settings, "MOTCUA_DOSSIER_CODE_TEMPLATE", "") or DEFAULT_TEMPLATE


def check_template(text: str) -> str:
    """The template itself, or ``ImproperlyConfigured`` saying what is wrong with it."""
    names = _PLACEHOLDER.findall(text)
    unknown = [n for n in names if n != "id" and n not in _DATES and not re.fullmatch(r"N+", n)]
    if unknown:
        raise ImproperlyConfigured(
            f"MOTCUA_DOSSIER_CODE_TEMPLATE: không hiểu {', '.join('{' + n + '}' for n in unknown)}"
        )
    numbers = [n for n in names if re.fullmatch(r"N+", n)]
    if names.count("id") != 1 or len(numbers) != 1 or not any(n in _DATES for n in names):
        raise ImproperlyConfigured(
            "MOTCUA_DOSSIER_CODE_TEMPLATE cần đúng một {id}, một số thứ tự {NNNN} và ngày tiếp nhận "
            "(Nghị định 118/2025 Điều 28.2)"
        )
    return text


def format_code(prefix: str, day: date, number: int, layout: str | None = None) -> str:
    layout = check_template(layout or template())

    def part(match: re.Match) -> str:
        name = match.group(1)
        if name == "id":
            return prefix
        if name in _DATES:
            return day.strftime(_DATES[name])
        return f"{number:0{len(name)}d}"

    return _PLACEHOLDER.sub(part, layout)
