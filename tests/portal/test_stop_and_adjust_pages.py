"""The citizen stops or adjusts their own dossier on its page (Decree 118/2025 Art. 21); the holding
agency sees it on the dossier page and its worklist; the applicant gets a confirmation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.integrations.models import Notification
from tests.factories import APPLICANT, Desk, required_components
from tests.portal.test_citizen_pages import citizen, pdf_bytes  # noqa: F401 — fixture

REFUND = "phí, lệ phí đã nộp (nếu có) được trả lại theo quy định của pháp luật chuyên ngành"


@pytest.fixture
def scene(db) -> Desk:
    scene = Desk()
    ProcedureVersion.objects.filter(pk=scene.version.pk).update(
        form_fields=[{"name": "ngay_cuoi", "label": "Ngày dự kiến tổ chức lễ cưới", "type": "text"}]
    )
    scene.version.refresh_from_db()
    return scene


def _dossier(scene, identifier=APPLICANT["identifier"], name=APPLICANT["name"]):
    return services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant={**APPLICANT, "identifier": identifier, "name": name},
        components=required_components(scene.version),
        form_data={"ngay_cuoi": "01/03/2026"},
        summary="Đăng ký kết hôn",
    ).dossier


def _state(d):
    d = Dossier.objects.get(pk=d.pk)
    return (d.state, d.event_count, d.summary, d.contact_phone, d.form_data, d.amended_at)


def test_the_citizen_stops_their_dossier_with_a_reason_and_a_confirmation(client, scene, citizen):  # noqa: F811
    d = _dossier(scene)
    client.force_login(citizen)
    page = client.get(reverse("portal_mine_detail", args=[d.pk])).content.decode()
    assert "Yêu cầu dừng giải quyết hồ sơ" in page and REFUND in page
    assert reverse("portal_stop", args=[d.pk]) in page and 'data-confirm="Dừng giải quyết' in page
    url = reverse("portal_stop", args=[d.pk])
    before = _state(d)

    page = client.post(url, {"ly_do": "Đã nộp ở nơi khác"}, follow=True).content.decode()
    assert "Cần đánh dấu xác nhận" in page and _state(d) == before
    page = client.post(url, {"ly_do": "  ", "xac_nhan": "1"}, follow=True).content.decode()
    assert "Cần ghi lý do yêu cầu dừng" in page and _state(d) == before

    page = client.post(url, {"ly_do": "Đã nộp ở nơi khác", "xac_nhan": "1"}, follow=True).content.decode()
    assert "Hồ sơ đã được dừng giải quyết theo yêu cầu của Ông/Bà" in page
    assert "Hồ sơ đã dừng giải quyết theo yêu cầu" in page and REFUND in page
    assert "Yêu cầu dừng giải quyết hồ sơ" not in page  # no second request offered
    d.refresh_from_db()
    assert d.state == State.WITHDRAWN
    event = d.events.get(action="withdraw")
    assert event.actor is None and event.data["source"] == "citizen_page"

    # A second click (another tab, a replayed POST): refused in words, nothing more recorded.
    page = client.post(url, {"ly_do": "Lần nữa", "xac_nhan": "1"}, follow=True).content.decode()
    assert "đã được dừng giải quyết theo yêu cầu của người nộp" in page
    assert Dossier.objects.get(pk=d.pk).events.filter(action="withdraw").count() == 1

    # The applicant is told, the holding agency sees who asked and that originals and fees go back.
    email = Notification.objects.get(dossier=d, kind="withdrawn", channel="email")
    assert "đã được dừng giải quyết theo yêu cầu của Ông/Bà" in email.body
    assert "Lý do Ông/Bà nêu: Đã nộp ở nơi khác" in email.body and "pháp luật chuyên ngành" in email.body
    client.force_login(scene.desk)
    officer = client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    assert 'id="withdrawn-by-applicant"' in officer and "Nguyễn Văn An (người nộp, qua trang hồ sơ" in officer
    assert "Trả lại hồ sơ giấy (bản chính, bản gốc) và phí, lệ phí" in officer


def test_another_persons_dossier_is_a_404_and_stays_as_it_was(client, scene, citizen):  # noqa: F811
    other = _dossier(scene, identifier="001092000111", name="Trần Thị B")
    client.force_login(citizen)
    before = _state(other)
    assert (
        client.post(reverse("portal_stop", args=[other.pk]), {"ly_do": "x", "xac_nhan": "1"}).status_code
        == 404
    )
    assert client.get(reverse("portal_adjust", args=[other.pk])).status_code == 404
    assert client.post(reverse("portal_adjust", args=[other.pk]), {"summary": "Chiếm"}).status_code == 404
    assert _state(other) == before


def test_after_the_result_nothing_is_offered_and_a_crafted_post_is_refused(client, scene, citizen):  # noqa: F811
    from tests.integrations.test_notifications_triggers import walk_to_result

    d = walk_to_result(scene, _dossier(scene))
    client.force_login(citizen)
    page = client.get(reverse("portal_mine_detail", args=[d.pk])).content.decode()
    assert "Yêu cầu dừng giải quyết hồ sơ" not in page
    assert reverse("portal_adjust", args=[d.pk]) not in page
    before = _state(d)
    page = client.post(
        reverse("portal_stop", args=[d.pk]), {"ly_do": "Muộn", "xac_nhan": "1"}, follow=True
    ).content.decode()
    assert "Hồ sơ đã có kết quả giải quyết nên không thể dừng giải quyết" in page
    page = client.get(reverse("portal_adjust", args=[d.pk]), follow=True).content.decode()
    assert "không thể điều chỉnh nội dung" in page
    assert _state(d) == before


def test_the_citizen_adjusts_the_content_and_an_officer_re_checks_it(client, scene, citizen):  # noqa: F811
    d = _dossier(scene)
    due = d.due_at
    client.force_login(citizen)
    form = client.get(reverse("portal_adjust", args=[d.pk])).content.decode()
    assert (
        "Ngày dự kiến tổ chức lễ cưới" in form
        and 'value="01/03/2026"' in form
        and 'value="0912345678"' in form
    )
    comp = scene.version.components.order_by("order").first()
    page = client.post(
        reverse("portal_adjust", args=[d.pk]),
        {
            "summary": "Đăng ký kết hôn",
            "tk_ngay_cuoi": "08/03/2026",
            "contact_address": APPLICANT["address"],
            "contact_phone": "0987654321",
            "contact_email": APPLICANT["email"],
            "ly_do": "Đổi ngày cưới",
            f"tep_{comp.pk}": SimpleUploadedFile("to-khai-moi.pdf", pdf_bytes(), "application/pdf"),
        },
        follow=True,
    ).content.decode()
    assert "Đã điều chỉnh nội dung hồ sơ" in page and "ngày hẹn trả kết quả không thay đổi" in page
    d.refresh_from_db()
    assert d.form_data["ngay_cuoi"] == "08/03/2026" and d.contact_phone == "0987654321"
    assert d.due_at == due and d.amended_at is not None
    event = d.events.get(action="amend")
    assert set(event.data["changes"]) == {"form_data", "contact_phone"}  # unchanged fields are not kept
    assert event.data["files"] == [{"component": comp.name, "file_name": "to-khai-moi.pdf", "replaced": ""}]

    email = Notification.objects.get(dossier=d, kind="amended", channel="email")
    assert "Điện thoại liên hệ: «0912345678» → «0987654321»" in email.body
    assert "Thay tệp thành phần «Tờ khai đăng ký kết hôn»: to-khai-moi.pdf" in email.body
    assert "Ngày hẹn trả kết quả không thay đổi" in email.body

    client.force_login(scene.head)
    worklist = client.get(reverse("worklist"), {"tab": "agency"}).content.decode()
    assert "Hồ sơ đã được điều chỉnh — cần kiểm tra lại" in worklist
    officer = client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    assert 'id="amended-flag"' in officer and "Đổi ngày cưới" in officer
    assert "Tờ khai — ngay_cuoi: «01/03/2026» → «08/03/2026»" in officer
    assert "Đã kiểm tra nội dung điều chỉnh" in officer
    client.post(reverse("dossier_act", args=[d.pk, "check_amendment"]), {"note": "Khớp giấy tờ"})
    d.refresh_from_db()
    assert d.amended_at is None
    officer = client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    assert 'id="amended-flag"' not in officer
    worklist = client.get(reverse("worklist"), {"tab": "agency"}).content.decode()
    assert "cần kiểm tra lại" not in worklist
    # Checking again: the action is no longer offered, a crafted POST is refused in words.
    page = client.post(
        reverse("dossier_act", args=[d.pk, "check_amendment"]), {}, follow=True
    ).content.decode()
    assert "không có nội dung điều chỉnh nào đang chờ kiểm tra" in page


def test_a_bad_adjustment_is_shown_again_with_the_reason_and_changes_nothing(client, scene, citizen):  # noqa: F811
    d = _dossier(scene)
    client.force_login(citizen)
    before = _state(d)
    page = client.post(
        reverse("portal_adjust", args=[d.pk]),
        {
            "summary": "Đăng ký kết hôn (mới)",
            "contact_email": "khong-phai-email",
            "tk_ngay_cuoi": "01/03/2026",
        },
    ).content.decode()
    assert "Địa chỉ thư điện tử không hợp lệ: khong-phai-email" in page
    assert "Đăng ký kết hôn (mới)" in page  # what was typed is kept on the page
    page = client.post(
        reverse("portal_adjust", args=[d.pk]),
        {"summary": "Đăng ký kết hôn", "tk_ngay_cuoi": "01/03/2026", "contact_phone": "0912345678"},
    ).content.decode()
    assert "Không có nội dung nào thay đổi" in page
    assert _state(d) == before
    assert not Notification.objects.filter(dossier=d, kind="amended").exists()
