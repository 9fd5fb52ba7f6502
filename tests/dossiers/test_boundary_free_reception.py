"""Boundary-free reception (Decree 118/2025 Art. 3.7, 14.2, 20.1, 28): a commune centre receives a
provincial procedure decided by a department; the code carries the department's identifier, the
department processes it, the result comes back to the commune desk and is returned there."""

import pytest

from motcua.dossiers import services
from motcua.dossiers.errors import DossierError
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.states import State
from motcua.org.models import Agency, Role
from tests.factories import (
    APPLICANT,
    make_agency,
    make_process,
    make_unit,
    make_user,
    make_version,
    required_components,
)

from .conftest import vn

DEPARTMENT_ID = "000.00.12.H56"
COMMUNE_ID = "000.00.41.H56"


@pytest.fixture
def province(db):
    unit = make_unit()
    commune_unit = make_unit("00004", "Phường Ba Đình", level="commune", parent=unit)
    department = make_agency(DEPARTMENT_ID, "Sở Tư pháp", unit=unit, kind=Agency.Kind.DEPARTMENT)
    commune = make_agency(
        COMMUNE_ID, "Ủy ban nhân dân phường Ba Đình", unit=commune_unit, kind=Agency.Kind.PEOPLES_COMMITTEE
    )
    version = make_version("2.000488", "Cấp phiếu lý lịch tư pháp")
    make_process(version, department)  # only the department resolves it
    staff = {
        "commune_desk": make_user(commune, Role.DESK_OFFICER),
        "dept_desk": make_user(department, Role.DESK_OFFICER),
        "specialist": make_user(department, Role.SPECIALIST),
        "leader": make_user(department, Role.LEADER),
        "clerk": make_user(department, Role.CLERK),
    }
    return {"department": department, "commune": commune, "version": version, **staff}


def _receive(p, at: str, *, agency=None, actor=None, competent=None, identifier="001090012345"):
    return services.receive(
        actor=actor or p["commune_desk"],
        version=p["version"],
        agency=agency or p["commune"],
        competent_agency=competent,
        applicant={**APPLICANT, "identifier": identifier},
        components=required_components(p["version"]),
        at=vn(at),
    ).dossier


def test_commune_receives_for_the_department_and_the_result_comes_back(province):
    p = province
    # Tuesday 10/3/2026 09:00 at the commune centre, decided by the department.
    d = _receive(p, "2026-03-10 09:00", competent=p["department"])
    # Prefix = the competent authority's identifier (Art. 28.2.a), the day 260310, the first number.
    assert d.code == f"{DEPARTMENT_ID}-260310-0001"
    assert d.agency == p["commune"]  # receiving point
    assert d.competent_agency == p["department"]
    assert d.current_agency == p["department"]  # the electronic dossier moves at once (Art. 20.1.a)
    # The department's desk sees it at once; the commune keeps it in view.
    assert visible_dossiers(p["dept_desk"]).filter(pk=d.pk).exists()
    assert visible_dossiers(p["commune_desk"]).filter(pk=d.pk).exists()
    # Its internal process is the department's.
    assert {s["agency_id"] for s in d.process_steps} == {p["department"].pk}
    # Paper within 1 working day (Art. 20.1.a): Tuesday 09:00 + 8 office hours = Wednesday 09:00.
    assert d.paper_due_at == vn("2026-03-11 09:00")
    assert d.paper_transferred_at is None
    # The electronic transfer to the competent authority is the first hand-off (Art. 18.1).
    assert d.transferred_at == vn("2026-03-10 09:00")

    # The department processes: its desk, then the specialist, the leader, the clerk.
    d = services.forward(d.pk, actor=p["dept_desk"], to_user=p["specialist"], at=vn("2026-03-10 10:00"))
    d = services.forward(d.pk, actor=p["specialist"], to_user=p["leader"], at=vn("2026-03-12 10:00"))
    d = services.approve(d.pk, actor=p["leader"], at=vn("2026-03-13 09:00"))
    d = services.forward(d.pk, actor=p["leader"], to_user=p["clerk"], at=vn("2026-03-13 09:30"))
    d = services.issue_result(d.pk, actor=p["clerk"], at=vn("2026-03-13 10:00"))
    # The result goes to the receiving point (Art. 20.1.b) and is returned there.
    assert d.state == State.READY_FOR_RETURN
    assert d.current_agency == p["commune"]
    with pytest.raises(DossierError):  # the department's desk does not hand it over
        services.return_result(d.pk, actor=p["dept_desk"], method="desk", receiver="Nguyễn Văn An")
    d = services.return_result(d.pk, actor=p["commune_desk"], method="desk", receiver="Nguyễn Văn An")
    assert d.state == State.RETURNED


