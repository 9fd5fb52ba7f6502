"""The catalogue spreadsheet: sheets procedures, components, fees and process_steps."""

from decimal import Decimal

import pytest
from openpyxl import Workbook

from motcua.catalog.importers import import_catalog
from motcua.catalog.models import Procedure, ProcessTemplate
from motcua.catalog.selectors import process_for

from .factories import make_agency

pytestmark = pytest.mark.django_db

PROCEDURES = [
    [
        "code",
        "name",
        "field",
        "level",
        "time_limit_kind",
        "time_limit_value",
        "time_limit_text",
        "online_level",
        "postal",
        "legal_basis",
        "unverified",
    ],
    [
        "1.001612.000.00.00.H48",
        "Thủ tục chứng thực bản sao từ bản chính",
        "Chứng thực",
        "commune",
        "same_day",
        None,
        "Trong ngày",
        "Toàn trình",
        "có",
        "Nghị định 23/2015/NĐ-CP\nNghị định 07/2025/NĐ-CP",
        None,
    ],
    [
        "2.000815",
        "Thủ tục cấp bản sao trích lục hộ tịch",
        "Hộ tịch",
        "province",
        "working_days",
        3,
        "03 ngày làm việc",
        None,
        None,
        None,
        "legal_basis",
    ],
]
COMPONENTS = [
    ["procedure_code", "order", "name", "copy_type", "count", "mode", "condition"],
    [
        "1.001612.000.00.00.H48",
        1,
        "Bản chính giấy tờ cần chứng thực",
        "bản chính",
        1,
        "xuất trình",
        None,
    ],
    ["1.001612.000.00.00.H48", 2, "Bản sao cần chứng thực", "bản sao", 1, "nộp", None],
    ["2.000815", 1, "Tờ khai", "bản chính", 1, None, None],
    ["2.000815", 2, "Văn bản ủy quyền", "bản sao có chứng thực", 1, None, "ủy quyền"],
]
FEES = [
    ["procedure_code", "order", "name", "amount_vnd", "unit"],
    ["1.001612.000.00.00.H48", 1, "Phí chứng thực bản sao từ bản chính", 2000, "trang"],
    ["2.000815", 1, "Phí cấp bản sao trích lục hộ tịch", None, None],
]
STEPS = [
    ["procedure_code", "agency", "process_name", "order", "name", "role", "step_agency", "budget"],
    [
        "2.000815",
        "000.00.06.H56",
        "Quy trình cấp bản sao",
        1,
        "Tiếp nhận hồ sơ",
        "desk_officer",
        None,
        0.5,
    ],
    [
        "2.000815",
        "000.00.06.H56",
        "Quy trình cấp bản sao",
        2,
        "Thẩm định",
        "Chuyên viên xử lý",
        None,
        2,
    ],
    [
        "2.000815",
        "000.00.06.H56",
        "Quy trình cấp bản sao",
        3,
        "Ký duyệt",
        "leader",
        "000.00.07.H56",
        0.5,
    ],
]


def build_workbook(path, components=COMPONENTS):
    book = Workbook()
    book.remove(book.active)
    for title, rows in [
        ("procedures", PROCEDURES),
        ("components", components),
        ("fees", FEES),
        ("process_steps", STEPS),
    ]:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def agencies():
    return make_agency("000.00.06.H56"), make_agency("000.00.07.H56", name="UBND tỉnh Thử Nghiệm")


def test_round_trip(tmp_path, agencies):
    report = import_catalog(build_workbook(tmp_path / "catalog.xlsx"))

    assert report.ok, [str(e) for e in report.errors]
    assert report.created == 2
    copy = Procedure.objects.get(code="1.001612.000.00.00.H48").versions.get()
    assert (copy.time_limit_unit, copy.online_level, copy.postal) == (
        "same_day",
        "toan_trinh",
        True,
    )
    assert copy.legal_basis.splitlines() == ["Nghị định 23/2015/NĐ-CP", "Nghị định 07/2025/NĐ-CP"]
    assert [c.mode for c in copy.components.all()] == ["xuat_trinh", "nop"]
    assert copy.fees.get().amount_display() == "2.000 đồng/trang"
    extract = Procedure.objects.get(code="2.000815")
    version = extract.versions.get()
    assert (version.time_limit, version.unverified_fields) == (Decimal(3), ["legal_basis"])
    assert version.fees.get().amount_vnd is None
    proxy = version.components.get(order=2)
    assert (proxy.copy_type, proxy.required) == ("ban_sao_chung_thuc", False)
    template = process_for(extract, agencies[0])
    assert [(s.order, s.role, s.budget) for s in template.steps.all()] == [
        (1, "desk_officer", Decimal("0.5")),
        (2, "specialist", Decimal(2)),
        (3, "leader", Decimal("0.5")),
    ]
    assert template.steps.get(order=3).is_hand_off()


def test_reimporting_the_workbook_changes_nothing(tmp_path, agencies):
    path = build_workbook(tmp_path / "catalog.xlsx")
    import_catalog(path)
    again = import_catalog(path)
    assert (again.ok, again.created, again.updated, again.unchanged) == (True, 0, 0, 2)
    assert ProcessTemplate.objects.count() == 1


def test_a_bad_row_is_reported_by_sheet_and_row(tmp_path, agencies):
    components = [
        *COMPONENTS,
        ["2.000815", 3, "Giấy tờ khác", "bản chính", 0, None, None],
        ["9.999999", 1, "Giấy tờ lạc", "bản chính", 1, None, None],
    ]
    report = import_catalog(build_workbook(tmp_path / "catalog.xlsx", components))

    assert [(e.source, e.row, e.field) for e in report.errors] == [
        ("components", 7, "procedure_code"),
        ("components", 6, "count"),
    ]
    assert "9.999999" in report.errors[0].message
    assert Procedure.objects.count() == 0
