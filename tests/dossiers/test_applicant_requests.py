"""The applicant's stop and adjustment of a dossier in progress (Decree 118/2025 Art. 21): allowed
from reception until the result is issued, at once and without a staff actor; refused afterwards
with the reason, changing nothing. An adjustment keeps before/after and waits for a re-check."""

import pytest

from motcua.dossiers import applicant_requests as ar
from motcua.dossiers import services
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.dossiers.conftest import receive, vn
from tests.dossiers.test_lifecycle import walk_to_result

REASON = "Tôi đã được cấp giấy tờ này ở nơi khác"


def _snapshot(d):
    d = Dossier.objects.get(pk=d.pk)
    return (d.state, d.event_count, d.summary, d.contact_phone, d.form_data, d.amended_at, d.due_at)


def test_the_applicant_stops_a_dossier_in_processing_at_once(scene):
    d = receive(scene, "2026-02-10 09:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-02-10 10:00"))
    d = ar.withdraw(d.pk, reason=REASON, source=ar.CITIZEN_PAGE, at=vn("2026-02-11 08:30"))
    assert d.state == State.WITHDRAWN
    assert d.ended_at == vn("2026-02-11 08:30")
    event = d.events.order_by("-seq").first()
    assert event.action == "withdraw" and event.actor is None and event.note == REASON
    assert event.data == {"source": "citizen_page", "by_applicant": True}
    assert "Nguyễn Văn An" in event.actor_name and "người nộp" in event.actor_name


def test_a_stop_while_waiting_for_a_supplement_closes_the_pause(scene):
    d = receive(scene, "2026-02-10 09:00")
    d = services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao CCCD"], at=vn("2026-02-10 10:00"))
    d = ar.withdraw(d.pk, reason=REASON, source=ar.PORTAL, at=vn("2026-02-12 09:00"))
    assert d.state == State.WITHDRAWN
    assert d.pauses[-1][1] is not None  # the pause ends with the dossier


@pytest.mark.parametrize("end", ["issue", "return", "refuse"])
def test_after_the_result_or_a_refusal_the_request_is_refused_and_changes_nothing(scene, end):
    d = receive(scene, "2026-02-10 09:00")
    if end == "refuse":
        services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-02-10 10:00"))
        d = services.refuse(d.pk, actor=scene.head, reasons=["Không đủ điều kiện"], at=vn("2026-02-11 09:00"))
    else:
        d = walk_to_result(scene, d)
        if end == "return":
            d = services.return_result(
                d.pk, actor=scene.desk, method="desk", receiver="An", at=vn("2026-02-12 08:00")
            )
    before = _snapshot(d)
    with pytest.raises(NotAllowed) as stop:
        ar.withdraw(d.pk, reason=REASON, source=ar.CITIZEN_PAGE, at=vn("2026-02-12 09:00"))
    with pytest.raises(NotAllowed) as adjust:
        ar.amend(d.pk, changes={"summary": "Khác"}, source=ar.CITIZEN_PAGE, at=vn("2026-02-12 09:00"))
    if end == "refuse":
        assert "đã kết thúc xử lý (Từ chối)" in stop.value.message
    else:
        assert "đã có kết quả giải quyết nên không thể dừng giải quyết" in stop.value.message
        assert "không thể điều chỉnh nội dung" in adjust.value.message
        assert stop.value.code == "after_result"
    assert _snapshot(d) == before


def test_the_transition_table_itself_refuses_after_the_result(scene):
    # Even past the friendly check (a stale read), the write path refuses: READY_FOR_RETURN and
    # RETURNED are not sources of "withdraw" nor of "amend".
    d = walk_to_result(scene, receive(scene, "2026-02-10 09:00"))
    with pytest.raises(NotAllowed, match="Chờ trả kết quả"):
        services._act(d.pk, "withdraw", None, vn("2026-02-12 09:00"), lambda d, at: {}, by_applicant=True)


def test_stop_while_already_withdrawn_and_empty_reason_are_refused(scene):
    d = receive(scene, "2026-02-10 09:00")
    with pytest.raises(InvalidInput, match="Cần ghi lý do"):
        ar.withdraw(d.pk, reason="   ", source=ar.CITIZEN_PAGE, at=vn("2026-02-10 10:00"))
    assert Dossier.objects.get(pk=d.pk).state == State.RECEIVED
    ar.withdraw(d.pk, reason=REASON, source=ar.CITIZEN_PAGE, at=vn("2026-02-10 10:00"))
    before = _snapshot(d)
    with pytest.raises(NotAllowed, match="đã được dừng giải quyết theo yêu cầu"):
        ar.withdraw(d.pk, reason=REASON, source=ar.CITIZEN_PAGE, at=vn("2026-02-10 10:05"))
    assert _snapshot(d) == before


