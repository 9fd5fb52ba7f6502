"""Reading values out of a page's query string: a wrong or missing value is no error, only absent.

Lists and reports take dates and numbers from links people edit, bookmark and share; a typo there
shows the default view rather than an error page.
"""

from __future__ import annotations

from datetime import date


def day(raw: str | None, default: date | None = None) -> date | None:
    """``YYYY-MM-DD`` as a date; ``default`` when missing or not a date."""
    try:
        return date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def whole(raw) -> int | None:
    """A non-negative whole number written in digits; None otherwise."""
    return int(raw) if raw is not None and str(raw).isdigit() else None
