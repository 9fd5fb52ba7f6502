"""Out-of-range dates and numbers in a query string: a clear Vietnamese answer, never a 500.

A page keeps its layout, ignores the filter and says why (400); the API refuses with 422 and
documents its bounds in the OpenAPI schema.
"""

import pytest
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.org.models import Role
from tests.factories import Desk, make_user

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "nằm ngoài khoảng"


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


@pytest.fixture
def officer(scene):
    """A desk officer who is also the agency's leader: every report page is theirs to open."""
    from motcua.org.models import Membership

    Membership.objects.create(user=scene.desk, agency=scene.agency, role=Role.LEADER)
    client = Client(raise_request_exception=False)
    client.force_login(scene.desk)
    return client


PAGES = [
    ("/ho-so/?den_ngay=9999-12-31", "processing/worklist.html", "9999-12-31"),
    ("/ho-so/?tab=agency&tu_ngay=0001-01-01", "processing/worklist.html", "0001-01-01"),
    ("/ho-so/tra-cuu/?tu_ngay=0001-01-01&den_ngay=9999-12-31", "processing/search.html", "0001-01-01"),
    ("/ho-so/?thu_tuc=99999999999999999999999", "processing/worklist.html", "99999999999999999999999"),
    ("/so-theo-doi/?tu_ngay=0001-01-01&den_ngay=9999-12-31", "processing/ledger.html", "0001-01-01"),
    ("/thanh-toan/bao-cao-thang/?thang=9999-12", "payments/monthly.html", "9999-12"),
    ("/thanh-toan/bao-cao-thang/?thang=0001-01", "payments/monthly.html", "0001-01"),
    ("/thanh-toan/doi-soat/?tu_ngay=0001-01-01&den_ngay=9999-12-31", "payments/reconciliation.html", "9999"),
    ("/chi-so/?ky=khoang&tu_ngay=0001-01-01&den_ngay=2026-01-31", "indicators/dashboard.html", "0001-01-01"),
    ("/chi-so/?nam=99999999999999999999", "indicators/dashboard.html", "99999999999999999999"),
    ("/phan-anh/danh-gia/tong-hop/?thang=9999-12", "feedback/rating_summary.html", "9999-12"),
    ("/phan-anh/danh-gia/tong-hop/?thang=0001-01", "feedback/rating_summary.html", "0001-01"),
    ("/mot-cua/xep-hang/thong-ke/?ngay=0001-01-01", "desk/queue/stats.html", "0001-01-01"),
    ("/mot-cua/xep-hang/thong-ke/?ngay=9999-12-31", "desk/queue/stats.html", "9999-12-31"),
]


@pytest.mark.parametrize(("url", "template", "value"), PAGES)
def test_a_page_keeps_its_layout_and_says_the_filter_is_out_of_range(officer, url, template, value):
    response = officer.get(url)
    assert response.status_code == 400
    assert template in [t.name for t in response.templates]
    text = response.content.decode()
    assert OUT_OF_RANGE in text and value in text


def test_the_other_filters_still_apply_when_one_is_ignored(scene, officer):
    from tests.dossiers.conftest import receive

    receive(scene, at="2026-02-10 09:00")
    found = officer.get("/ho-so/tra-cuu/?tu_ngay=2026-02-01&den_ngay=9999-12-31")
    none = officer.get("/ho-so/tra-cuu/?tu_ngay=2026-03-01&den_ngay=9999-12-31")
    assert found.status_code == none.status_code == 400
    assert found.context["page"].paginator.count == 1
    assert none.context["page"].paginator.count == 0


def test_a_date_in_range_is_still_a_filter(scene, officer):
    assert officer.get("/ho-so/tra-cuu/?tu_ngay=1900-01-01&den_ngay=2200-12-31").status_code == 200
    assert officer.get("/thanh-toan/bao-cao-thang/?thang=2200-12").status_code == 200
    assert officer.get("/so-theo-doi/?tu_ngay=1900-01-01&den_ngay=2200-12-31").status_code == 200


def test_a_file_asked_for_an_out_of_range_period_is_not_sent(officer):
    response = officer.get("/thanh-toan/bao-cao-thang/?thang=9999-12&dinh_dang=xlsx")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert "400.html" in [t.name for t in response.templates]
    assert "9999-12" in response.content.decode() and OUT_OF_RANGE in response.content.decode()
    # Told once, there: not again on the next page.
    assert "9999-12" not in officer.get("/thanh-toan/bao-cao-thang/").content.decode()