def test_the_same_request_id_twice_gives_one_event(scene):
    d = receive(scene, "2026-02-10 09:00")
    ar.withdraw(d.pk, reason=REASON, source=ar.PORTAL, request_id="YC-1", at=vn("2026-02-10 10:00"))
    count = Dossier.objects.get(pk=d.pk).event_count
    with pytest.raises(ar.DuplicateRequest) as again:
        ar.withdraw(d.pk, reason=REASON, source=ar.PORTAL, request_id="YC-1", at=vn("2026-02-10 10:01"))
    assert again.value.event.action == "withdraw"
    assert Dossier.objects.get(pk=d.pk).event_count == count


def test_an_applicant_cannot_take_an_officers_action(scene):
    d = receive(scene, "2026-02-10 09:00")
    with pytest.raises(Forbidden, match="không tự thực hiện"):
        services._act(d.pk, "stop", None, vn("2026-02-10 10:00"), lambda d, at: {}, by_applicant=True)
    assert Dossier.objects.get(pk=d.pk).state == State.RECEIVED


def test_an_adjustment_keeps_before_and_after_flags_the_dossier_and_keeps_the_due_time(scene):
    d = receive(scene, "2026-02-10 09:00", form_data={"ho_ten_vo": "Trần Thị B", "ngay_cuoi": "01/03/2026"})
    due = d.due_at
    d = ar.amend(
        d.pk,
        changes={
            "summary": "Đăng ký kết hôn (sửa ngày)",
            "contact_phone": "0987 654 321",
            "form_data": {"ngay_cuoi": "08/03/2026", "ho_ten_vo": "Trần Thị B"},
        },
        reason="Nhầm ngày",
        source=ar.CITIZEN_PAGE,
        at=vn("2026-02-11 09:00"),
    )
    assert d.state == State.RECEIVED and d.due_at == due  # the Decree does not move the limit
    assert d.amended_at == vn("2026-02-11 09:00")
    assert d.summary == "Đăng ký kết hôn (sửa ngày)" and d.contact_phone == "0987 654 321"
    assert d.form_data == {"ho_ten_vo": "Trần Thị B", "ngay_cuoi": "08/03/2026"}
    event = d.events.get(action="amend")
    assert event.actor is None and event.note == "Nhầm ngày"
    assert event.data["changes"]["contact_phone"] == {"before": "0912345678", "after": "0987 654 321"}
    # Only the field that changed is kept for the e-form.
    assert event.data["changes"]["form_data"] == {
        "before": {"ngay_cuoi": "01/03/2026"},
        "after": {"ngay_cuoi": "08/03/2026"},
    }
    assert "Tờ khai — ngay_cuoi: «01/03/2026» → «08/03/2026»" in ar.describe(event)


def test_bad_adjustments_are_refused_and_change_nothing(scene):
    d = receive(scene, "2026-02-10 09:00")
    before = _snapshot(d)
    cases = [
        ({}, "Không có nội dung nào thay đổi"),
        ({"summary": d.summary}, "Không có nội dung nào thay đổi"),
        ({"contact_email": "khong-phai-email"}, "thư điện tử không hợp lệ"),
        ({"contact_phone": "12ab"}, "Số điện thoại không hợp lệ"),
        ({"applicant_name": "  "}, "không được để trống"),
        ({"summary": "x" * 501}, "dài quá 500 ký tự"),
        ({"due_at": "2030-01-01"}, "Không điều chỉnh được các trường: due_at"),
        ({"form_data": ["a"]}, "tờ khai điện tử"),
    ]
    for changes, message in cases:
        with pytest.raises(InvalidInput, match=message):
            ar.amend(d.pk, changes=changes, source=ar.CITIZEN_PAGE, at=vn("2026-02-10 10:00"))
    with pytest.raises(InvalidInput, match="Nguồn yêu cầu không hợp lệ"):
        ar.amend(d.pk, changes={"summary": "Mới"}, source="fax", at=vn("2026-02-10 10:00"))
    assert _snapshot(d) == before


def test_an_officer_clears_the_re_check_flag_once(scene):
    d = receive(scene, "2026-02-10 09:00")
    ar.amend(d.pk, changes={"summary": "Mới"}, source=ar.PORTAL, request_id="DC-7", at=vn("2026-02-10 10:00"))
    # The same adjustment pushed twice by the portal: one event.
    with pytest.raises(ar.DuplicateRequest):
        ar.amend(
            d.pk, changes={"summary": "Mới"}, source=ar.PORTAL, request_id="DC-7", at=vn("2026-02-10 10:01")
        )
    assert Dossier.objects.get(pk=d.pk).events.filter(action="amend").count() == 1
    d = ar.check_amendment(d.pk, actor=scene.specialist, note="Đã đối chiếu", at=vn("2026-02-10 11:00"))
    assert d.amended_at is None
    event = d.events.get(action="check_amendment")
    assert event.actor == scene.specialist and event.data["amended_at"].startswith("2026-02-10T10:00")
    with pytest.raises(NotAllowed, match="không có nội dung điều chỉnh nào đang chờ kiểm tra"):
        ar.check_amendment(d.pk, actor=scene.specialist, at=vn("2026-02-10 11:05"))


