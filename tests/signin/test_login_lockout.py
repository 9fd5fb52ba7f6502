"""Login throttling (django-axes): five wrong passwords lock that username from that address.

Before, 50 wrong passwords then the right one were accepted (issue 14, item 7). Officers'
``/dang-nhap/``, citizens' ``/cong-dan/dang-nhap/`` and ``/admin/login/`` are all covered; the
failures are listed in the administration and an administrator can lift a lockout.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from motcua.org.models import User
from tests.factories import make_user

PASSWORD = "mat-khau-rat-dai-2026"
WRONG = "khong-phai-mat-khau"


def citizen(personal_id: str = "001090012345") -> User:
    return User.objects.create_user(
        username=personal_id, personal_id=personal_id, password=PASSWORD, full_name="Nguyễn Văn An"
    )


def login(client: Client, path: str, username: str, password: str):
    return client.post(path, {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


LOGIN_PAGES = ["/dang-nhap/", "/cong-dan/dang-nhap/", "/admin/login/"]


@pytest.mark.parametrize("path", LOGIN_PAGES)
def test_five_wrong_passwords_then_the_right_one_is_refused(db, path):
    user = citizen() if path.startswith("/cong-dan") else make_user()
    if path.startswith("/admin"):
        user.is_staff = True
        user.save()
    client = Client()
    for _ in range(4):
        assert login(client, path, user.username, WRONG).status_code == 200
    assert login(client, path, user.username, WRONG).status_code == 429  # the fifth locks
    locked = login(client, path, user.username, PASSWORD)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Tài khoản tạm thời bị khóa" in html and "15 phút" in html
    assert not logged_in(client)


def test_another_user_from_the_same_address_is_not_locked(db):
    victim, other = make_user(), make_user()
    client = Client()
    for _ in range(5):
        login(client, "/dang-nhap/", victim.username, WRONG)
    assert login(client, "/dang-nhap/", victim.username, PASSWORD).status_code == 429
    second = Client()
    assert login(second, "/dang-nhap/", other.username, PASSWORD).status_code == 302
    assert logged_in(second)


def test_the_same_user_from_another_address_is_not_locked(db):
    user = make_user()
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        login(attacker, "/dang-nhap/", user.username, WRONG)
    assert login(attacker, "/dang-nhap/", user.username, PASSWORD).status_code == 429
    office = Client(REMOTE_ADDR="10.1.2.3")
    assert login(office, "/dang-nhap/", user.username, PASSWORD).status_code == 302


def test_four_failures_then_the_right_password_logs_in_and_starts_the_count_again(db):
    user = make_user()
    client = Client()
    for _ in range(4):
        login(client, "/dang-nhap/", user.username, WRONG)
    assert login(client, "/dang-nhap/", user.username, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=user.username).exists()


def test_the_lockout_ends_after_the_cool_off(db):
    user = make_user()
    client = Client()
    for _ in range(5):
        login(client, "/dang-nhap/", user.username, WRONG)
    assert login(client, "/dang-nhap/", user.username, PASSWORD).status_code == 429
    # Sixteen minutes later (moved in the database rather than waited for).
    attempt = AccessAttempt.objects.get(username=user.username)
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=attempt.attempt_time - timedelta(minutes=16)
    )
    assert login(client, "/dang-nhap/", user.username, PASSWORD).status_code == 302


def test_failures_are_listed_in_the_administration(db):
    user = make_user()
    for _ in range(2):
        login(Client(REMOTE_ADDR="198.51.100.9"), "/dang-nhap/", user.username, WRONG)
    admin = User.objects.create_superuser("quantri", password=PASSWORD)
    client = Client()
    client.force_login(admin)
    attempts = client.get("/admin/axes/accessattempt/").content.decode()
    assert user.username in attempts and "198.51.100.9" in attempts
    failures = client.get("/admin/axes/accessfailurelog/").content.decode()
    assert user.username in failures


def test_an_administrator_lifts_a_lockout_with_the_command(db):
    user = make_user()
    client = Client()
    for _ in range(5):
        login(client, "/dang-nhap/", user.username, WRONG)
    assert login(client, "/dang-nhap/", user.username, PASSWORD).status_code == 429
    call_command("axes_reset_username", user.username)
    assert login(client, "/dang-nhap/", user.username, PASSWORD).status_code == 302


def test_the_limit_and_the_lockout_follow_the_settings(db, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=45)
    user = make_user()
    client = Client()
    for _ in range(2):
        login(client, "/dang-nhap/", user.username, WRONG)
    locked = login(client, "/dang-nhap/", user.username, PASSWORD)
    assert locked.status_code == 429 and "45 phút" in locked.content.decode()