def test_two_filters_out_of_range_are_both_named(officer):
    response = officer.get("/ho-so/tra-cuu/?tu_ngay=0001-01-01&den_ngay=9999-12-31")
    text = response.content.decode()
    assert response.status_code == 400 and "0001-01-01" in text and "9999-12-31" in text


def test_an_htmx_filter_request_is_sent_to_the_full_page(officer):
    response = officer.get("/ho-so/?den_ngay=9999-12-31", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert response["HX-Redirect"] == "/ho-so/?den_ngay=9999-12-31"


def test_a_booking_posted_for_a_day_out_of_range_is_refused_in_vietnamese(scene):
    response = Client(raise_request_exception=False).post(
        f"/mot-cua/dat-lich/{scene.agency.pk}/", {"ngay": "9999-12-31", "name": "A"}
    )
    assert response.status_code == 400 and OUT_OF_RANGE in response.content.decode()


# ------------------------------------------------------------------------------------- API


@pytest.fixture
def api(scene):
    client = Client(raise_request_exception=False)
    client.force_login(scene.desk)
    return client


API = [
    "/api/v1/dossiers?offset=9223372036854775808",
    "/api/v1/dossiers?limit=9223372036854775808",
    "/api/v1/dossiers?limit=501",
    "/api/v1/dossiers?offset=-1",
    "/api/v1/dossiers?received_from=0001-01-01",
    "/api/v1/dossiers?received_to=9999-12-31",
    "/api/v1/dossiers?state=9223372036854775808",
    "/api/v1/dossiers/99999999999999999999999",
    "/api/v1/dossiers/99999999999999999999999/forms/01",
    "/api/v1/ledger?agency=000.00.06.H56&date_from=0001-01-01&date_to=2026-01-31",
    "/api/v1/ledger.pdf?agency=000.00.06.H56&date_from=2026-01-01&date_to=9999-12-31",
    "/api/v1/ledger.xlsx?agency=000.00.06.H56&date_from=0001-01-01&date_to=2026-01-31",
    "/api/v1/catalog/procedures?on=0001-01-01",
    "/api/v1/catalog/procedures?page=9223372036854775808",
    "/api/v1/catalog/procedures/1.000894?on=9999-12-31",
    "/api/v1/calendar/due?start=9999-12-31T23:00:00-12:00&limit=1&unit=working_days",
]


@pytest.mark.parametrize("url", API)
def test_the_api_refuses_out_of_range_input_with_422_in_vietnamese(api, url):
    response = api.get(url)
    assert response.status_code == 422, response.content[:300]
    detail = response.json()["detail"]
    assert isinstance(detail, str) and ("«" in detail), detail


def test_the_largest_page_is_500_dossiers(api):
    page = api.get("/api/v1/dossiers?limit=500&offset=0")
    assert page.status_code == 200 and page.json()["count"] == 0
    too_many = api.get("/api/v1/dossiers?limit=501").json()["detail"]
    assert "limit" in too_many and "500" in too_many


def test_the_api_posts_out_of_range_numbers_without_a_server_error(scene, api):
    import json

    from tests.factories import APPLICANT, required_components

    body = {
        "procedure_code": scene.version.procedure.code,
        "agency": scene.agency.identifier_code,
        "applicant": {**APPLICANT, "kind": 2**70},
        "components": [{**c, "count": 2**70} for c in required_components(scene.version)],
    }
    response = api.post("/api/v1/dossiers", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "«applicant.kind» không được lớn hơn 4" in detail and "«components.0.count»" in detail
    assert not Dossier.objects.exists()


def test_the_schema_documents_bounds_and_error_answers(api):
    schema = api.get("/api/v1/openapi.json").json()
    listing = schema["paths"]["/api/v1/dossiers"]["get"]
    params = {p["name"]: p["schema"] for p in listing["parameters"]}
    assert params["limit"]["maximum"] == 500 and params["limit"]["minimum"] == 1
    assert params["offset"]["minimum"] == 0 and "maximum" in params["offset"]
    assert "1900-01-01" in str(params["received_from"]) and "2200-12-31" in str(params["received_from"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "422" in operation["responses"], (method, path)
    read = schema["paths"]["/api/v1/dossiers/{dossier_id}"]["get"]
    assert {"401", "404", "422"} <= set(read["responses"])
    assert read["parameters"][0]["schema"]["maximum"] == 2**63 - 1


def test_a_citizen_without_an_agency_gets_no_500_either(db):
    citizen = make_user()
    client = Client(raise_request_exception=False)
    client.force_login(citizen)
    assert client.get("/api/v1/dossiers?offset=9223372036854775808").status_code == 422
