import pytest
from django.test import Client

PASSWORD = "mat-khau-rat-dai-2026"


def password_login(client: Client, user, path: str = "/dang-nhap/"):
    """The first step of a login: the login page with the username and the password."""
    return client.post(path, {"username": user.username, "password": PASSWORD})


def current_code(device) -> str:
    """The code an authenticator app would show now, computed from the device's key."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


@pytest.fixture
def no_code_throttle(settings):
    """django-otp makes a second try wait after a wrong code; tests do not wait."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
