"""A production server (DEBUG off) refuses to start with a simulator or without the portal's secret.

Issue 14 items 1 and 2: each case starts a fresh Python process with the environment a production
server would have, as gunicorn does (``import motcua.wsgi``), and reads what it says.
"""

import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-key-0123456789",
    "DJANGO_SETTINGS_MODULE": "motcua.settings",
    "ALLOWED_HOSTS": "motcua.example.gov.vn",
}
REAL_PORTAL = {
    "MOTCUA_PORTAL_URL": "https://dichvucong.example/api",
    "MOTCUA_PORTAL_SECRET": "chung-va-bi-mat",
}


def start_server(tmp_path, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MOTCUA_", "DATABASE_URL", "DEBUG"))}
    base.update(PRODUCTION, MOTCUA_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(  # noqa: S603 — our own interpreter, fixed arguments
        [sys.executable, "-c", "import motcua.wsgi"],
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_production_server_starts_with_real_systems_and_says_nothing(tmp_path):
    started = start_server(tmp_path, **REAL_PORTAL)
    assert started.returncode == 0, started.stderr
    assert "giả lập" not in started.stderr


@pytest.mark.parametrize(
    ("variable", "value", "name"),
    [
        ("MOTCUA_PAYMENT_PROVIDER", "simulator", "MOTCUA_SIMULATORS=payment"),
        (
            "MOTCUA_IDENTITY_PROVIDER",
            "motcua.portal.identity.simulator.provider.Simulator",
            "MOTCUA_SIMULATORS=identity",
        ),
        (
            "MOTCUA_PORTAL_CLIENT",
            "motcua.integrations.portal_sync.clients.SimulatorClient",
            "MOTCUA_SIMULATORS=portal",
        ),
    ],
)
def test_a_simulator_chosen_without_the_switch_stops_the_server(tmp_path, variable, value, name):
    started = start_server(tmp_path, **REAL_PORTAL, **{variable: value})
    assert started.returncode != 0
    assert "máy chủ không khởi động" in started.stderr and name in started.stderr


def test_no_portal_secret_no_server(tmp_path):
    started = start_server(tmp_path, MOTCUA_PORTAL_URL="https://dichvucong.example/api")
    assert started.returncode != 0
    assert "MOTCUA_PORTAL_SECRET" in started.stderr
    # A province not yet connected says so explicitly.
    assert start_server(tmp_path, MOTCUA_PORTAL_SYNC="0").returncode == 0


def test_simulators_switched_on_by_name_are_announced(tmp_path):
    started = start_server(tmp_path, MOTCUA_SIMULATORS="1")
    assert started.returncode == 0, started.stderr
    for label in ("VNeID giả lập", "cổng thanh toán giả lập", "Cổng Dịch vụ công quốc gia giả lập"):
        assert label in started.stderr
    only = start_server(tmp_path, MOTCUA_SIMULATORS="payment", MOTCUA_PORTAL_SYNC="0")
    assert only.returncode == 0 and "cổng thanh toán giả lập" in only.stderr
    assert "VNeID" not in only.stderr


def test_an_unknown_simulator_name_is_an_error_not_ignored(tmp_path):
    started = start_server(tmp_path, MOTCUA_SIMULATORS="identity,cong-thanh-toan")
    assert started.returncode != 0 and "cong-thanh-toan" in started.stderr
