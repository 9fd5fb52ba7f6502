"""API: an online dossier shows its reception deadline, and the desk can redirect it (Decree
118/2025 Art. 17.2.b) with guidance and the competent authority's identifier."""

import json

import pytest
from django.test import Client

from motcua.dossiers import services
from motcua.dossiers.states import Channel, State
from tests.dossiers.conftest import vn
from tests.factories import make_agency


@pytest.fixture
def api(scene):
    client = Client()
    client.force_login(scene.desk)
    client.handler.enforce_csrf_checks = False
    return client


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def arrive(scene):
    return services.receive(
        actor=None,
        version=scene.version,
        agency=scene.agency,
        applicant={"kind": 1, "identifier": "001090012345", "name": "Nguyễn Văn An"},
        channel=Channel.ONLINE,
        components=[{"component_id": c.pk} for c in scene.version.components.filter(condition="")],
        at=vn("2026-03-13 15:00"),
    ).dossier


def test_redirect_through_the_api(scene, api):
    make_agency("000.00.09.H56", "Chi cục Thuế khu vực I")
    d = arrive(scene)
    read = api.get(f"/api/v1/dossiers/{d.pk}").json()
    # Friday 15:00 + 2 h that day + 6 h Monday → Monday 16/3/2026 15:00 (UTC+7).
    assert read["reception_due_at"] == "2026-03-16T08:00:00Z"  # 15:00 in Vietnam
    empty = post(api, f"/api/v1/dossiers/{d.pk}/redirect", {"guidance": ""})
    assert empty.status_code == 422 and "hướng dẫn" in empty.json()["detail"]
    unknown = post(
        api, f"/api/v1/dossiers/{d.pk}/redirect", {"guidance": "Nộp ở nơi khác", "competent_agency": "X"}
    )
    assert unknown.status_code == 422 and "mã định danh" in unknown.json()["detail"]
    d.refresh_from_db()
    assert d.state == State.AWAITING_RECEPTION
    done = post(
        api,
        f"/api/v1/dossiers/{d.pk}/redirect",
        {"guidance": "Nộp tại Chi cục Thuế", "competent_agency": "000.00.09.H56"},
    )
    assert done.status_code == 200
    out = done.json()
    assert out["state"] == State.REFUSED and out["events"][-1]["action"] == "redirect"
    assert out["reception_decided_at"] is not None
