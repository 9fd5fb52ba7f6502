"""Indicators attribute a dossier to its competent authority, not to the centre that received it
(Decree 118/2025, boundary-free reception); the facts rebuilt from history agree."""

from motcua.dossiers import services
from motcua.indicators.models import DailyFact
from motcua.indicators.rebuild import rebuild
from motcua.org.models import Agency, Role
from tests.dossiers.conftest import vn
from tests.factories import (
    APPLICANT,
    make_agency,
    make_process,
    make_unit,
    make_user,
    make_version,
    required_components,
)


def test_received_at_the_commune_counts_for_the_department(db):
    unit = make_unit()
    department = make_agency("000.00.12.H56", "Sở Tư pháp", unit=unit, kind=Agency.Kind.DEPARTMENT)
    commune = make_agency("000.00.41.H56", "Ủy ban nhân dân phường Ba Đình", unit=unit)
    version = make_version("2.000488", "Cấp phiếu lý lịch tư pháp")
    make_process(version, department)
    desk = make_user(commune, Role.DESK_OFFICER)
    for n in range(2):
        services.receive(
            actor=desk,
            version=version,
            agency=commune,
            competent_agency=department,
            applicant={**APPLICANT, "identifier": f"00109000000{n}"},
            components=required_components(version),
            at=vn("2026-03-10 09:00"),
        )
    received = {f.agency_id: f.received_desk for f in DailyFact.objects.all()}
    assert received == {department.pk: 2}  # two dossiers, both the department's
    assert rebuild(check=True) == []
