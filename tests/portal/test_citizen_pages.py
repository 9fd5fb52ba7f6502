"""The citizen's side: catalogue, procedure and agency pages, accounts, online submission, own
dossiers only."""

import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel, State
from motcua.org.models import User
from tests.factories import APPLICANT, Desk, make_user, prove_identity


@pytest.fixture
def scene(db) -> Desk:
    scene = Desk()
    ProcedureVersion.objects.filter(pk=scene.version.pk).update(online_level="toan_trinh")
    scene.version.refresh_from_db()
    return scene


@pytest.fixture
def citizen(scene) -> User:
    user = make_user(username=APPLICANT["identifier"])
    user.personal_id, user.full_name, user.email = (
        APPLICANT["identifier"],
        APPLICANT["name"],
        APPLICANT["email"],
    )
    user.save()
    return prove_identity(user)


def pdf_bytes() -> bytes:
    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


def test_catalogue_finds_procedures_without_diacritics_and_with_a_typo(client, scene):
    assert (
        "Đăng ký kết hôn"
        in client.get(reverse("portal_catalogue"), {"q": "dang ky ket hon"}).content.decode()
    )
    page = client.get(reverse("portal_catalogue"), {"q": "ket honn"}).content.decode()
    assert "Đăng ký kết hôn" in page and "gần đúng" in page
    assert (
        "Đăng ký kết hôn" not in client.get(reverse("portal_catalogue"), {"q": "xay dung"}).content.decode()
    )


def test_procedure_page_shows_every_mandatory_part(client, scene):
    page = client.get(reverse("portal_procedure", args=[scene.version.procedure.pk])).content.decode()
    for text in [
        "Thành phần hồ sơ",
        "Tờ khai đăng ký kết hôn",
        "Bản chính",
        "15 ngày làm việc",
        "Lệ phí đăng ký kết hôn",
        "Căn cứ pháp lý",
        scene.agency.name,
        "Nộp hồ sơ trực tuyến",
    ]:
        assert text in page, text


def test_agency_page_shows_hours_leaders_and_duty_roster(client, scene):
    from django.utils import timezone

    from motcua.org.models import DutyShift

    DutyShift.objects.create(agency=scene.agency, day=timezone.localdate(), user=scene.leader, note="Sáng")
    page = client.get(reverse("portal_agency", args=[scene.agency.pk])).content.decode()
    assert "Giờ làm việc" in page and "07:30" in page
    assert str(scene.leader) in page and "Lịch trực của lãnh đạo" in page


def test_register_refuses_a_wrong_id_and_accepts_a_right_one(client, db):
    bad = client.post(
        reverse("portal_register"),
        {
            "kind": "ca_nhan",
            "identifier": "12345",
            "full_name": "A",
            "phone": "0912345678",
            "password1": "Mat-khau-2026!x",
            "password2": "Mat-khau-2026!x",
        },
    )
    assert "12 chữ số" in bad.content.decode() and not User.objects.exists()
    ok = client.post(
        reverse("portal_register"),
        {
            "kind": "ca_nhan",
            "identifier": "001090012345",
            "full_name": "Nguyễn Văn An",
            "phone": "0912345678",
            "password1": "Mat-khau-2026!x",
            "password2": "Mat-khau-2026!x",
        },
    )
    assert ok.status_code == 302
    client.logout()
    login = client.post(reverse("portal_login"), {"username": "001090012345", "password": "Mat-khau-2026!x"})
    assert login.status_code == 302 and login["Location"] == reverse("portal_mine")


def test_login_through_the_identity_provider_simulator(client, db):
    start = client.get(reverse("portal_oidc_start"))
    authorize = start["Location"]
    query = {k: v[0] for k, v in parse_qs(urlparse(authorize).query).items()}
    consent = client.post(authorize, {**query, "personal_id": "001090012345", "name": "Nguyễn Văn An"})
    callback = consent["Location"]
    done = client.get(callback)
    assert done.status_code == 302 and done["Location"] == reverse("portal_mine")
    user = User.objects.get(personal_id="001090012345")
    assert user.full_name == "Nguyễn Văn An" and not user.has_usable_password()
    # The same code a second time (a replayed callback) logs nobody in.
    client.logout()
    client.get(reverse("portal_oidc_start"))
    replay = client.get(callback, follow=True)
    assert "không hợp lệ" in replay.content.decode()


