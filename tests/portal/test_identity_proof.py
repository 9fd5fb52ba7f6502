"""Issue 14, item 4: registering with someone else's personal ID gives no view of their dossiers.

A local account sees the dossiers of its personal ID only once it has proven the ID — by a VNeID
login, or by a one-time code sent to the phone or e-mail already on record for that ID. Until then
it sees only what it submitted itself.
"""

import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfWriter

from motcua.catalog.models import ProcedureVersion
from motcua.documents.services import store_file
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.integrations.notifications.sms_sink import SinkProvider
from motcua.org.models import Applicant, User
from tests.factories import APPLICANT, Desk, required_components

VICTIM = APPLICANT["identifier"]  # on record with phone 0912345678 and an@example.vn
PASSWORD = "Mat-khau-2026!x"


def pdf_bytes() -> bytes:
    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def scene(db) -> Desk:
    scene = Desk()
    ProcedureVersion.objects.filter(pk=scene.version.pk).update(online_level="toan_trinh")
    scene.version.refresh_from_db()
    return scene


@pytest.fixture
def victims_dossier(scene) -> Dossier:
    """Received at the desk for the victim, with a result document ready to download."""
    d = services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        summary="Đăng ký kết hôn của người bị mạo danh",
        components=required_components(scene.version),
    ).dossier
    store_file(d, pdf_bytes(), name="ket-qua.pdf", kind="result", user=scene.clerk)
    Dossier.objects.filter(pk=d.pk).update(state=State.READY_FOR_RETURN)  # the result is ready
    return d


@pytest.fixture(autouse=True)
def _empty_sms_sink():
    SinkProvider.clear()
    yield
    SinkProvider.clear()


