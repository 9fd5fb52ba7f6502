"""A file with bad rows imports nothing and names every bad row, in Vietnamese."""

import pytest

from motcua.catalog.importers import CatalogFileError, import_catalog
from motcua.catalog.models import Field, Procedure

from .factories import record, write_catalog

pytestmark = pytest.mark.django_db


def broken_records() -> list[dict]:
    good = record(id="a/good", code="1.000001", name="Thủ tục tốt")
    nameless = record(id="a/nameless", code="1.000002", name="")
    odd_limit = record(id="a/odd-limit", code="1.000003", time_limit={"kind": "fortnights", "value": 1})
    negative = record(
        id="a/negative",
        code="1.000004",
        components=[
            {"name": "Tờ khai", "copy_type": "bản chính", "count": 1},
            {"name": "Giấy chứng sinh", "copy_type": "bản chính", "count": -2},
        ],
    )
    return [good, nameless, odd_limit, negative]


def test_nothing_is_written_and_every_row_is_reported(tmp_path):
    report = import_catalog(write_catalog(tmp_path, broken_records()))

    assert not report.ok
    assert Procedure.objects.count() == 0
    assert Field.objects.count() == 0
    found = {(e.source, e.field): e for e in report.errors}
    assert set(found) == {
        ("a/nameless", "name"),
        ("a/odd-limit", "time_limit.kind"),
        ("a/negative", "components[1].count"),
    }
    assert found["a/nameless", "name"].message == "Thiếu tên thủ tục."
    assert "fortnights" in found["a/odd-limit", "time_limit.kind"].message
    assert "không hợp lệ" in found["a/odd-limit", "time_limit.kind"].message
    assert found["a/negative", "components[1].count"].message.startswith(
        "Số lượng bản phải là số nguyên dương"
    )


def test_errors_carry_the_line_of_the_item_in_the_file(tmp_path):
    path = write_catalog(tmp_path, broken_records())
    report = import_catalog(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    error = next(e for e in report.errors if e.field == "components[1].count")
    assert "Giấy chứng sinh" in lines[error.row - 1]
    assert str(error).startswith(f"a/negative, dòng {error.row}, components[1].count: ")


def test_database_side_errors_are_reported_in_the_same_run(tmp_path):
    with_process = record(
        id="a/process",
        code="1.000005",
        process=[
            {
                "agency": "000.00.99.H99",
                "name": "Quy trình thử",
                "steps": [{"order": 1, "name": "Tiếp nhận", "role": "desk_officer", "budget": 3}],
            }
        ],
    )
    nameless = record(id="a/nameless", code="1.000002", name="")
    report = import_catalog(write_catalog(tmp_path, [with_process, nameless]))

    messages = {(e.source, e.field): e.message for e in report.errors}
    assert messages["a/process", "process[0].agency"] == "Không có cơ quan mã định danh «000.00.99.H99»."
    assert ("a/nameless", "name") in messages
    assert Procedure.objects.count() == 0


def test_same_code_twice_in_one_file_is_an_error(tmp_path):
    twice = [record(id="a/one"), record(id="a/two")]
    report = import_catalog(write_catalog(tmp_path, twice))
    assert [(e.source, e.field) for e in report.errors] == [("a/two", "code")]
    assert Procedure.objects.count() == 0


def test_a_code_written_as_a_number_is_refused(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(
        "procedures:\n- id: a/x\n  code: 2.000720\n  name: Thủ tục\n"
        "  field: Hộ tịch\n  level: commune\n"
        "  time_limit: {kind: working_days, value: 3}\n",
        encoding="utf-8",
    )
    report = import_catalog(path)
    assert [(e.field, e.row) for e in report.errors] == [("code", 2)]
    assert "dạng chữ" in report.errors[0].message


@pytest.mark.parametrize(
    "name, content",
    [
        ("catalog.yaml", "procedures: [unclosed"),
        ("catalog.yaml", "just: a mapping"),
        ("catalog.csv", "code,name"),
        ("catalog.xlsx", "not a zip"),
    ],
)
def test_unreadable_files_raise_a_file_error(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogFileError):
        import_catalog(path)


def test_a_missing_file_raises_a_file_error(tmp_path):
    with pytest.raises(CatalogFileError, match="Không tìm thấy tệp"):
        import_catalog(tmp_path / "missing.yaml")
