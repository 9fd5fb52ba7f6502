"""``motcua import-catalog FILE [--dry-run]``: summary, errors on stderr, exit status."""

import pytest

from motcua.catalog.cli import run_import
from motcua.catalog.models import Procedure

from .factories import record, write_catalog

pytestmark = pytest.mark.django_db


def test_imports_and_prints_a_summary(tmp_path, capsys):
    assert run_import([str(write_catalog(tmp_path, [record()]))]) == 0
    out = capsys.readouterr()
    assert out.out.strip() == "Đã nhập: 1 thủ tục mới, 0 cập nhật, 0 không đổi."
    assert out.err == ""
    assert Procedure.objects.count() == 1


def test_dry_run_writes_nothing(tmp_path, capsys):
    assert run_import([str(write_catalog(tmp_path, [record()])), "--dry-run"]) == 0
    assert "Chạy thử (không ghi gì): 1 thủ tục mới" in capsys.readouterr().out
    assert Procedure.objects.count() == 0


def test_row_errors_go_to_stderr_one_per_line_with_status_1(tmp_path, capsys):
    path = write_catalog(tmp_path, [record(name=""), record(id="b", code="1.000002", field="")])
    assert run_import([str(path)]) == 1
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("ho-tich/dang-ky-khai-sinh, dòng ") and lines[0].endswith(
        "name: Thiếu tên thủ tục."
    )
    assert lines[1].endswith("field: Thiếu lĩnh vực.")
    assert out.out.strip() == "Không nhập gì: 2 lỗi."
    assert Procedure.objects.count() == 0


@pytest.mark.parametrize("argv", [[], ["a.yaml", "b.yaml"], ["--bogus", "a.yaml"]])
def test_bad_usage_is_status_2(argv, capsys):
    assert run_import(argv) == 2
    assert "Sai cú pháp lệnh" in capsys.readouterr().err


def test_unreadable_file_is_status_2(tmp_path, capsys):
    assert run_import([str(tmp_path / "missing.yaml")]) == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err
