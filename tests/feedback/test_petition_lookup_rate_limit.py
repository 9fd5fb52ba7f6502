"""The public petition look-up (code + personal ID) is rate limited like the dossier tracking."""

from django.test import Client

from tests.feedback.conftest import CITIZEN_ID, petition

SLOWED = "Bạn đã tra cứu quá nhiều lần, vui lòng thử lại sau"


def test_guesses_from_one_address_are_stopped(scene, rate_clock):
    p = petition(scene.agency)
    client = Client()
    for i in range(10):
        assert client.get("/phan-anh/tra-cuu/", {"ma": p.code, "so": f"0010900{i:05d}"}).status_code == 200
    stopped = client.get("/phan-anh/tra-cuu/", {"ma": p.code, "so": CITIZEN_ID})
    assert stopped.status_code == 429
    assert SLOWED in stopped.content.decode() and p.content not in stopped.content.decode()


def test_the_satisfaction_form_counts_too(scene, rate_clock):
    p = petition(scene.agency)
    client = Client()
    for i in range(10):
        client.post(
            "/phan-anh/tra-cuu/", {"ma": p.code, "so": f"0010900{i:05d}", "phan_anh": p.pk, "hai_long": "1"}
        )
    stopped = client.post(
        "/phan-anh/tra-cuu/", {"ma": p.code, "so": CITIZEN_ID, "phan_anh": p.pk, "hai_long": "1"}
    )
    assert stopped.status_code == 429
    p.refresh_from_db()
    assert p.satisfied is None


def test_guesses_at_one_code_from_many_addresses_are_stopped(scene, rate_clock):
    p = petition(scene.agency)
    for i in range(20):
        Client(REMOTE_ADDR=f"10.0.{i}.1").get("/phan-anh/tra-cuu/", {"ma": p.code, "so": f"0010900{i:05d}"})
    stopped = Client(REMOTE_ADDR="10.9.9.9").get("/phan-anh/tra-cuu/", {"ma": p.code, "so": CITIZEN_ID})
    assert stopped.status_code == 429
