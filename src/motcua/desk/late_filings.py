"""Late filings the head of the desk watches (Decree 118/2025 Art. 8.1.d): supplement requests
after appraisal issued later than the window after reception (Art. 19.5, «không quá 03 ngày làm
việc kể từ ngày tiếp nhận hồ sơ») and extension requests filed later than the notice before the
due time (Art. 19.6, «chậm nhất 01 ngày trước ngày hết hạn»).

Both are allowed and flagged by the write path (``late_request`` / ``late`` in the event data);
here they are counted for one agency over a period: the events about dossiers received at that
agency (its desk issues and applies them) or filed by it (as the competent authority).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from motcua.dossiers.models import DossierEvent


@dataclass(frozen=True)
class LateFilings:
    supplements: int  # request_supplement with late_request
    supplements_all: int  # every request after reception with a window (flag present)
    extensions: int  # request_extension with late
    extensions_all: int


def late_filings(agency_id: int, start: datetime, end: datetime) -> LateFilings:
    """Counts for ``agency_id`` of the events dated in [start, end)."""
    events = DossierEvent.objects.filter(
        Q(dossier__agency_id=agency_id) | Q(agency_id=agency_id), at__gte=start, at__lt=end
    )
    supplements = events.filter(action="request_supplement", data__has_key="late_request")
    extensions = events.filter(action="request_extension")
    return LateFilings(
        supplements=supplements.filter(data__late_request=True).count(),
        supplements_all=supplements.count(),
        extensions=extensions.filter(data__late=True).count(),
        extensions_all=extensions.count(),
    )
