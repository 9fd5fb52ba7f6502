"""``motcua due``: print the due moment of a request (tra cứu hạn giải quyết).

Example::

    motcua due "2026-02-10 09:00" 15 working_days --paused "2026-02-11 08:00/2026-02-12 08:00"

prints ``2026-03-11T09:00``. Bad input gives one Vietnamese line on stderr and exit status 2.

``--restart-from MOMENT``: the time limit restarts from zero at MOMENT (a supplement completed
under Decree 118/2025 Art. 19.5): the due time is MOMENT + the full limit; pauses before it no
longer count::

    motcua due "2026-03-10 14:00" 10 working_days --restart-from "2026-03-20 09:30"

prints ``2026-04-03T09:30``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import datetime
from typing import NoReturn

from .core import CalendarError, LimitUnit, OfficeHours

PROG = "motcua due"
USAGE = (
    'motcua due "YYYY-MM-DD HH:MM" SỐ ĐƠN_VỊ [--agency MÃ] [--paused "BẮT_ĐẦU/KẾT_THÚC"]... '
    '[--restart-from "YYYY-MM-DD HH:MM"]'
)
EXIT_USAGE = 2

_MOMENT = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?", re.ASCII)
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)

AgencyResolver = Callable[[str], tuple[OfficeHours, str]]


class UsageError(Exception):
    """Input the person typed cannot be used; the message says why, in Vietnamese."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(_translate_argparse(message))


def run_due(argv: list[str], resolve_agency: AgencyResolver | None = None) -> int:
    """Run ``motcua due`` with the arguments after the sub-command; return the exit status."""
    try:
        args = _parser().parse_args(argv)
    except UsageError as exc:
        return _fail(str(exc))
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    try:
        due = _compute(args, resolve_agency)
    except (UsageError, CalendarError) as exc:
        return _fail(str(exc))
    print(f"{due:%Y-%m-%dT%H:%M}")
    return 0


def _compute(args: argparse.Namespace, resolve_agency: AgencyResolver | None) -> datetime:
    from .services import build_calendar  # needs Django set up, unlike the parsing above

    start = parse_moment(args.start)
    limit = parse_limit(args.limit)
    pauses = [parse_pause(text) for text in args.paused]
    if args.restart_from is not None:
        start, pauses = restarted(start, parse_moment(args.restart_from), pauses)
    hours, scope = _agency(args.agency, resolve_agency) if args.agency else (None, "")
    return build_calendar(hours, scope).due(start, limit, args.unit, pauses)


def _agency(code: str, resolve_agency: AgencyResolver | None) -> tuple[OfficeHours, str]:
    if resolve_agency is None:
        raise UsageError("Không tra cứu được cơ quan: danh mục cơ quan chưa được cấu hình")
    try:
        return resolve_agency(code)
    except LookupError:
        raise UsageError(f"Không tìm thấy cơ quan có mã {code!r}") from None


def parse_moment(text: str) -> datetime:
    """``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DDTHH:MM``, seconds optional, Vietnam local time."""
    match = _MOMENT.fullmatch(text.strip())
    if match is None:
        raise UsageError(f"Thời điểm không hợp lệ: {text!r} (định dạng YYYY-MM-DD HH:MM)")
    try:
        return datetime(*(int(part or 0) for part in match.groups()))
    except ValueError:
        raise UsageError(f"Ngày giờ không tồn tại: {text!r}") from None


def restarted(
    start: datetime, restart: datetime, pauses: list[tuple[datetime, datetime]]
) -> tuple[datetime, list[tuple[datetime, datetime]]]:
    """Decree 118/2025 Art. 19.5: the clock starts again at ``restart`` with the full limit."""
    if restart < start:
        raise UsageError(
            f"Thời điểm tính lại ({restart:%Y-%m-%d %H:%M}) không thể trước thời điểm tiếp nhận "
            f"({start:%Y-%m-%d %H:%M})"
        )
    return restart, [(a, b) for a, b in pauses if a >= restart]


def parse_limit(text: str) -> int:
    if _INTEGER.fullmatch(text.strip()) is None:
        raise UsageError(f"Thời hạn phải là số nguyên: {text!r}")
    limit = int(text)
    if limit < 0:
        raise UsageError(f"Thời hạn không được âm: {limit}")
    return limit


def parse_pause(text: str) -> tuple[datetime, datetime]:
    parts = text.split("/")
    if len(parts) != 2:
        raise UsageError(f"Khoảng tạm dừng không hợp lệ: {text!r} (định dạng BẮT_ĐẦU/KẾT_THÚC)")
    begin, end = (parse_moment(part) for part in parts)
    if end < begin:
        raise UsageError(f"Khoảng tạm dừng không hợp lệ: {text!r} (kết thúc trước bắt đầu)")
    return begin, end


def _parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        usage=USAGE,
        description="Tính hạn giải quyết theo lịch làm việc (giờ Việt Nam).",
        add_help=False,
    )
    parser.add_argument("start", help="thời điểm tiếp nhận, ví dụ 2026-02-10 09:00")
    parser.add_argument("limit", help="thời hạn (số nguyên không âm)")
    parser.add_argument("unit", help="đơn vị: " + ", ".join(u.value for u in LimitUnit))
    parser.add_argument("--agency", metavar="MÃ", help="mã định danh của cơ quan giải quyết")
    parser.add_argument(
        "--paused",
        metavar="BẮT_ĐẦU/KẾT_THÚC",
        action="append",
        default=[],
        help="khoảng tạm dừng (có thể lặp lại)",
    )
    parser.add_argument(
        "--restart-from",
        metavar="THỜI_ĐIỂM",
        default=None,
        help="thời điểm nhận đủ hồ sơ bổ sung: thời hạn tính lại từ đầu (Nghị định 118/2025, Điều 19.5)",
    )
    parser.add_argument("-h", "--help", action="help", help="hiển thị hướng dẫn này")
    return parser


def _translate_argparse(message: str) -> str:
    # argparse speaks English; the people at the desk read Vietnamese (style guide).
    known = (
        ("the following arguments are required: ", "Thiếu tham số bắt buộc: "),
        ("unrecognized arguments: ", "Tham số không được hỗ trợ: "),
    )
    for english, vietnamese in known:
        if message.startswith(english):
            return f"{vietnamese}{message.removeprefix(english)} (cú pháp: {USAGE})"
    if "expected one argument" in message:
        option = message.split(":", 1)[0].removeprefix("argument ")
        return f"Tùy chọn {option} cần một giá trị (cú pháp: {USAGE})"
    return f"Cú pháp lệnh không hợp lệ: {message} (cú pháp: {USAGE})"


def _fail(message: str) -> int:
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)
    return EXIT_USAGE
