"""Transfer deadline of a dossier received at the desk (Decree 118/2025 Art. 18.1).

«Chuyển ngay hồ sơ tiếp nhận trực tiếp trong ngày làm việc hoặc chuyển vào đầu giờ ngày làm việc
tiếp theo đối với trường hợp tiếp nhận sau 15 giờ hàng ngày.» The 15:00 here is the transfer's
own cut-off, kept apart from the same-day time-limit cut-off of ``WorkCalendar.due``.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from .core import VN_TZ, WorkCalendar


def transfer_deadline(cal: WorkCalendar, received: datetime, cutoff: time) -> datetime:
    """Closing time of the reception day when received on a working day by ``cutoff``; otherwise
    the opening of the next working day (a reception on a day off waits for the next one)."""
    local = received.astimezone(VN_TZ) if received.tzinfo else received
    day = local.date()
    periods = cal.periods_on(day)
    if periods and local.time() <= cutoff:
        return periods[-1][1]
    following = cal.add_working_days(day + timedelta(days=1), 0)
    return cal.periods_on(following)[0][0]
