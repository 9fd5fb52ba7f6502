"""A production server is HTTPS-only by default; every switch is an environment variable.

Issue 14 item 10. Each case starts a fresh Python process with the environment a server would
have (settings are read once, at start) and looks at what the server does or says: the deploy
check, the redirect of a plain-HTTP request, the cookies and headers of an HTTPS one.
"""

import json
import os
import secrets
import string
import subprocess
import sys
import textwrap

import pytest

HOST = "motcua.example.gov.vn"
# What the README lists for a server behind nginx (plus the lead's portal switch, off here).
PRODUCTION = {
    "DEBUG": "0",
    "DJANGO_SETTINGS_MODULE": "motcua.settings",
    "ALLOWED_HOSTS": HOST,
    "MOTCUA_PORTAL_SYNC": "0",
}
BEHIND_NGINX = {"MOTCUA_PROXY_SSL_HEADER": "X-Forwarded-Proto", "CSRF_TRUSTED_ORIGINS": f"https://{HOST}"}
# Every variable of the block, so that the machine running the tests cannot leak one in (nor the
# browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly reports).
OURS = (
    "DJANGO_",
    "MOTCUA_",
    "DATABASE_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_",
    "SESSION_COOKIE_",
    "CSRF_",
)


def secret_key() -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def run(tmp_path, code: str, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    base.update(PRODUCTION, SECRET_KEY=secret_key(), MOTCUA_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(  # noqa: S603 — our own interpreter, fixed arguments
        [sys.executable, "-c", textwrap.dedent(code)],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    """``motcua manage check --deploy``, failing on warnings too."""
    code = """
        import sys
        from motcua.cli import main
        sys.exit(main(["manage", "check", "--deploy", "--fail-level", "WARNING"]))
    """
    return run(tmp_path, code, **env)


def security_settings(tmp_path, **env) -> dict:
    code = """
        import json
        import django
        from django.conf import settings as s
        django.setup()
        names = ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                 "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
                 "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "SECURE_REFERRER_POLICY",
                 "SECURE_CONTENT_TYPE_NOSNIFF"]
        print(json.dumps({n: getattr(s, n) for n in names}))
    """
    started = run(tmp_path, code, **env)
    assert started.returncode == 0, started.stderr
    return json.loads(started.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_the_documented_variables(tmp_path):
    checked = deploy_check(tmp_path, **BEHIND_NGINX)
    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues (0 silenced)." in checked.stdout


def test_check_deploy_is_clean_with_the_production_defaults_alone(tmp_path):
    checked = deploy_check(tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "no issues" in checked.stdout


def test_a_plain_http_server_is_reported_by_check_deploy(tmp_path):
    checked = deploy_check(tmp_path, MOTCUA_HTTPS="0")
    assert checked.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in checked.stderr


def test_a_production_server_is_https_only_by_default(tmp_path):
    s = security_settings(tmp_path)
    assert s["SECURE_SSL_REDIRECT"] and s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and s["SECURE_HSTS_PRELOAD"]
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] and s["SECURE_REFERRER_POLICY"] == "same-origin"
    # No proxy is trusted unless named: a client could otherwise claim HTTPS over plain HTTP.
    assert s["SECURE_PROXY_SSL_HEADER"] is None and s["CSRF_TRUSTED_ORIGINS"] == []


@pytest.mark.parametrize("env", [{"MOTCUA_HTTPS": "0"}, {"DEBUG": "1"}], ids=["plain-http-demo", "debug"])
def test_plain_http_for_a_demo_or_development(tmp_path, env):
    s = security_settings(tmp_path, **env)
    assert not (s["SECURE_SSL_REDIRECT"] or s["SESSION_COOKIE_SECURE"] or s["CSRF_COOKIE_SECURE"])
    assert s["SECURE_HSTS_SECONDS"] == 0 and not s["SECURE_HSTS_PRELOAD"]


def test_the_demo_is_served_over_plain_http(tmp_path):
    """``motcua demo`` (DEBUG off) runs on http://127.0.0.1:8000: no redirect, no Secure cookie."""
    code = """
        from motcua import cli
        cli._django_setup("demo")
        from django.conf import settings as s
        print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)
    """
    started = run(tmp_path, code)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["False", "False", "False", "0"]


def test_each_setting_can_be_changed_on_its_own(tmp_path):
    s = security_settings(
        tmp_path,
        SECURE_SSL_REDIRECT="0",  # nginx redirects already
        SECURE_HSTS_SECONDS="3600",  # a first, short trial of HSTS
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_HSTS_PRELOAD="0",
        SECURE_REFERRER_POLICY="strict-origin-when-cross-origin",
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}, https://mot-cua.example.gov.vn",
        MOTCUA_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    assert not s["SECURE_SSL_REDIRECT"] and s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SECURE_HSTS_SECONDS"] == 3600
    assert not s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and not s["SECURE_HSTS_PRELOAD"]
    assert s["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert s["CSRF_TRUSTED_ORIGINS"] == [f"https://{HOST}", "https://mot-cua.example.gov.vn"]
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("MOTCUA_HTTPS", "co", "MOTCUA_HTTPS phải là 1 (bật) hoặc 0 (tắt)"),
        ("SECURE_HSTS_SECONDS", "mot-nam", "SECURE_HSTS_SECONDS phải là số giây"),
        ("CSRF_TRUSTED_ORIGINS", HOST, "CSRF_TRUSTED_ORIGINS phải ghi cả giao thức"),
    ],
)
def test_a_wrong_value_stops_the_server_with_a_message(tmp_path, variable, value, message):
    started = run(tmp_path, "import motcua.wsgi", **{variable: value})
    assert started.returncode != 0
    assert message in started.stderr


def test_what_a_client_sees_from_a_production_server_behind_nginx(tmp_path):
    code = f"""
        import json
        import django
        django.setup()
        from django.test import Client
        client = Client()
        plain = client.get("/dang-nhap/", HTTP_HOST="{HOST}")
        tls = client.get("/dang-nhap/", HTTP_HOST="{HOST}", HTTP_X_FORWARDED_PROTO="https")
        cookies = {{name: dict(c) for name, c in tls.cookies.items()}}
        print(json.dumps({{
            "plain": [plain.status_code, plain.get("Location")],
            "tls": tls.status_code,
            "headers": dict(tls.headers),
            "cookies": cookies,
        }}))
    """
    started = run(tmp_path, code, **BEHIND_NGINX)
    assert started.returncode == 0, started.stderr
    seen = json.loads(started.stdout.strip().splitlines()[-1])
    # Plain HTTP is sent to HTTPS; over HTTPS (as nginx says) the page is served.
    assert seen["plain"] == [301, f"https://{HOST}/dang-nhap/"]
    assert seen["tls"] == 200
    headers = seen["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert seen["cookies"]["csrftoken"]["secure"] is True
