"""Second factor (TOTP, django-otp): an officer with a confirmed device gives the code after the
password, and nothing opens before it — pages, the API with the session, the administration.
"""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.org.models import Role, User
from tests.factories import make_agency, make_user
from tests.signin.conftest import PASSWORD, current_code, password_login

VERIFY = "/dang-nhap/ma-xac-thuc/"


@pytest.fixture
def officer(db):
    user = make_user(make_agency(), Role.DESK_OFFICER)
    TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    return user


def test_the_password_alone_opens_nothing(officer):
    client = Client()
    assert password_login(client, officer).status_code == 302
    for path in ["/can-bo/", "/ho-so/", "/mot-cua/tiep-nhan/"]:
        page = client.get(path)
        assert page.status_code == 302 and page.url.startswith(VERIFY), path
    api = client.get("/api/v1/dossiers")
    assert api.status_code == 403 and "mã xác thực" in api.json()["detail"]
    assert "Nhập mã xác thực" in client.get(VERIFY).content.decode()


def test_the_right_code_after_the_password_logs_in(officer):
    client = Client()
    password_login(client, officer)
    device = officer.totpdevice_set.get()
    done = client.post(f"{VERIFY}?next=/ho-so/", {"ma": current_code(device)})
    assert done.status_code == 302 and done.url == "/ho-so/"
    assert client.get("/can-bo/").status_code == 200


def test_a_wrong_code_is_refused_in_vietnamese(officer, no_code_throttle):
    client = Client()
    password_login(client, officer)
    page = client.post(
        VERIFY, {"ma": "000000" if current_code(officer.totpdevice_set.get()) != "000000" else "111111"}
    )
    assert page.status_code == 200
    assert "Mã xác thực không đúng" in page.content.decode()
    assert client.get("/can-bo/").status_code == 302


def test_a_code_cannot_be_used_twice(officer):
    code = current_code(officer.totpdevice_set.get())
    first = Client()
    password_login(first, officer)
    assert first.post(VERIFY, {"ma": code}).status_code == 302
    second = Client()
    password_login(second, officer)
    assert second.post(VERIFY, {"ma": code}).status_code == 200
    assert second.get("/can-bo/").status_code == 302


def test_an_officer_without_a_device_logs_in_with_the_password(db):
    user = make_user(make_agency(), Role.DESK_OFFICER)
    client = Client()
    assert password_login(client, user).status_code == 302
    assert client.get("/can-bo/").status_code == 200


def test_the_administration_needs_the_code_of_a_user_who_has_a_device(db):
    admin = User.objects.create_superuser("quantri", password=PASSWORD)
    device = TOTPDevice.objects.create(user=admin, name="Khóa", confirmed=True)
    client = Client()
    assert client.post("/admin/login/", {"username": "quantri", "password": PASSWORD}).status_code == 302
    page = client.get("/admin/")
    assert page.status_code == 302 and page.url.startswith(VERIFY)
    assert client.post(f"{VERIFY}?next=/admin/", {"ma": current_code(device)}).url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_unconfirmed_device_asks_for_nothing(db):
    user = make_user(make_agency(), Role.DESK_OFFICER)
    TOTPDevice.objects.create(user=user, name="Chưa xác nhận", confirmed=False)
    client = Client()
    password_login(client, user)
    assert client.get("/can-bo/").status_code == 200
