"""Decree 118/2025 Art. 22.5: a result ready before the appointment is announced to the applicant
BEFORE it is returned (instead of the plain "result ready" notice); the dossier page and the return
form show that the notice went out, or warn that the applicant left no contact (not a block)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.states import State
from motcua.integrations.models import Notification
from tests.dossiers.conftest import receive, vn
from tests.dossiers.test_lifecycle import walk_to_result
from tests.factories import APPLICANT, required_components


@pytest.fixture(autouse=True)
def _notify_dated_events(settings):
    # The scenes below are dated 2026; notices are written for events up to a century old here
    # (by default only for what happened in the last 24 hours).
    settings.MOTCUA_NOTIFICATIONS_MAX_AGE = timedelta(days=36500)
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.example.vn"


def _kinds(d):
    return set(Notification.objects.filter(dossier=d).values_list("kind", flat=True))


def test_an_early_result_is_announced_before_the_return(scene):
    # Received Tue 10/2/2026 09:00; 15 working days, Tết 16–20/2 and weekends skipped → due
    # Tue 10/3/2026 09:00. Issued Mon 09/3 14:00: an earlier calendar day → early.
    d = receive(scene, "2026-02-10 09:00")
    assert d.due_at == vn("2026-03-10 09:00")
    d = walk_to_result(scene, d, day="2026-03-09")
    assert d.state == State.READY_FOR_RETURN
    # Before anyone returns it, the notice is there, instead of "result ready".
    assert "early_return" in _kinds(d) and "result_ready" not in _kinds(d)
    email = Notification.objects.get(dossier=d, kind="early_return", channel="email")
    assert "trước thời hạn" in email.body and "khoản 5 Điều 22 Nghị định 118/2025/NĐ-CP" in email.body
    assert "Ngày hẹn trả kết quả đã ghi trên giấy tiếp nhận: 09:00 ngày 10/03/2026" in email.body
    assert "Có thể nhận kết quả từ: 14:00 ngày 09/03/2026" in email.body
    assert "Nơi nhận: Bộ phận Một cửa của Ủy ban nhân dân phường Ba Đình" in email.body
    assert d.code in email.subject and "trước hạn" in email.subject
    sms = Notification.objects.get(dossier=d, kind="early_return", channel="sms")
    assert "truoc han (hen 09:00 ngay 10/03/2026)" in sms.body and "14:00 ngay 09/03/2026" in sms.body
    notice_id = email.pk
    services.return_result(d.pk, actor=scene.desk, method="desk", receiver="An", at=vn("2026-03-09 15:00"))
    assert Notification.objects.filter(kind="early_return").order_by("pk").first().pk == notice_id


def test_a_result_on_the_appointment_day_is_not_early(scene):
    # Due Tue 10/3/2026 09:00 (as above); issued Tue 10/3 14:00 — the same day, after the hour:
    # the applicant comes as told, the plain notice goes.
    d = walk_to_result(scene, receive(scene, "2026-02-10 09:00"), day="2026-03-10")
    assert "result_ready" in _kinds(d) and "early_return" not in _kinds(d)


def test_after_an_extension_the_new_appointment_is_the_one_named(scene):
    # Received Thu 05/3/2026 16:00; 15 working days → Thu 26/3 16:00 (no holiday in March).
    d = receive(scene, "2026-03-05 16:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-03-06 08:00"))
    services.request_extension(
        d.pk,
        actor=scene.head,
        reason="Chờ xác minh",
        new_due_at=vn("2026-04-02 16:00"),
        at=vn("2026-03-24 10:00"),
    )
    services.apply_extension(d.pk, actor=scene.desk, at=vn("2026-03-24 14:00"))
    # Issued Wed 01/4: after the original due day (late for statistics) but before the new
    # appointment Thu 02/4 → the applicant is told it comes a day early.
    d = walk_to_result(scene, d, day="2026-04-01")
    email = Notification.objects.get(dossier=d, kind="early_return", channel="email")
    assert "16:00 ngày 02/04/2026" in email.body and "26/03/2026" not in email.body


def test_the_post_delivery_is_named_in_the_notice(scene):
    d = walk_to_result(scene, receive(scene, "2026-02-10 09:00", result_delivery="post"), day="2026-03-02")
    email = Notification.objects.get(dossier=d, kind="early_return", channel="email")
    assert "qua bưu chính công ích" in email.body and "Nơi nhận: Bộ phận Một cửa" not in email.body


def test_the_desk_sees_the_notice_on_the_page_and_the_return_form(client, scene):
    d = walk_to_result(scene, receive(scene, "2026-02-10 09:00"), day="2026-03-09")
    client.force_login(scene.desk)
    page = client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    assert 'id="early-return-page"' in page and 'id="early-return-return"' in page
    assert "Đã thông báo trả kết quả trước hạn" in page and "ngày hẹn trả: 09:00 10/03/2026" in page


def test_no_contact_is_a_warning_not_a_block(client, scene):
    silent = {**APPLICANT, "identifier": "001092000222", "phone": "", "email": ""}
    d = services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=silent,
        components=required_components(scene.version),
        at=vn("2026-02-10 09:00"),
    ).dossier
    d = walk_to_result(scene, d, day="2026-03-09")
    assert not Notification.objects.filter(dossier=d).exists()
    client.force_login(scene.desk)
    page = client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    assert "Người nộp không có thư điện tử, số điện thoại" in page
    client.post(reverse("dossier_act", args=[d.pk, "return_result"]), {"method": "desk", "receiver": "Bình"})
    d.refresh_from_db()
    assert d.state == State.RETURNED
