"""Issue 14, item 5: contact details given at a reception belong to that dossier.

Before, agency B receiving a dossier for a personal ID already known, with another name and
phone, rewrote the shared applicant record, and agency A's notices about A's dossier went to B's
number. Now the record changes only through a verified source (VNeID) and keeps its history.
"""

import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from pypdf import PdfReader

from motcua.dossiers import forms_pdf, services
from motcua.integrations.models import Notification
from motcua.org.models import Applicant, ApplicantChange
from tests.factories import APPLICANT, Desk, required_components

P1, P2, P3 = APPLICANT["phone"], "0987654321", "0977111222"
IMPOSTOR = {
    **APPLICANT,
    "name": "Kẻ Giả Mạo",
    "phone": P2,
    "email": "ke.gia.mao@example.vn",
    "address": "99 Đường Khác, Hải Phòng",
}


@pytest.fixture
def agencies(db) -> tuple[Desk, Desk]:
    a = Desk()
    b = Desk("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=a.version)
    return a, b


def receive(scene: Desk, applicant: dict):
    return services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(applicant),
        components=required_components(scene.version),
    ).dossier


def recipients(dossier, kind=None) -> set[str]:
    rows = Notification.objects.filter(dossier=dossier)
    if kind:
        rows = rows.filter(kind=kind)
    return set(rows.values_list("recipient", flat=True))


def pdf_text(pdf: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_another_agencys_reception_changes_neither_the_record_nor_our_notices(agencies):
    a, b = agencies
    ours = receive(a, APPLICANT)
    theirs = receive(b, IMPOSTOR)
    record = Applicant.objects.get(identifier=APPLICANT["identifier"])
    assert (record.name, record.phone, record.email, record.address) == (
        APPLICANT["name"],
        P1,
        APPLICANT["email"],
        APPLICANT["address"],
    )
    assert not ApplicantChange.objects.exists()
    # A's next notice about A's dossier still goes to the applicant's own phone and e-mail.
    services.request_supplement(ours.pk, actor=a.desk, items=["Bản sao giấy khai sinh"])
    assert recipients(ours, Notification.Kind.SUPPLEMENT_REQUESTED) == {P1, APPLICANT["email"]}
    # B's dossier carries what was given at B's counter.
    assert recipients(theirs) == {P2, IMPOSTOR["email"]}
    assert (theirs.contact.name, theirs.contact.phone) == ("Kẻ Giả Mạo", P2)
    ours.refresh_from_db()
    assert (ours.contact.name, ours.contact.phone) == (APPLICANT["name"], P1)


def test_each_dossiers_receipt_shows_its_own_contact_details(agencies):
    a, b = agencies
    ours, theirs = receive(a, APPLICANT), receive(b, IMPOSTOR)
    ours_text, theirs_text = (
        pdf_text(forms_pdf.render_receipt(ours)),
        pdf_text(forms_pdf.render_receipt(theirs)),
    )
    assert APPLICANT["name"] in ours_text and P1 in ours_text and P2 not in ours_text
    assert "Kẻ Giả Mạo" in theirs_text and P2 in theirs_text and P1 not in theirs_text


def test_a_vneid_login_updates_the_record_and_keeps_the_history(client, agencies):
    a, b = agencies
    receive(a, APPLICANT)
    receive(b, IMPOSTOR)
    start = client.get(reverse("portal_oidc_start"))
    query = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    consent = client.post(
        start["Location"],
        {**query, "personal_id": APPLICANT["identifier"], "name": "Nguyễn Văn An", "phone": P3},
    )
    client.get(consent["Location"])
    record = Applicant.objects.get(identifier=APPLICANT["identifier"])
    assert record.phone == P3 and record.name == "Nguyễn Văn An"
    change = ApplicantChange.objects.get()
    assert (change.field, change.old, change.new, change.source) == ("phone", P1, P3, "vneid")
    assert change.by.personal_id == APPLICANT["identifier"] and change.at is not None


def test_a_new_applicant_is_recorded_with_the_details_given(agencies):
    a, _b = agencies
    d = receive(a, {**APPLICANT, "identifier": "001092000111", "name": "Trần Thị B"})
    record = Applicant.objects.get(identifier="001092000111")
    assert (record.name, record.phone) == ("Trần Thị B", P1)
    assert d.contact.name == "Trần Thị B" and not ApplicantChange.objects.exists()


def test_an_administrators_correction_is_kept_in_the_history(client, agencies):
    from tests.factories import make_user

    a, _b = agencies
    receive(a, APPLICANT)
    record = Applicant.objects.get(identifier=APPLICANT["identifier"])
    admin = make_user(username="quantri")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    url = reverse("admin:org_applicant_change", args=[record.pk])
    form = {
        "kind": record.kind,
        "name": record.name,
        "address": record.address,
        "phone": P3,
        "email": "",
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
        "changes-MIN_NUM_FORMS": "0",
        "changes-MAX_NUM_FORMS": "1000",
    }
    assert client.post(url, form).status_code == 302
    record.refresh_from_db()
    assert (record.phone, record.email) == (P3, "")
    history = {(c.field, c.old, c.new, c.source, c.by_id) for c in ApplicantChange.objects.all()}
    assert history == {
        ("phone", P1, P3, "admin", admin.pk),
        ("email", APPLICANT["email"], "", "admin", admin.pk),
    }
    assert P1 in client.get(url).content.decode()  # the old value shows in the record's history


def test_the_proven_citizen_corrects_their_own_contact_details(client, agencies):
    from tests.factories import make_user, prove_identity

    a, _b = agencies
    receive(a, APPLICANT)
    citizen = make_user(username=APPLICANT["identifier"])
    citizen.personal_id = APPLICANT["identifier"]
    citizen.save()
    client.force_login(citizen)
    form = {"hanh_dong": "lien_he", "dien_thoai": P3, "email": "", "dia_chi": ""}
    client.post(reverse("portal_verify"), form)
    assert Applicant.objects.get(identifier=APPLICANT["identifier"]).phone == P1  # not proven yet
    prove_identity(citizen)
    client.post(reverse("portal_verify"), form)
    assert Applicant.objects.get(identifier=APPLICANT["identifier"]).phone == P3
    change = ApplicantChange.objects.get()
    assert (change.field, change.old, change.new, change.source) == ("phone", P1, P3, "citizen")
    bad = client.post(reverse("portal_verify"), {**form, "dien_thoai": "12345"}, follow=True)
    assert "không nhận được tin nhắn" in bad.content.decode()
    assert Applicant.objects.get(identifier=APPLICANT["identifier"]).phone == P3


def test_officers_find_a_dossier_by_the_name_given_with_it(client, agencies):
    a, b = agencies
    receive(a, APPLICANT)
    theirs = receive(b, IMPOSTOR)
    client.force_login(b.desk)
    page = client.get(reverse("dossier_search"), {"q": "Giả Mạo"}).content.decode()
    assert theirs.code in page and "Kẻ Giả Mạo" in page


def test_the_api_names_the_applicant_as_given_with_the_dossier(client, agencies):
    a, b = agencies
    receive(a, APPLICANT)
    theirs = receive(b, IMPOSTOR)
    client.force_login(b.desk)
    body = client.get(f"/api/v1/dossiers/{theirs.pk}").json()
    assert (body["applicant_name"], body["applicant_identifier"]) == ("Kẻ Giả Mạo", APPLICANT["identifier"])
