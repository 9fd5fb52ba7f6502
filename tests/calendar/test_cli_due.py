"""`motcua due`: one line on stdout, or one Vietnamese line on stderr and exit status 2."""

from datetime import time

import pytest

from motcua.calendar.cli import run_due
from motcua.calendar.core import OfficeHours

pytestmark = pytest.mark.django_db

EXAMPLE = ["2026-02-10 09:00", "15", "working_days"]


def run(capsys, argv, resolver=None) -> tuple[int, str, str]:
    code = run_due(argv, resolve_agency=resolver)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def saturday_desk(code: str) -> tuple[OfficeHours, str]:
    if code != "000.00.06.H56":
        raise LookupError(code)
    periods = dict.fromkeys(range(5), ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))))
    periods[5] = ((time(7, 30), time(11, 30)),)
    return OfficeHours(periods), code


def test_public_example(capsys):
    assert run(capsys, EXAMPLE) == (0, "2026-03-10T09:00\n", "")


@pytest.mark.parametrize("moment", ["2026-02-10T09:00", "2026-02-10 09:00:00", "2026-02-10T09:00:59"])
def test_other_moment_spellings(capsys, moment):
    assert run(capsys, [moment, "15", "working_days"]) == (0, "2026-03-10T09:00\n", "")


def test_pauses_are_added(capsys):
    argv = [
        *EXAMPLE,
        "--paused",
        "2026-02-11 09:00/2026-02-12 09:00",
        "--paused",
        "2026-03-02T09:00/2026-03-03T09:00",
    ]
    assert run(capsys, argv) == (0, "2026-03-12T09:00\n", "")


def test_agency_hours_are_used(capsys):
    argv = ["2026-03-13 14:00", "1", "working_days", "--agency", "000.00.06.H56"]
    assert run(capsys, argv, saturday_desk) == (0, "2026-03-14T11:30\n", "")


def test_help_goes_to_stdout(capsys):
    code, out, err = run(capsys, ["--help"])
    assert code == 0
    assert "working_days" in out
    assert err == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["2026-02-10 09:00", "15", "weeks"], "Đơn vị thời hạn không hợp lệ"),
        (["2026-02-10 09:00", "-3", "working_days"], "Thời hạn không được âm"),
        (["2026-02-10 09:00", "1.5", "working_days"], "Thời hạn phải là số nguyên"),
        (["2026-02-10 09:00", "mười", "working_days"], "Thời hạn phải là số nguyên"),
        (["2026-02-30 09:00", "15", "working_days"], "Ngày giờ không tồn tại"),
        (["2026-02-10 25:00", "15", "working_days"], "Ngày giờ không tồn tại"),
        (["10/02/2026 09:00", "15", "working_days"], "Thời điểm không hợp lệ"),
        ([*EXAMPLE, "--paused", "2026-02-11 09:00"], "Khoảng tạm dừng không hợp lệ"),
        ([*EXAMPLE, "--paused", "2026-02-11 09:00/x"], "Thời điểm không hợp lệ"),
        ([*EXAMPLE, "--paused", "2026-02-12 09:00/2026-02-11 09:00"], "kết thúc trước bắt đầu"),
        ([*EXAMPLE, "--agency", "000.00.99.X00"], "Không tìm thấy cơ quan"),
        ([*EXAMPLE, "--agency"], "Tùy chọn --agency cần một giá trị"),
        (["2026-02-10 09:00"], "Thiếu tham số bắt buộc"),
        ([*EXAMPLE, "--foo"], "Tham số không được hỗ trợ"),
        (["1980-01-02 09:00", "1", "working_days"], "phạm vi"),
    ],
)
def test_bad_input_gives_one_line_and_status_2(capsys, argv, message):
    code, out, err = run(capsys, argv, saturday_desk)
    assert code == 2
    assert out == ""
    assert err.startswith("motcua due: ")
    assert err.endswith("\n")
    assert err.count("\n") == 1
    assert message in err


def test_agency_without_a_resolver_is_refused(capsys):
    code, out, err = run(capsys, [*EXAMPLE, "--agency", "000.00.06.H56"])
    assert (code, out) == (2, "")
    assert "Không tra cứu được cơ quan" in err


def test_restart_from_the_completion_of_a_supplement(capsys):
    # Decree 118/2025 Art. 19.5: 10 working days again from Fri 20/3/2026 09:30 — 23–27/3 (5),
    # 30/3–3/4 (10) → Fri 3/4 09:30; the reception on 10/3 no longer counts.
    argv = ["2026-03-10 14:00", "10", "working_days", "--restart-from", "2026-03-20 09:30"]
    assert run(capsys, argv) == (0, "2026-04-03T09:30\n", "")


def test_pauses_before_the_restart_no_longer_count(capsys):
    argv = ["2026-03-10 14:00", "10", "working_days", "--paused", "2026-03-11 08:00/2026-03-13 08:00"]
    argv += ["--restart-from", "2026-03-20 09:30"]
    assert run(capsys, argv) == (0, "2026-04-03T09:30\n", "")


def test_a_restart_before_reception_is_refused(capsys):
    code, out, err = run(capsys, [*EXAMPLE, "--restart-from", "2026-02-01 09:00"])
    assert code == 2 and out == "" and "không thể trước thời điểm tiếp nhận" in err
