"""POST /api/v1/dossiers names the competent authority (Decree 118/2025 Art. 14.2, 28): the code
takes its prefix and the dossier moves there; an agency that does not resolve the procedure is a
422 in Vietnamese and nothing is made."""

from motcua.dossiers.models import Dossier
from motcua.org.models import Agency
from tests.factories import make_agency, make_process

from .test_api import api, body, post  # noqa: F401 — fixture


def test_receive_for_a_department_through_the_api(scene, api):  # noqa: F811
    department = make_agency("000.00.12.H56", "Sở Tư pháp", kind=Agency.Kind.DEPARTMENT)
    make_process(scene.version, department)
    answer = post(api, "/api/v1/dossiers", body(scene, competent_agency="000.00.12.H56"))
    assert answer.status_code == 201, answer.content
    assert answer.json()["code"].startswith("000.00.12.H56-")
    assert answer.json()["competent_agency"] == "000.00.12.H56"
    assert Dossier.objects.get().current_agency == department


def test_a_competent_agency_without_the_procedure_is_refused(scene, api):  # noqa: F811
    make_agency("000.00.13.H56", "Sở Y tế", kind=Agency.Kind.DEPARTMENT)
    answer = post(api, "/api/v1/dossiers", body(scene, competent_agency="000.00.13.H56"))
    assert answer.status_code == 422
    assert "không có thẩm quyền giải quyết thủ tục này" in answer.json()["detail"]
    unknown = post(api, "/api/v1/dossiers", body(scene, competent_agency="999"))
    assert unknown.status_code == 422
    assert not Dossier.objects.exists()