def test_an_officer_of_another_unit_cannot_clear_the_flag(scene):
    from tests.factories import Desk

    other = Desk(
        identifier="000.00.07.H56", name="UBND phường Kim Mã", version=scene.version, with_process=False
    )
    d = receive(scene, "2026-02-10 09:00")
    ar.amend(d.pk, changes={"summary": "Mới"}, source=ar.CITIZEN_PAGE, at=vn("2026-02-10 10:00"))
    with pytest.raises(Forbidden):
        ar.check_amendment(d.pk, actor=other.specialist, at=vn("2026-02-10 11:00"))
    assert Dossier.objects.get(pk=d.pk).amended_at == vn("2026-02-10 10:00")


def test_the_desk_records_a_written_adjustment_with_its_own_rights(scene):
    d = receive(scene, "2026-02-10 09:00")
    d = ar.amend(
        d.pk,
        changes={"contact_address": "5 Kim Mã"},
        source=ar.CITIZEN_PAGE,
        actor=scene.desk,
        at=vn("2026-02-10 10:00"),
    )
    event = d.events.get(action="amend")
    assert event.actor == scene.desk and event.data["by_applicant"] is False
    with pytest.raises(Forbidden):
        ar.amend(
            d.pk, changes={"contact_address": "6 Kim Mã"}, source=ar.CITIZEN_PAGE, actor=scene.specialist
        )


def test_early_is_an_earlier_calendar_day_than_the_appointment(scene):
    # Received Tue 10/2/2026 09:00, 15 working days with Tết 16–20/2 → due Tue 10/3/2026 09:00.
    d = receive(scene, "2026-02-10 09:00")
    assert d.due_at == vn("2026-03-10 09:00")
    assert ar.is_early(d, vn("2026-03-09 16:59"))  # the day before
    assert not ar.is_early(d, vn("2026-03-10 08:00"))  # the appointment's own day: on time
    d.apology_due_at = vn("2026-03-20 09:00")  # after an extension the new appointment counts
    assert ar.is_early(d, vn("2026-03-19 10:00"))


def test_only_the_stop_and_the_adjustment_are_open_to_the_applicant():
    from motcua.dossiers.states import TRANSITIONS

    assert sorted(t.action for t in TRANSITIONS.values() if t.applicant) == ["amend", "withdraw"]


def test_a_stop_recorded_at_the_desk_is_confirmed_to_the_applicant_too(scene, settings):
    from datetime import timedelta

    from motcua.integrations.models import Notification

    settings.MOTCUA_NOTIFICATIONS_MAX_AGE = timedelta(days=36500)  # the scene is dated 2026
    d = receive(scene, "2026-02-10 09:00")
    d = services.withdraw(
        d.pk, actor=scene.desk, reason="Đơn xin rút hồ sơ ngày 11/02/2026", at=vn("2026-02-11 08:00")
    )
    email = Notification.objects.get(dossier=d, kind="withdrawn", channel="email")
    assert "đã được dừng giải quyết theo yêu cầu của Ông/Bà, lúc 08:00 ngày 11/02/2026" in email.body
    assert "Lý do Ông/Bà nêu: Đơn xin rút hồ sơ ngày 11/02/2026" in email.body
    assert d.code in email.subject
    sms = Notification.objects.get(dossier=d, kind="withdrawn", channel="sms")
    assert sms.body.startswith(
        f"Ho so {d.code} da dung giai quyet theo yeu cau cua Ong/Ba luc 08:00 ngay 11/02/2026"
    )


def test_the_stop_notice_names_the_channel_and_leaves_the_officers_signature_blank(scene):
    from motcua.dossiers import forms_pdf
    from tests.dossiers.test_forms_pdf import flat

    d = receive(scene, "2026-03-05 09:00")
    ar.withdraw(d.pk, reason="Không còn nhu cầu", source=ar.PORTAL, at=vn("2026-03-06 09:00"))
    out = flat(forms_pdf.render_end_notice(Dossier.objects.get(pk=d.pk)))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in out
    assert "gửi qua Cổng Dịch vụ công quốc gia, cơ quan dừng giải quyết hồ sơ lúc 09:00 06/03/2026" in out
    assert "Không còn nhu cầu" in out
    assert "người nộp, qua" not in out  # the applicant is not printed as the signing officer
