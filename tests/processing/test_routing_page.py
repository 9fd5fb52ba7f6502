"""Inter-agency routes (Decree 118/2025 Art. 20.2) on the officers' pages and in the JSON API: the
holder sets the route up from the dossier page, each participant finds the dossier in its worklist
and records its part done, the route shows as a table with the slips to print, overdue legs are
warned about; bad input is a Vietnamese message that changes nothing; others see nothing."""

import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from motcua.dossiers import routing, services
from motcua.dossiers.models import RouteLeg
from motcua.dossiers.routing import LegIn
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


@pytest.fixture
def police(scene) -> Desk:
    return Desk("000.00.08.H56", "Công an phường Ba Đình", version=scene.version, with_process=False)


@pytest.fixture
def tax(scene) -> Desk:
    return Desk("000.00.09.H56", "Chi cục Thuế khu vực I", version=scene.version, with_process=False)


@pytest.fixture
def outsider(scene) -> Desk:
    return Desk("000.00.11.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(user, d) -> str:
    return client_of(user).get(reverse("dossier_detail", args=[d.pk])).content.decode()


def at_appraisal(scene):
    d = receive(scene, "2026-05-11 09:00")
    return services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-05-11 10:00"))


def act(user, d, name, data):
    return client_of(user).post(reverse("dossier_act", args=[d.pk, name]), data, follow=True).content.decode()


def test_the_holder_sets_up_a_route_from_the_page_and_each_agency_records_its_part(scene, police, tax):
    d = at_appraisal(scene)
    lead_page = page(scene.specialist, d)
    assert 'id="route"' in lead_page and "Chuyển liên thông theo tuyến" in lead_page
    assert client_of(police.specialist).get(reverse("dossier_detail", args=[d.pk])).status_code == 404
    html = act(
        scene.specialist,
        d,
        "route",
        {
            "route_mode": "parallel",
            "leg1_agency": police.agency.pk,
            "leg1_task": "Xác minh nơi cư trú",
            "leg1_days": "2",
            "leg2_agency": tax.agency.pk,
            "leg2_task": "Xác định nghĩa vụ thuế",
            "leg2_days": "3",
            "leg2_after": "1",
        },
    )
    assert "Đã thực hiện: Chuyển liên thông theo tuyến." in html
    first, second = RouteLeg.objects.filter(dossier=d).order_by("position")
    assert (first.agency, first.task, first.working_days) == (police.agency, "Xác minh nơi cư trú", 2)
    assert second.depends_on == first and second.sent_at is None
    # The route table: lead, mode, each agency with its task, limit, due time and status.
    assert "Liên thông theo tuyến" in html and "Đồng thời (hồ sơ điện tử)" in html
    assert timezone.localtime(first.due_at).strftime("%H:%M %d/%m/%Y") in html
    assert "Chờ kết quả cơ quan trước" in html and "sau khi có kết quả của dòng 1" in html
    assert "Phiếu chuyển xử lý số 001/" in html
    # The lead cannot issue the result while a leg is open: the action is not offered.
    assert 'id="issue_result"' not in page(scene.clerk, d)

    # The police finds the dossier in its worklist tab and records its part.
    worklist = client_of(police.specialist).get(reverse("worklist"), {"tab": "route"}).content.decode()
    assert d.code in worklist and "Phần việc liên thông" in worklist
    police_page = page(police.specialist, d)
    assert 'id="route_done"' in police_page and 'id="route"' in police_page
    assert 'id="route_done"' not in page(scene.specialist, d)
    refused = act(police.specialist, d, "route_done", {"leg": first.pk, "leg_result": "  "})
    assert "Cần ghi kết quả của phần việc liên thông." in refused
    first.refresh_from_db()
    assert first.done_at is None
    done = act(police.specialist, d, "route_done", {"leg": first.pk, "leg_result": "Đã xác minh cư trú"})
    assert "Đã thực hiện: Hoàn thành phần việc liên thông." in done
    second.refresh_from_db()
    assert second.sent_at is not None  # tax receives it now
    assert d.code in client_of(tax.specialist).get(reverse("worklist"), {"tab": "route"}).content.decode()
    assert (
        d.code not in client_of(police.specialist).get(reverse("worklist"), {"tab": "route"}).content.decode()
    )


def test_bad_rows_of_the_route_form_are_refused_in_vietnamese(scene, police, tax):
    d = at_appraisal(scene)
    base = {"route_mode": "sequential", "leg1_agency": police.agency.pk, "leg1_task": "Xác minh"}
    cases = [
        ({**base, "leg1_days": "hai"}, "Dòng 1: thời hạn phải là số ngày làm việc"),
        ({**base, "leg1_days": "0"}, "Dòng 1: thời hạn của Công an phường Ba Đình phải từ 1 đến 15 ngày"),
        ({**base, "leg1_days": "1000"}, "phải từ 1 đến 15 ngày làm việc"),
        ({**base, "leg1_days": "99999999999999999999"}, "Dòng 1: thời hạn phải là số ngày làm việc"),
        ({**base, "leg1_agency": "999999", "leg1_days": "2"}, "Dòng 1: cần chọn cơ quan phối hợp."),
        (
            {**base, "leg1_agency": scene.agency.pk, "leg1_days": "2"},
            "không thể chuyển liên thông cho chính mình",
        ),
        ({"route_mode": "sequential"}, "Cần chọn ít nhất một cơ quan phối hợp giải quyết."),
        ({**base, "leg1_days": "2", "route_mode": "bay"}, "Phương thức liên thông không hợp lệ"),
        (
            {
                **base,
                "leg1_days": "2",
                "leg2_agency": tax.agency.pk,
                "leg2_task": "Thuế",
                "leg2_days": "2",
                "leg2_after": "4",
            },
            "Dòng 2: «sau dòng» phải là một dòng đã điền",
        ),
    ]
    for data, message in cases:
        html = act(scene.specialist, d, "route", data)
        assert message in html, message
    assert not RouteLeg.objects.exists()
    d.refresh_from_db()
    assert d.current_agency == scene.agency and not d.events.filter(action__startswith="route").exists()


def test_overdue_legs_are_warned_to_the_lead_and_the_legs_agency_only(scene, police, outsider):
    d = at_appraisal(scene)
    routing.set_up(
        d.pk,
        actor=scene.specialist,
        mode="parallel",
        legs=[LegIn(police.agency, "Xác minh nơi cư trú", 2)],
        at=vn("2026-05-12 09:00"),
    )
    # Tue 12/5/2026 09:00 + 2 working days = Thu 14/5/2026 09:00, long past today.
    for user in (scene.specialist, police.specialist):
        html = client_of(user).get(reverse("warnings")).content.decode()
        assert "Phần việc liên thông quá hạn" in html
        assert d.code in html and "Xác minh nơi cư trú" in html and "09:00 14/05/2026" in html
    assert "Xác minh nơi cư trú" not in client_of(outsider.head).get(reverse("warnings")).content.decode()
    route_page = page(scene.specialist, d)
    assert "Quá hạn, đang thực hiện" in route_page
    routing.finish(d.pk, actor=police.specialist, note="Đã xác minh", at=vn("2026-05-15 08:00"))
    assert "Xác minh nơi cư trú" not in client_of(scene.specialist).get(reverse("warnings")).content.decode()
    assert "Quá hạn" in page(scene.specialist, d)


def test_each_hand_overs_slip_prints_from_the_page(scene, police, tax, outsider):
    d = at_appraisal(scene)
    d = routing.set_up(
        d.pk,
        actor=scene.specialist,
        legs=[LegIn(police.agency, "Xác minh nơi cư trú", 2), LegIn(tax.agency, "Xác định nghĩa vụ thuế", 3)],
        at=vn("2026-05-12 09:00"),
    )
    send = d.events.get(action="route_send")
    url = reverse("dossier_form", args=[d.pk, "08"]) + f"?lan={send.seq}"
    assert url in page(scene.specialist, d)
    response = client_of(police.specialist).get(url)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Kính gửi: Công an phường Ba Đình" in text and "Xác định nghĩa vụ thuế 3 ngày làm việc" in text
    assert client_of(outsider.head).get(url).status_code == 404


def test_api_route_and_route_done_with_refusals_and_scoping(scene, police, tax, outsider):
    d = at_appraisal(scene)
    url = f"/api/v1/dossiers/{d.pk}"
    lead = client_of(scene.specialist)
    body = {
        "mode": "sequential",
        "legs": [
            {"agency": police.agency.identifier_code, "task": "Xác minh nơi cư trú", "working_days": 2},
            {"agency": tax.agency.identifier_code, "task": "Xác định nghĩa vụ thuế", "working_days": 3},
        ],
    }
    bad = lead.post(
        f"{url}/route",
        json.dumps({**body, "legs": [{**body["legs"][0], "working_days": 0}]}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "phải từ 1 đến 15 ngày" in bad.json()["detail"]
    unknown = lead.post(
        f"{url}/route",
        json.dumps({"legs": [{"agency": "999.99", "task": "x", "working_days": 1}]}),
        content_type="application/json",
    )
    assert unknown.status_code == 422 and "Không có cơ quan có mã định danh" in unknown.json()["detail"]
    assert not RouteLeg.objects.exists()
    assert (
        client_of(outsider.head)
        .post(f"{url}/route", json.dumps(body), content_type="application/json")
        .status_code
        == 404
    )
    ok = lead.post(f"{url}/route", json.dumps(body), content_type="application/json")
    assert ok.status_code == 200
    route = ok.json()["route"]
    assert [(r["agency"], r["working_days"], r["mode"]) for r in route] == [
        (police.agency.identifier_code, 2, "sequential"),
        (tax.agency.identifier_code, 3, "sequential"),
    ]
    assert ok.json()["current_agency"] == police.agency.identifier_code
    again = lead.post(f"{url}/route", json.dumps(body), content_type="application/json")
    assert again.status_code in (403, 409)  # the dossier is at the police now

    empty = client_of(police.specialist).post(
        f"{url}/route-done", json.dumps({"note": ""}), content_type="application/json"
    )
    assert empty.status_code == 422 and "Cần ghi kết quả" in empty.json()["detail"]
    other = client_of(tax.specialist).post(
        f"{url}/route-done", json.dumps({"note": "Xong"}), content_type="application/json"
    )
    assert other.status_code == 404  # tax has not received the dossier: it cannot see it yet
    done = client_of(police.specialist).post(
        f"{url}/route-done", json.dumps({"note": "Đã xác minh"}), content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["current_agency"] == tax.agency.identifier_code
    twice = client_of(police.specialist).post(
        f"{url}/route-done", json.dumps({"note": "Lần nữa"}), content_type="application/json"
    )
    assert twice.status_code == 409 and "đã hoàn thành lúc" in twice.json()["detail"]
    slip = client_of(tax.specialist).get(
        f"{url}/forms/08", {"seq": d.events.filter(action="route_send").order_by("seq").last().seq}
    )
    assert slip.status_code == 200 and slip["Content-Type"] == "application/pdf"


def test_a_single_hand_off_from_the_page_takes_an_optional_own_limit(scene, police):
    d = at_appraisal(scene)
    data = {"to_agency": police.agency.pk, "note": "Xác minh nơi cư trú"}
    html = act(scene.specialist, d, "hand_off", {**data, "handoff_days": "ba"})
    assert "Thời hạn của cơ quan phối hợp phải là số ngày làm việc" in html
    d.refresh_from_db()
    assert d.current_agency == scene.agency and not d.events.filter(action="hand_off").exists()
    html = act(scene.specialist, d, "hand_off", {**data, "handoff_days": "2"})
    assert "Đã thực hiện: Chuyển liên thông." in html
    event = d.events.get(action="hand_off")
    assert event.data["working_days"] == 2 and event.data["agency_due_at"]
