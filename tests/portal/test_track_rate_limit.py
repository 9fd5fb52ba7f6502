"""The public tracking look-up (code + ID, no login) is rate limited, by address and by code.

Before, 200 guesses of the owner's ID for one code took 6 s (issue 14, item 7).
"""

import pytest
from django.test import Client

from tests.dossiers.conftest import receive
from tests.factories import APPLICANT, Desk

SLOWED = "Bạn đã tra cứu quá nhiều lần, vui lòng thử lại sau"


@pytest.fixture
def scene(db):
    return Desk()


def guess(client: Client, code: str, identifier: str):
    return client.get("/tra-cuu/", {"ma": code, "so": identifier})


def test_guesses_from_one_address_are_stopped(scene, rate_clock):
    d = receive(scene)
    client = Client(REMOTE_ADDR="203.0.113.5")
    for i in range(10):
        assert guess(client, d.code, f"0010900{i:05d}").status_code == 200
    stopped = guess(client, d.code, APPLICANT["identifier"])  # even the right ID, now
    assert stopped.status_code == 429
    html = stopped.content.decode()
    assert SLOWED in html and "1 phút" in html
    assert "Nguyễn Văn An" not in html and "Đăng ký kết hôn" not in html
    assert int(stopped["Retry-After"]) <= 60
    # Another address is served; the same one again after the minute.
    assert (
        "Đăng ký kết hôn"
        in guess(Client(REMOTE_ADDR="198.51.100.1"), d.code, APPLICANT["identifier"]).content.decode()
    )
    rate_clock.now += 61
    assert guess(client, d.code, APPLICANT["identifier"]).status_code == 200


def test_guesses_at_one_code_from_many_addresses_are_stopped(scene, rate_clock):
    d = receive(scene)
    for i in range(20):
        assert guess(Client(REMOTE_ADDR=f"10.0.{i}.1"), d.code, f"0010900{i:05d}").status_code == 200
    stopped = guess(Client(REMOTE_ADDR="10.9.9.9"), d.code, APPLICANT["identifier"])
    assert stopped.status_code == 429 and SLOWED in stopped.content.decode()
    # Another dossier's code is not affected.
    other = receive(scene)
    assert guess(Client(REMOTE_ADDR="10.9.9.9"), other.code, APPLICANT["identifier"]).status_code == 200


def test_opening_the_page_without_an_id_is_not_counted(scene, rate_clock):
    d = receive(scene)
    client = Client()
    for _ in range(30):
        assert client.get("/tra-cuu/", {"ma": d.code}).status_code == 200
    assert guess(client, d.code, APPLICANT["identifier"]).status_code == 200


def test_the_limits_follow_the_settings(scene, rate_clock, settings):
    settings.MOTCUA_LOOKUP_RATE = "2/10m"
    d = receive(scene)
    client = Client()
    for _ in range(2):
        guess(client, d.code, "001090099999")
    stopped = guess(client, d.code, APPLICANT["identifier"])
    assert stopped.status_code == 429 and "phút" in stopped.content.decode()
    settings.MOTCUA_LOOKUP_RATE = ""  # empty: no limit
    assert guess(client, d.code, APPLICANT["identifier"]).status_code == 200


def test_behind_a_proxy_the_address_it_saw_is_counted(scene, rate_clock, settings):
    settings.MOTCUA_PROXY_COUNT = 1
    d = receive(scene)

    def through_proxy(client_address: str, written_by_client: str = ""):
        chain = ", ".join(a for a in (written_by_client, client_address) if a)
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=chain)

    for i in range(10):
        through_proxy("203.0.113.5", written_by_client=f"192.0.2.{i}").get(
            "/tra-cuu/", {"ma": d.code, "so": f"0010900{i:05d}"}
        )
    # What the client writes at the left of X-Forwarded-For does not give it a fresh allowance…
    assert guess(through_proxy("203.0.113.5", "192.0.2.99"), d.code, "001090099999").status_code == 429
    # …and another citizen behind the same proxy is not stopped with it.
    assert guess(through_proxy("198.51.100.7"), d.code, APPLICANT["identifier"]).status_code == 200
