"""Units form a tree with successors; an agency's hours drive `motcua due --agency`."""

from datetime import date, time

import pytest

from motcua.cli import main
from motcua.org.models import AdministrativeUnit, OfficeHoursPeriod
from tests.factories import make_agency, make_unit, unit_levels


@pytest.mark.django_db
def test_merged_unit_leads_to_its_successor_and_keeps_its_history():
    province = make_unit()
    _, commune = unit_levels()
    new = AdministrativeUnit.objects.create(
        code="00004", name="Phường Ba Đình", level=commune, parent=province, valid_from=date(2025, 7, 1)
    )
    old = AdministrativeUnit.objects.create(
        code="00001",
        name="Phường Phúc Xá",
        level=commune,
        parent=province,
        valid_to=date(2025, 7, 1),
        successor=new,
    )
    assert old.current() == new
    assert old.is_active_on(date(2025, 6, 30)) and not old.is_active_on(date(2025, 7, 1))
    assert new.ancestors() == [province]


@pytest.mark.django_db
def test_due_command_uses_the_agencys_saturday_hours(capsys):
    agency = make_agency("000.00.10.H56", "Trung tâm Phục vụ hành chính công")
    for day in range(5):
        OfficeHoursPeriod.objects.create(agency=agency, weekday=day, opens=time(7, 30), closes=time(17, 0))
    OfficeHoursPeriod.objects.create(agency=agency, weekday=5, opens=time(7, 30), closes=time(11, 30))
    # Friday 16:00 + 4 working hours: 1 h on Friday, then Saturday morning 07:30 + 3 h.
    assert main(["due", "2026-03-06 16:00", "4", "working_hours", "--agency", "000.00.10.H56"]) == 0
    assert capsys.readouterr().out.strip() == "2026-03-07T10:30"
    assert main(["due", "2026-03-06 16:00", "4", "working_hours"]) == 0
    assert capsys.readouterr().out.strip() == "2026-03-09T10:30"
    assert main(["due", "2026-03-06 16:00", "4", "working_hours", "--agency", "KHONG-CO"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
