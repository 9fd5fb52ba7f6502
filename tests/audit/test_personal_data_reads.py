"""Who read a citizen's personal data: the dossier page, a file, a printed form, the API and the
applicant lookup at the desk each leave one row (who, when, which dossier and person, what, IP)."""

import logging

import pytest
from django.db import DatabaseError
from django.urls import reverse

from motcua.audit.models import PersonalDataAccess
from motcua.documents import services as documents
from motcua.org.models import Role
from motcua.org.tokens import issue_token
from tests.documents.conftest import pdf_bytes
from tests.factories import APPLICANT, make_agency, make_user


def only_read():
    rows = list(PersonalDataAccess.objects.all())
    assert len(rows) == 1, rows
    return rows[0]


def test_an_officer_opening_a_dossier_page_leaves_a_read_row(client, scene):
    client.force_login(scene.specialist)
    assert client.get(reverse("dossier_detail", args=[scene.dossier.pk])).status_code == 200
    row = only_read()
    assert row.actor == scene.specialist
    assert row.what == PersonalDataAccess.What.DOSSIER_PAGE
    assert (row.dossier_id, row.dossier_code) == (scene.dossier.pk, scene.dossier.code)
    assert row.subject == APPLICANT["identifier"]
    assert row.ip == "127.0.0.1"


def test_the_read_shows_on_the_inspectors_page(client, scene):
    client.force_login(scene.specialist)
    client.get(reverse("dossier_detail", args=[scene.dossier.pk]))
    client.force_login(scene.inspector)
    page = client.get(reverse("audit_log"), {"loai": "truy-cap"}).content.decode()
    assert scene.dossier.code in page
    assert APPLICANT["identifier"] in page
    assert scene.specialist.username in page
    assert "Trang hồ sơ" in page


def test_another_agencys_officer_is_refused_and_nothing_is_logged(client, scene):
    other = make_user(make_agency("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm"), Role.SPECIALIST)
    client.force_login(other)
    assert client.get(reverse("dossier_detail", args=[scene.dossier.pk])).status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_downloading_a_file_is_logged_with_the_file_name(client, scene):
    f = documents.store_file(scene.dossier, pdf_bytes(), name="to-khai.pdf", kind="other", user=scene.desk)
    client.force_login(scene.specialist)
    response = client.get(reverse("dossier_file", args=[scene.dossier.pk, f.pk]))
    assert response.status_code == 200
    row = only_read()
    assert row.what == PersonalDataAccess.What.FILE
    assert row.detail == "to-khai.pdf"
    assert row.subject == APPLICANT["identifier"]


def test_printing_a_form_is_logged(client, scene):
    client.force_login(scene.desk)
    assert client.get(reverse("dossier_form", args=[scene.dossier.pk, "01"])).status_code == 200
    row = only_read()
    assert (row.what, row.detail) == (PersonalDataAccess.What.FORM, "01")


def test_reading_a_dossier_through_the_api_is_logged(client, scene):
    key = issue_token(scene.desk, "máy quét")
    response = client.get(
        f"/api/v1/dossiers/{scene.dossier.pk}", HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200
    row = only_read()
    assert (row.actor, row.what, row.ip) == (scene.desk, PersonalDataAccess.What.API, "10.1.2.3")
    assert row.dossier_id == scene.dossier.pk


def test_the_applicant_lookup_at_the_desk_is_logged_with_the_id_asked_for(client, scene):
    client.force_login(scene.desk)
    response = client.get(reverse("reception_applicant"), {"so": APPLICANT["identifier"]})
    assert response.status_code == 200
    rows = [r for r in PersonalDataAccess.objects.all() if r.what == PersonalDataAccess.What.APPLICANT_LOOKUP]
    assert len(rows) == 1
    assert (rows[0].actor, rows[0].subject) == (scene.desk, APPLICANT["identifier"])


def test_a_read_that_cannot_be_logged_still_shows_and_says_so_in_the_server_log(
    client, scene, monkeypatch, caplog
):
    def broken(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(PersonalDataAccess, "save", broken)
    client.force_login(scene.specialist)
    with caplog.at_level(logging.ERROR, logger="motcua.audit"):
        response = client.get(reverse("dossier_detail", args=[scene.dossier.pk]))
    assert response.status_code == 200
    assert scene.dossier.code in response.content.decode()
    assert any(
        scene.specialist.username in r.getMessage() and scene.dossier.code in r.getMessage()
        for r in caplog.records
    )


def test_read_rows_cannot_be_changed_or_deleted(client, scene):
    client.force_login(scene.specialist)
    client.get(reverse("dossier_detail", args=[scene.dossier.pk]))
    row = only_read()
    row.detail = "sửa"
    with pytest.raises(RuntimeError):
        row.save()
    with pytest.raises(RuntimeError):
        row.delete()
    with pytest.raises(RuntimeError):
        PersonalDataAccess.objects.all().delete()
    with pytest.raises(RuntimeError):
        PersonalDataAccess.objects.update(detail="sửa")
    assert only_read().detail == ""


def test_the_address_is_not_taken_from_what_the_client_wrote(client, scene, settings):
    client.force_login(scene.specialist)
    url = reverse("dossier_detail", args=[scene.dossier.pk])
    forged = {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 10.0.0.9", "REMOTE_ADDR": "127.0.0.1"}
    client.get(url, **forged)
    settings.MOTCUA_PROXY_COUNT = 1  # behind one reverse proxy: the address it saw, appended last
    client.get(url, **forged)
    assert [r.ip for r in PersonalDataAccess.objects.order_by("id")] == ["127.0.0.1", "10.0.0.9"]


@pytest.mark.postgres_only
def test_the_database_itself_refuses_to_rewrite_the_trail(client, scene):
    from django.db import connection, transaction

    client.force_login(scene.specialist)
    client.get(reverse("dossier_detail", args=[scene.dossier.pk]))
    for statement in (
        "UPDATE audit_personaldataaccess SET subject = ''",
        "DELETE FROM audit_personaldataaccess",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert only_read().subject == APPLICANT["identifier"]
