"""Importing a criteria tree: the shipped templates (nulls kept), Excel with dotted codes, bad rows."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from motcua.dossiers.errors import InvalidInput, NotAllowed
from motcua.reform.parindex import services
from motcua.reform.parindex.models import Criterion, Edition

from .conftest import YEAR


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_hanoi_5666_template_keeps_unknown_points_empty(world):
    e = services.create_edition(
        world.manager, unit_id=world.province.pk, year=YEAR, template="hanoi-5666-2025.yaml"
    )
    crits = {c.code: c for c in e.criteria.all()}
    assert sorted(crits) == [str(i) for i in range(1, 10)]
    assert all(c.max_points is None for c in crits.values())  # never 0
    assert crits["9"].kind == Criterion.Kind.BONUS_PENALTY
    assert crits["3"].metric == "" and "dossier_on_time_rate" in crits["3"].note
    assert e.framework.decision_number == "5666/QĐ-UBND"
    assert [b.label for b in e.bands.all()] == ["Tốt", "Khá", "Trung bình", "Thấp"]
    assert "không phải quy định chung" in e.bands_note


def test_district_template_has_seven_areas_and_the_survey_split(world):
    e = services.create_edition(
        world.manager, unit_id=world.province.pk, year=2022, template="hanoi-district-divisions-2022.yaml"
    )
    assert e.criteria.count() == 7
    assert e.framework.survey_points == Decimal(30) and e.framework.self_points == Decimal(70)
    assert not e.criteria.filter(max_points__isnull=False).exists()


def test_publish_is_refused_while_a_criterion_has_no_maximum(world):
    e = services.create_edition(
        world.manager, unit_id=world.province.pk, year=YEAR, template="hanoi-5666-2025.yaml"
    )
    services.add_participant(world.manager, e, world.a, "Xã")
    with pytest.raises(NotAllowed) as refused:
        services.publish(world.manager, e, None)
    assert "chưa có điểm tối đa" in refused.value.message
    assert "1. Công tác chỉ đạo, điều hành cải cách hành chính" in refused.value.message
    assert len(refused.value.details["criteria"]) == 9
    e.refresh_from_db()
    assert e.state == "draft"

    values = {c.pk: "10" for c in e.criteria.exclude(code__in=["8", "9"])}
    values[e.criteria.get(code="8").pk] = "30"
    values[e.criteria.get(code="9").pk] = "5"
    services.set_max_points(world.manager, e, values)
    assert e.criteria.filter(points_set_by_province=True).count() == 9
    services.publish(world.manager, e, date(YEAR, 12, 31), today=date(YEAR, 1, 1))
    e.refresh_from_db()
    assert e.state == "published"
    assert e.assessments.get(agency=world.a).scores.count() == 9


def test_xlsx_tree_with_dotted_codes(world):
    e = services.create_edition(
        world.manager, unit_id=world.province.pk, year=YEAR, template="hanoi-5666-2025.yaml"
    )
    data = xlsx(
        [
            [
                "Mã",
                "Tên tiêu chí",
                "Điểm tối đa",
                "Cách chấm",
                "Tài liệu kiểm chứng",
                "Điều tra XHH",
                "Chỉ số đo từ hệ thống",
            ],
            ["1", "Chỉ đạo điều hành", "", "", "", "", ""],
            ["1.1", "Kế hoạch CCHC", 2, "Đủ: 2; thiếu: 0", "Quyết định ban hành kế hoạch", "", ""],
            ["1.2", "Mức độ thực hiện kế hoạch", 2.5, "", "", "", "reform_plan_completion_rate"],
            ["2", "Hài lòng của người dân", 10, "", "", "x", ""],
        ]
    )
    assert services.import_criteria(world.manager, e, "bo.xlsx", data) == 4
    c = {x.code: x for x in e.criteria.select_related("parent")}
    assert c["1.1"].parent == c["1"] and c["1.2"].max_points == Decimal("2.5")
    assert c["1.2"].metric == "reform_plan_completion_rate"
    assert c["1.1"].evidence == "Quyết định ban hành kế hoạch"
    assert c["2"].survey and not c["1.1"].survey


def test_bad_rows_are_all_reported_and_nothing_changes(world):
    e = services.create_edition(
        world.manager, unit_id=world.province.pk, year=YEAR, template="hanoi-5666-2025.yaml"
    )
    data = xlsx(
        [
            ["Mã", "Mã cha", "Tên tiêu chí", "Điểm tối đa", "Chỉ số đo từ hệ thống"],
            ["1", "", "Chỉ đạo", "", ""],
            ["1.1", "", "", "hai", ""],
            ["1.2", "9", "Tiêu chí lạ", 1, ""],
            ["1.3", "", "Đo lạ", 1, "khong_co"],
            ["1", "", "Trùng", 1, ""],
        ]
    )
    with pytest.raises(InvalidInput) as refused:
        services.import_criteria(world.manager, e, "bo.xlsx", data)
    errors = refused.value.details["errors"]
    assert any(x.startswith("Dòng 3:") and "thiếu tên" in x for x in errors)
    assert any(x.startswith("Dòng 3:") and "“hai” không phải là số" in x for x in errors)
    assert any(x.startswith("Dòng 4:") and "mục cha “9”" in x for x in errors)
    assert any(x.startswith("Dòng 5:") and "khong_co" in x for x in errors)
    assert any(x.startswith("Dòng 6:") and "bị trùng" in x for x in errors)
    assert e.criteria.count() == 9  # the template's tree is untouched


def test_import_after_publication_is_refused(world):
    e = world.edition()
    with pytest.raises(NotAllowed):
        services.import_criteria(world.manager, e, "t.yaml", b"tree: []")


def test_a_unit_leader_cannot_create_an_edition(world):
    from motcua.dossiers.errors import Forbidden

    with pytest.raises(Forbidden):
        services.create_edition(
            world.leader_a, unit_id=world.province.pk, year=YEAR, template="hanoi-5666-2025.yaml"
        )
    assert not Edition.objects.exists()


def test_copy_to_next_year_keeps_points_and_participants(world):
    e = world.edition()
    new = services.copy_edition(world.manager, e, YEAR + 1)
    assert new.state == "draft" and new.year == YEAR + 1
    assert list(new.criteria.values_list("code", "max_points")) == list(
        e.criteria.values_list("code", "max_points")
    )
    assert new.criteria.get(code="1.1").parent.code == "1"
    assert new.participants.count() == 3


def test_a_criterion_added_later_sits_under_its_parent(world):
    """Criteria added for the year are listed under their area, not after the last area."""
    e = services.create_edition(
        world.manager, unit_id=world.province.pk, year=YEAR, template="hanoi-5666-2025.yaml"
    )
    services.add_criterion(world.manager, e, code="1.1", title="Tiêu chí thêm của tỉnh", parent_code="1")
    services.add_criterion(world.manager, e, code="3.1", title="Tiêu chí thứ hai", parent_code="3")
    codes = list(e.criteria.order_by("order").values_list("code", flat=True))
    assert codes == ["1", "1.1", "2", "3", "3.1", "4", "5", "6", "7", "8", "9"]
