"""Only the dossier's own citizen pays and prints; officers print the receipts of their agency."""

from django.test import Client

from motcua.org.models import Role
from motcua.payments import services
from tests.factories import make_agency, make_user, prove_identity

from .conftest import receive


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_another_citizen_gets_404_on_start_and_receipt(scene, dossier, citizen):
    payment = services.record_cash(dossier, actor=scene.desk)
    other = make_user(username="tranthibinh")
    other.personal_id = "001190054321"
    other.save()
    prove_identity(other)  # proven, yet not the owner
    stranger = _client(other)
    assert stranger.get(f"/thanh-toan/ho-so/{dossier.pk}/").status_code == 404
    assert stranger.post(f"/thanh-toan/ho-so/{dossier.pk}/").status_code == 404
    assert stranger.get(f"/thanh-toan/bien-lai/{payment.pk}.pdf").status_code == 404
    assert not dossier.payments.exclude(pk=payment.pk).exists()
    assert _client(citizen).get(f"/thanh-toan/bien-lai/{payment.pk}.pdf").status_code == 200


def test_anonymous_visitor_is_sent_to_login(dossier):
    response = Client().get(f"/thanh-toan/ho-so/{dossier.pk}/")
    assert response.status_code == 302 and response.url.startswith("/dang-nhap/")


def test_receipt_for_officers_of_the_agency_only(scene, dossier):
    payment = services.record_cash(dossier, actor=scene.desk)
    assert _client(scene.specialist).get(f"/thanh-toan/bien-lai/{payment.pk}.pdf").status_code == 200
    elsewhere = make_agency("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm")
    outsider = make_user(elsewhere, Role.DESK_OFFICER)
    assert _client(outsider).get(f"/thanh-toan/bien-lai/{payment.pk}.pdf").status_code == 404


def test_the_citizen_cannot_pay_someone_elses_dossier_with_the_same_account(scene, citizen):
    theirs = receive(scene, applicant={"kind": 1, "identifier": "001190054321", "name": "Trần Thị Bình"})
    assert _client(citizen).post(f"/thanh-toan/ho-so/{theirs.pk}/").status_code == 404
    assert not theirs.payments.exists()
