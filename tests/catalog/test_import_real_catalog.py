"""Importing the 44 real procedures of the shared fact file (its copy in demo_data)."""

from decimal import Decimal

import pytest
import yaml

from motcua.catalog.importers import import_catalog
from motcua.catalog.models import Component, FeeLine, Procedure, ProcedureVersion

from .factories import DATA_FILE

pytestmark = pytest.mark.django_db

SOURCE = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["procedures"]


@pytest.fixture
def report():
    return import_catalog(DATA_FILE)


def test_creates_every_procedure_with_its_version_components_and_fees(report):
    assert report.ok, [str(e) for e in report.errors]
    assert (report.created, report.updated) == (44, 0)
    assert Procedure.objects.count() == 44
    assert ProcedureVersion.objects.filter(status="published").count() == 44
    assert Component.objects.count() == sum(len(p["components"]) for p in SOURCE)
    assert FeeLine.objects.count() == sum(len(p["fees"]) for p in SOURCE)


def test_birth_registration_is_same_day_with_its_papers(report):
    version = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert version.time_limit_unit == "same_day"
    assert version.same_day_cutoff.strftime("%H:%M") == "15:00"
    assert version.procedure.level.code == "commune"
    assert version.procedure.field.name == "Hộ tịch"
    presented = version.components.get(name__startswith="Giấy tờ tùy thân")
    assert (presented.mode, presented.copy_type) == ("xuat_trinh", "ban_chinh")
    conditional = version.components.get(name__startswith="Biên bản về việc trẻ bị bỏ rơi")
    assert conditional.condition == "trẻ em bị bỏ rơi" and conditional.required is False


def test_unconfirmed_time_limit_is_null_and_flagged(report):
    version = ProcedureVersion.objects.get(procedure__code="2.000806")
    assert version.time_limit is None
    assert "time_limit" in version.unverified_fields
    assert version.time_limit_display() == "Chưa xác nhận"
    assert "5 (đơn vị «Khác»)" in version.notes


def test_a_fee_left_to_the_provincial_council_stays_null_never_zero(report):
    late = FeeLine.objects.get(
        version__procedure__code="1.001193", name="Lệ phí đăng ký khai sinh (không đúng hạn)"
    )
    on_time = FeeLine.objects.get(
        version__procedure__code="1.001193", name="Lệ phí đăng ký khai sinh (đúng hạn)"
    )
    assert late.amount_vnd is None
    assert late.amount_display() == "do HĐND tỉnh quy định"
    assert on_time.amount_vnd == 0
    assert late.version.has_fees() is True


def test_working_day_limits_and_levels_are_mapped(report):
    licence = ProcedureVersion.objects.get(procedure__source_id="giao-thong/doi-giay-phep-lai-xe")
    assert (licence.time_limit, licence.time_limit_unit) == (Decimal(5), "working_days")
    assert licence.procedure.level.code == "province"
    assert licence.procedure.level.name == "Cấp tỉnh"


def test_a_procedure_without_published_code_keeps_its_import_id(report):
    procedure = Procedure.objects.get(source_id="chung-thuc/ban-sao-tu-so-goc")
    assert procedure.code == ""
    assert "code" in procedure.versions.get().unverified_fields


def test_reimport_changes_nothing(report):
    before = {
        "ids": sorted(Procedure.objects.values_list("pk", flat=True)),
        "components": sorted(Component.objects.values_list("pk", flat=True)),
        "stamps": sorted(ProcedureVersion.objects.values_list("updated_at", flat=True)),
    }
    again = import_catalog(DATA_FILE)
    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 0, 44)
    assert sorted(Procedure.objects.values_list("pk", flat=True)) == before["ids"]
    assert sorted(Component.objects.values_list("pk", flat=True)) == before["components"]
    assert sorted(ProcedureVersion.objects.values_list("updated_at", flat=True)) == before["stamps"]
