"""The pages: officer's counter (htmx), kiosk, waiting-room display, booking, check-in, statistics."""

from datetime import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.desk import queue
from motcua.desk.models import Booking, QueueTicket
from motcua.org.models import Role
from tests.factories import make_user


@pytest.fixture
def officer(scene) -> Client:
    client = Client()
    client.force_login(scene.officer)
    return client


def _text(response) -> str:
    return response.content.decode()


def test_counter_page_lets_the_officer_sit_and_call_with_htmx(scene, officer):
    page = _text(officer.get(reverse("queue_counter")))
    assert "Bạn chưa chọn quầy" in page and "Quầy 1 — Tiếp nhận chung" in page
    officer.post(reverse("queue_choose_counter"), {"counter": scene.general.pk})
    page = _text(officer.get(reverse("queue_counter")))
    assert "Gọi số tiếp theo" in page and 'accesskey="g"' in page

    queue.issue_ticket(scene.agency, scene.civil)
    response = officer.post(reverse("queue_call_next"), {"counter": scene.general.pk}, HTTP_HX_REQUEST="true")
    panel = _text(response)
    assert panel.startswith('<section id="counter-panel"')
    assert "Mời công dân có số 001 đến Quầy 1" in panel and "Hộ tịch" in panel
    ticket = QueueTicket.objects.get()
    assert f'href="/mot-cua/tiep-nhan/?ve={ticket.pk}"' in panel and "Tiếp nhận hồ sơ" in panel

    action = reverse("queue_ticket_action", args=[ticket.pk, "vang-mat"])
    panel = _text(officer.post(action, HTTP_HX_REQUEST="true"))
    assert "Số 001 được ghi nhận vắng mặt." in panel
    assert (
        _text(officer.post(reverse("queue_call_next"), {"counter": scene.general.pk}, follow=True)).count(
            "Không còn người chờ ở quầy này."
        )
        == 1
    )


def test_another_agency_counter_and_ticket_are_404_and_nothing_changes(scene, other):
    ticket = queue.issue_ticket(scene.agency)
    stranger = Client()
    stranger.force_login(other.desk)
    assert stranger.post(reverse("queue_call_next"), {"counter": scene.general.pk}).status_code == 404
    assert stranger.post(reverse("queue_choose_counter"), {"counter": scene.general.pk}).status_code == 404
    assert stranger.post(reverse("queue_ticket_action", args=[ticket.pk, "xong"])).status_code == 404
    ticket.refresh_from_db()
    scene.general.refresh_from_db()
    assert ticket.state == QueueTicket.State.WAITING and scene.general.officer is None


def test_officers_without_the_desk_role_are_refused(scene):
    client = Client()
    client.force_login(scene.desk_scene.specialist)
    response = client.get(reverse("queue_counter"))
    assert response.status_code == 403 and "dành cho công chức Bộ phận Một cửa" in _text(response)
    assert Client().get(reverse("queue_counter")).status_code == 302  # to the login page


def test_kiosk_issues_a_printable_ticket(scene):
    client = Client()
    url = reverse("queue_kiosk", args=[scene.agency.pk])
    page = _text(client.get(url))
    assert "Mời chọn lĩnh vực để lấy số thứ tự" in page and "Đất đai" in page and "Hộ tịch" in page
    assert 'class="top"' not in page  # no officer header on the kiosk
    client.post(url, {"field": scene.civil.pk})
    page = _text(client.post(url, {"field": scene.civil.pk}))
    assert "SỐ THỨ TỰ CỦA BẠN" in page and "002" in page and "Trước bạn còn 1 người chờ." in page
    assert "In số thứ tự" in page and "data-print" in page  # printed by static/motcua/site.js
    assert list(QueueTicket.objects.values_list("number", flat=True)) == [1, 2]


def test_kiosk_check_in_with_a_booking_code(scene):
    booking = Booking.objects.create(
        agency=scene.agency, field=scene.civil, date=timezone.localdate(), slot=time(9, 0), name="An",
        phone="0912345678", personal_id="001090012345", code="ABC234",
    )  # fmt: skip
    client = Client()
    url = reverse("queue_checkin", args=[scene.agency.pk])
    assert "Mã lịch hẹn" in _text(client.get(url))
    page = _text(client.post(url, {"code": "XYZ999"}))
    assert "Không tìm thấy lịch hẹn mã «XYZ999»" in page and not QueueTicket.objects.exists()
    page = _text(client.post(url, {"code": " abc234 "}))
    assert "SỐ THỨ TỰ CỦA BẠN" in page and "Theo lịch hẹn ABC234 lúc 09:00" in page
    booking.refresh_from_db()
    assert booking.state == Booking.State.CHECKED_IN and booking.ticket.number == 1


def test_display_page_polls_and_the_fragment_shows_the_called_numbers(scene):
    for _n in range(3):
        queue.issue_ticket(scene.agency)
    queue.call_next(scene.general, scene.officer)
    queue.call_next(scene.civil_counter, scene.officer2)
    client = Client()
    page = _text(client.get(reverse("queue_display", args=[scene.agency.pk])))
    fragment_url = reverse("queue_display_fragment", args=[scene.agency.pk])
    assert f'hx-get="{fragment_url}"' in page and 'hx-trigger="every 5s"' in page
    fragment = _text(client.get(fragment_url))
    assert "Mời công dân có số" in fragment and "<body" not in fragment
    latest, earlier = fragment.index("002"), fragment.index("001")
    assert latest < earlier  # the newest call on top
    assert "đến Quầy 2 — Hộ tịch" in fragment and "1 người đang chờ" in fragment


def test_booking_page_books_a_free_slot(scene):
    client = Client()
    url = reverse("queue_booking", args=[scene.agency.pk])
    day = queue.booking_days(scene.agency)[-1]
    page = _text(client.get(url, {"ngay": day.isoformat()}))
    assert "Đặt lịch hẹn nộp hồ sơ" in page and "còn 4 chỗ" in page
    partial = _text(client.get(url, {"ngay": day.isoformat()}, HTTP_HX_REQUEST="true"))
    assert partial.startswith('<fieldset id="slots"')
    form = {"field": scene.civil.pk, "ngay": day.isoformat(), "slot": "16:30", "name": "Lê Văn Cường"}
    page = _text(client.post(url, form | {"phone": "0987654321", "personal_id": "12345"}))
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số" in page and not Booking.objects.exists()
    page = _text(client.post(url, form | {"phone": "0987654321", "personal_id": "079085000111"}))
    booking = Booking.objects.get()
    assert "Đã đặt lịch hẹn" in page and booking.code in page and booking.slot == time(16, 30)


def test_stats_page_for_the_head_of_the_agency(scene):
    queue.issue_ticket(scene.agency, scene.land)
    client = Client()
    client.force_login(scene.desk_scene.head)
    page = _text(client.get(reverse("queue_stats")))
    assert "Thống kê xếp hàng trong ngày" in page and "Theo lĩnh vực" in page and "Đất đai" in page
    stranger = Client()
    stranger.force_login(make_user(None))
    assert stranger.get(reverse("queue_stats")).status_code == 403


def test_seed_counters_is_idempotent(scene):
    scene.general.delete()
    scene.civil_counter.delete()
    first = queue.seed_counters(scene.agency)
    assert queue.seed_counters(scene.agency) == first and len(first) == 3
    assert list(first[1].fields.all()) == [scene.civil]
    assert [c.priority for c in first] == [False, False, True]  # Decree 118/2025 Art. 13.2.b
    assert Role.DESK_OFFICER in queue.DESK_ROLES