def test_online_submission_draft_then_one_dossier_whatever_the_repeats(client, scene, citizen):
    client.force_login(citizen)
    url = reverse("portal_submit", args=[scene.version.procedure.pk])
    comps = list(scene.version.components.filter(condition="").order_by("order"))
    draft = client.post(
        url,
        {
            "co_quan": scene.agency.pk,
            "hanh_dong": "luu",
            "f_noi_dung": "Đăng ký kết hôn",
            f"tep_{comps[0].pk}": SimpleUploadedFile("to-khai.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert draft.status_code == 302 and "nhap=" in draft["Location"]
    missing = client.post(draft["Location"], {"co_quan": scene.agency.pk, "hanh_dong": "nop"})
    assert missing.status_code == 422 and comps[1].name in missing.content.decode()
    assert not Dossier.objects.exists()
    form = {
        "co_quan": scene.agency.pk,
        "hanh_dong": "nop",
        "nhan_ket_qua": "electronic",
        "f_noi_dung": "Đăng ký kết hôn",
        f"tep_{comps[1].pk}": SimpleUploadedFile("xac-nhan.pdf", pdf_bytes(), "application/pdf"),
    }
    sent = client.post(draft["Location"], form)
    again = client.post(draft["Location"], {"co_quan": scene.agency.pk, "hanh_dong": "nop"})
    d = Dossier.objects.get()
    assert sent["Location"] == again["Location"] == reverse("portal_mine_detail", args=[d.pk])
    assert d.state == State.AWAITING_RECEPTION and d.channel == Channel.ONLINE
    assert d.result_delivery == "electronic" and d.form_data["noi_dung"] == "Đăng ký kết hôn"
    assert d.files.count() == 2


def test_a_fake_upload_is_refused_and_nothing_kept(client, scene, citizen):
    client.force_login(citizen)
    comp = scene.version.components.order_by("order").first()
    url = reverse("portal_submit", args=[scene.version.procedure.pk])
    page = client.post(
        url,
        {
            "co_quan": scene.agency.pk,
            "hanh_dong": "luu",
            f"tep_{comp.pk}": SimpleUploadedFile("anh.png", b"GIF89a not a png"),
        },
    )
    assert page.status_code == 422 and "anh.png" in page.content.decode()
    from motcua.portal.models import Submission

    assert not Submission.objects.exists()


def test_a_citizen_never_sees_another_persons_dossier(client, scene, citizen):
    from motcua.dossiers import services
    from tests.factories import required_components

    other = services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant={**APPLICANT, "identifier": "001092000111", "name": "Trần Thị B"},
        components=required_components(scene.version),
    ).dossier
    client.force_login(citizen)
    assert client.get(reverse("portal_mine_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("portal_result", args=[other.pk])).status_code == 404
    assert "Trần Thị B" not in client.get(reverse("portal_mine")).content.decode()


def test_supplement_request_answered_online_then_received_at_the_desk(client, scene, citizen):
    from motcua.dossiers import services
    from tests.factories import required_components

    d = services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        components=required_components(scene.version),
    ).dossier
    services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao giấy khai sinh"])
    client.force_login(citizen)
    detail = client.get(reverse("portal_mine_detail", args=[d.pk])).content.decode()
    assert reverse("portal_supplement", args=[d.pk]) in detail
    form_page = client.get(reverse("portal_supplement", args=[d.pk])).content.decode()
    assert "Bản sao giấy khai sinh" in form_page
    comp = scene.version.components.order_by("order").first()
    client.post(
        reverse("portal_supplement", args=[d.pk]),
        {
            "noi_dung": "Gửi bản sao giấy khai sinh",
            f"tep_{comp.pk}": SimpleUploadedFile("khai-sinh.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    client.force_login(scene.desk)
    officer_page = client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    assert "Đã nộp bổ sung trực tuyến" in officer_page and "khai-sinh.pdf" in officer_page
    client.post(reverse("dossier_act", args=[d.pk, "complete_supplement"]), {"note": "Đủ"})
    d.refresh_from_db()
    assert d.state != State.AWAITING_SUPPLEMENT
