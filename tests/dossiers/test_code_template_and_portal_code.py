"""Dossier codes (Decree 118/2025 Art. 28): the layout is a configurable template; a code the
national portal issued is kept; an inter-agency group's code takes the receiving desk's prefix."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.dossiers import codes, services
from motcua.dossiers.states import Channel

from .conftest import receive, vn


def test_default_template_gives_todays_codes(scene):
    assert receive(scene, at="2026-03-10 09:00").code == "000.00.06.H56-260310-0001"


def test_a_configured_layout_is_used(scene, settings):
    settings.MOTCUA_DOSSIER_CODE_TEMPLATE = "{id}.{DDMMYYYY}.{NNNNN}"
    assert receive(scene, at="2026-03-10 09:00").code == "000.00.06.H56.10032026.00001"


@pytest.mark.parametrize("bad", ["{id}-{NNNN}", "{YYMMDD}-{NNNN}", "{id}-{YYMMDD}", "{id}-{HHMM}-{NNNN}"])
def test_a_template_without_its_parts_is_refused_with_the_reason(bad):
    with pytest.raises(ImproperlyConfigured):
        codes.check_template(bad)


def test_numbers_widen_past_the_template_width():
    from datetime import date

    assert codes.format_code("X", date(2026, 3, 10), 10000) == "X-260310-10000"


def test_inter_agency_group_takes_the_receiving_desks_prefix(scene):
    from motcua.org.models import Agency, Role
    from tests.factories import make_agency, make_process, make_user

    version = scene.version
    version.inter_agency = True
    version.save()
    department = make_agency("000.00.12.H56", "Sở Tư pháp", kind=Agency.Kind.DEPARTMENT)
    make_process(version, department)
    make_user(department, Role.DESK_OFFICER)
    d = receive(scene, at="2026-03-10 09:00", competent_agency=department)
    assert d.code == "000.00.06.H56-260310-0001" and d.current_agency == department


def test_the_portals_code_is_kept_when_the_desk_accepts(scene):
    d = receive(scene, at="2026-03-10 09:00", channel=Channel.ONLINE, portal_code="G22-2511-000001")
    d = services.accept(d.pk, actor=scene.desk, at=vn("2026-03-10 10:00"))
    assert d.code == "G22-2511-000001"
    assert d.ledger_line == 1
    # The agency's own counter was not used: the next desk dossier is number 1.
    assert receive(scene, at="2026-03-10 11:00").code == "000.00.06.H56-260310-0001"