def test_one_counter_per_prefix_and_day_shared_by_every_receiving_point(province):
    p = province
    first = _receive(p, "2026-03-10 09:00", competent=p["department"], identifier="001090000001")
    at_dept = _receive(
        p, "2026-03-10 09:10", agency=p["department"], actor=p["dept_desk"], identifier="001090000002"
    )
    second = _receive(p, "2026-03-10 09:20", competent=p["department"], identifier="001090000003")
    next_day = _receive(p, "2026-03-11 08:00", competent=p["department"], identifier="001090000004")
    assert [first.code, at_dept.code, second.code, next_day.code] == [
        f"{DEPARTMENT_ID}-260310-0001",
        f"{DEPARTMENT_ID}-260310-0002",
        f"{DEPARTMENT_ID}-260310-0003",
        f"{DEPARTMENT_ID}-260311-0001",
    ]
    # The ledger stays the receiving desk's book: the commune's lines 1, 2, 3; the department's 1.
    assert [first.ledger_line, second.ledger_line, next_day.ledger_line] == [1, 2, 3]
    assert at_dept.ledger_line == 1


def test_without_a_choice_the_receiving_agency_decides_as_before(province):
    d = _receive(province, "2026-03-10 09:00")
    assert d.competent_agency == province["commune"] == d.current_agency
    assert d.code == f"{COMMUNE_ID}-260310-0001"


def test_own_procedure_keeps_the_receiving_agency(db):
    unit = make_unit()
    agency = make_agency(COMMUNE_ID, "Ủy ban nhân dân phường Ba Đình", unit=unit)
    desk = make_user(agency, Role.DESK_OFFICER)
    version = make_version()
    make_process(version, agency)
    d = services.receive(
        actor=desk,
        version=version,
        agency=agency,
        applicant=dict(APPLICANT),
        components=required_components(version),
        at=vn("2026-03-10 09:00"),
    ).dossier
    assert d.competent_agency == agency == d.current_agency
    assert d.code == f"{COMMUNE_ID}-260310-0001"
    assert d.paper_due_at is None  # nothing to carry elsewhere


def test_a_competent_authority_that_does_not_resolve_the_procedure_is_refused(province):
    p = province
    health = make_agency("000.00.13.H56", "Sở Y tế", unit=p["department"].unit, kind=Agency.Kind.DEPARTMENT)
    with pytest.raises(DossierError) as caught:
        _receive(p, "2026-03-10 09:00", competent=health)
    assert "không có thẩm quyền" in str(caught.value)
    assert not services.Dossier.objects.exists()


def test_paper_transferred_by_the_receiving_desk_late_is_counted(province):
    p = province
    d = _receive(p, "2026-03-10 09:00", competent=p["department"])
    with pytest.raises(DossierError):  # only the receiving desk records it
        services.transfer_paper(d.pk, actor=p["dept_desk"], at=vn("2026-03-10 10:00"))
    # Wednesday 10:00 is an hour after the deadline (Wednesday 09:00).
    d = services.transfer_paper(d.pk, actor=p["commune_desk"], at=vn("2026-03-11 10:00"))
    assert d.paper_transferred_at == vn("2026-03-11 10:00")
    assert d.events.filter(action="transfer_paper").count() == 1
    with pytest.raises(DossierError):  # once only
        services.transfer_paper(d.pk, actor=p["commune_desk"], at=vn("2026-03-11 11:00"))
    from motcua.dossiers.transfer import late_transfers

    assert late_transfers(p["commune"]) == {"paper_late": 1, "transfer_late": 0}
