"""Turning on the second factor: a page in the officer's menu shows a QR code and the secret,
and a first code confirms the device; the administrator may require it for some roles, and an
officer holding such a role is sent to that page after the login and can do nothing else.
"""

import base64

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.org.models import Role
from motcua.signin.models import SecondFactorRole
from tests.factories import make_agency, make_user
from tests.signin.conftest import current_code, password_login

ENROL = "/tai-khoan/xac-thuc-hai-buoc/"
VERIFY = "/dang-nhap/ma-xac-thuc/"


@pytest.fixture
def agency(db):
    return make_agency()


def test_an_officer_turns_it_on_with_a_first_code(agency):
    user = make_user(agency, Role.SPECIALIST)
    client = Client()
    client.force_login(user)
    assert f'href="{ENROL}"' in client.get("/can-bo/").content.decode()  # in the officer's menu
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    assert "<svg" in page  # the QR code, drawn in the page
    assert secret[:4] in page.replace(" ", "")
    done = client.post(ENROL, {"ma": current_code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # From now on the login asks for the code.
    again = Client()
    password_login(again, user)
    assert again.get("/can-bo/").url.startswith(VERIFY)


def test_a_wrong_first_code_confirms_nothing(agency, no_code_throttle):
    user = make_user(agency, Role.SPECIALIST)
    client = Client()
    client.force_login(user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)
    wrong = "123456" if current_code(device) != "123456" else "654321"
    page = client.post(ENROL, {"ma": wrong})
    assert page.status_code == 200 and "Mã xác thực không đúng" in page.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_a_role_that_requires_it_sends_the_officer_to_enrolment(agency):
    SecondFactorRole.objects.create(role=Role.LEADER)
    leader = make_user(agency, Role.LEADER)
    client = Client()
    assert password_login(client, leader).status_code == 302
    for path in ["/can-bo/", "/ho-so/"]:
        page = client.get(path)
        assert page.status_code == 302 and page.url.startswith(ENROL), path
    assert client.get("/api/v1/dossiers").status_code == 403
    assert "bắt buộc" in client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    assert client.post(ENROL, {"ma": current_code(device)}).status_code == 302
    assert client.get("/can-bo/").status_code == 200


def test_other_roles_are_not_required(agency):
    SecondFactorRole.objects.create(role=Role.LEADER)
    desk = make_user(agency, Role.DESK_OFFICER)
    client = Client()
    password_login(client, desk)
    assert client.get("/can-bo/").status_code == 200


def test_a_required_officer_cannot_turn_it_off(agency):
    SecondFactorRole.objects.create(role=Role.LEADER)
    leader = make_user(agency, Role.LEADER)
    device = TOTPDevice.objects.create(user=leader, name="Điện thoại", confirmed=True)
    client = Client()
    password_login(client, leader)
    client.post(VERIFY, {"ma": current_code(device)})
    page = client.post(ENROL, {"tat": "1", "ma": current_code(device)}, follow=True)
    assert "không thể tắt" in page.content.decode()
    assert TOTPDevice.objects.filter(user=leader, confirmed=True).exists()


def test_the_administrator_edits_the_roles_that_require_it(db):
    from motcua.org.models import User

    admin = User.objects.create_superuser("quantri", password="mat-khau-rat-dai-2026")
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/signin/secondfactorrole/add/").status_code == 200
    client.post("/admin/signin/secondfactorrole/add/", {"role": Role.LEADER})
    assert SecondFactorRole.objects.filter(role=Role.LEADER).exists()