def register(client, identifier: str = VICTIM, phone: str = "0987000111", email: str = ""):
    return client.post(
        reverse("portal_register"),
        {
            "kind": "ca_nhan",
            "identifier": identifier,
            "full_name": "Kẻ Mạo Danh",
            "phone": phone,
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def sees(client, d: Dossier) -> dict[str, int | bool]:
    listing = client.get(reverse("portal_mine")).content.decode()
    return {
        "listed": d.code in listing,
        "detail": client.get(reverse("portal_mine_detail", args=[d.pk])).status_code,
        "result": client.get(reverse("portal_result", args=[d.pk])).status_code,
    }


def last_sms_code() -> str:
    assert SinkProvider.sent, "no SMS was sent"
    return re.search(r"\b(\d{6})\b", SinkProvider.sent[-1]["text"]).group(1)


def test_an_account_registered_with_a_victims_id_sees_none_of_their_dossiers(client, victims_dossier):
    assert register(client).status_code == 302
    assert sees(client, victims_dossier) == {"listed": False, "detail": 404, "result": 404}
    page = client.get(reverse("portal_mine")).content.decode()
    assert "chưa được xác minh" in page and reverse("portal_verify") in page


def test_the_right_code_sent_to_the_phone_on_record_shows_the_dossiers(client, victims_dossier):
    register(client)
    page = client.get(reverse("portal_verify")).content.decode()
    assert "Xác minh số định danh" in page and "09******78" in page
    assert "0912345678" not in page and "0987000111" not in page
    sent = client.post(reverse("portal_verify"), {"hanh_dong": "gui", "kenh": "sms"})
    assert sent.status_code == 302
    assert SinkProvider.sent[-1]["to"] == "84912345678"  # the number on record, not the one registered
    assert sees(client, victims_dossier)["detail"] == 404
    done = client.post(reverse("portal_verify"), {"hanh_dong": "nhap", "ma": last_sms_code()}, follow=True)
    assert "Đã xác minh" in done.content.decode()
    assert sees(client, victims_dossier) == {"listed": True, "detail": 200, "result": 200}


def test_the_code_may_go_to_the_email_on_record_instead(client, victims_dossier):
    register(client)
    assert "a*@example.vn" in client.get(reverse("portal_verify")).content.decode()
    client.post(reverse("portal_verify"), {"hanh_dong": "gui", "kenh": "email"})
    assert mail.outbox[-1].to == [APPLICANT["email"]]
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    client.post(reverse("portal_verify"), {"hanh_dong": "nhap", "ma": code})
    assert sees(client, victims_dossier)["detail"] == 200


def test_five_wrong_codes_lock_the_verification(client, victims_dossier):
    register(client)
    client.post(reverse("portal_verify"), {"hanh_dong": "gui", "kenh": "sms"})
    right = last_sms_code()
    wrong = "000000" if right != "000000" else "111111"
    for _attempt in range(5):
        page = client.post(reverse("portal_verify"), {"hanh_dong": "nhap", "ma": wrong}, follow=True)
        assert "không đúng" in page.content.decode() or "khóa" in page.content.decode()
    locked = client.post(reverse("portal_verify"), {"hanh_dong": "nhap", "ma": right}, follow=True)
    assert "khóa" in locked.content.decode()
    assert sees(client, victims_dossier) == {"listed": False, "detail": 404, "result": 404}
    sent_before = len(SinkProvider.sent)
    again = client.post(reverse("portal_verify"), {"hanh_dong": "gui", "kenh": "sms"}, follow=True)
    assert "khóa" in again.content.decode() and len(SinkProvider.sent) == sent_before


def test_a_code_is_stored_only_as_a_hash(client, victims_dossier):
    from motcua.portal.models import VerificationCode

    register(client)
    client.post(reverse("portal_verify"), {"hanh_dong": "gui", "kenh": "sms"})
    row = VerificationCode.objects.get()
    assert last_sms_code() not in row.code_hash and row.sent_to == "09******78"


def test_without_a_phone_or_email_on_record_only_vneid_can_prove_the_id(client, scene):
    Applicant.objects.create(identifier="001092000111", name="Trần Thị B")
    register(client, identifier="001092000111")
    page = client.get(reverse("portal_verify")).content.decode()
    assert "chỉ có thể xác minh bằng cách đăng nhập VNeID" in page
    refused = client.post(reverse("portal_verify"), {"hanh_dong": "gui", "kenh": "sms"}, follow=True)
    assert not SinkProvider.sent and "VNeID" in refused.content.decode()


def test_an_unproven_account_sees_what_it_submitted_itself(client, scene, victims_dossier):
    from django.core.files.uploadedfile import SimpleUploadedFile

    register(client)
    comps = list(scene.version.components.filter(condition="").order_by("order"))
    form = {"co_quan": scene.agency.pk, "hanh_dong": "nop", "f_noi_dung": "Nộp trực tuyến"}
    for c in comps:
        form[f"tep_{c.pk}"] = SimpleUploadedFile(f"{c.pk}.pdf", pdf_bytes(), "application/pdf")
    sent = client.post(reverse("portal_submit", args=[scene.version.procedure.pk]), form)
    own = Dossier.objects.exclude(pk=victims_dossier.pk).get()
    assert sent["Location"] == reverse("portal_mine_detail", args=[own.pk])
    assert client.get(sent["Location"]).status_code == 200
    assert sees(client, victims_dossier)["detail"] == 404
    # Its own phone did not become the one on record: the code still goes to the victim's phone.
    applicant = Applicant.objects.get(identifier=VICTIM)
    assert (applicant.name, applicant.phone) == (APPLICANT["name"], APPLICANT["phone"])


def test_a_submission_cannot_plant_the_phone_that_receives_the_code(client, scene):
    """An ID nobody has used yet: an unproven account's submission records no contact for it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    register(client, identifier="001092000111", phone="0987000111")
    comps = list(scene.version.components.filter(condition="").order_by("order"))
    form = {"co_quan": scene.agency.pk, "hanh_dong": "nop"}
    for c in comps:
        form[f"tep_{c.pk}"] = SimpleUploadedFile(f"{c.pk}.pdf", pdf_bytes(), "application/pdf")
    client.post(reverse("portal_submit", args=[scene.version.procedure.pk]), form)
    applicant = Applicant.objects.get(identifier="001092000111")
    assert (applicant.phone, applicant.email) == ("", "")
    assert Dossier.objects.get().contact.phone == "0987000111"  # the dossier keeps its own contact
    assert (
        "chỉ có thể xác minh bằng cách đăng nhập VNeID"
        in client.get(reverse("portal_verify")).content.decode()
    )


def test_registering_an_id_that_already_has_an_account_is_refused_neutrally(client, victims_dossier):
    register(client)
    client.logout()
    again = register(client, phone="0987000222")
    text = again.content.decode()
    assert again.status_code == 200 and User.objects.filter(personal_id=VICTIM).count() == 1
    assert "Không thể đăng ký" in text and "đã có tài khoản" not in text


def test_a_vneid_login_proves_the_id_and_retires_the_unproven_password(client, victims_dossier):
    register(client)
    client.logout()
    start = client.get(reverse("portal_oidc_start"))
    query = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    consent = client.post(start["Location"], {**query, "personal_id": VICTIM, "name": APPLICANT["name"]})
    client.get(consent["Location"])
    assert sees(client, victims_dossier) == {"listed": True, "detail": 200, "result": 200}
    client.logout()
    # The password was chosen by whoever registered before the ID was proven: it no longer opens it.
    refused = client.post(reverse("portal_login"), {"username": VICTIM, "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session


def test_the_demo_citizen_is_proven(db):
    from motcua.demo.extras import CITIZEN, seed_citizen
    from motcua.portal.verification import is_proven

    user = seed_citizen("Mat-khau-demo-2026")
    assert user.personal_id == CITIZEN["personal_id"] and is_proven(user)


def test_the_receipt_of_the_victims_payment_is_not_shown_before_proof(client, scene, victims_dossier):
    from motcua.catalog.models import FeeLine
    from motcua.payments import services as payments

    FeeLine.objects.filter(version=scene.version).update(amount_vnd=200_000)
    payment = payments.record_cash(victims_dossier, actor=scene.desk)
    url = reverse("payment_receipt", args=[payment.pk])
    register(client)
    assert client.get(url).status_code == 404
    client.post(reverse("portal_verify"), {"hanh_dong": "gui", "kenh": "sms"})
    client.post(reverse("portal_verify"), {"hanh_dong": "nhap", "ma": last_sms_code()})
    assert client.get(url).status_code == 200


def test_the_submission_form_does_not_prefill_the_victims_address(client, scene, victims_dossier):
    register(client)
    page = client.get(reverse("portal_submit", args=[scene.version.procedure.pk])).content.decode()
    assert "Nộp hồ sơ" in page and APPLICANT["address"] not in page
