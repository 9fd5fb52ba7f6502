import os

import pytest

os.environ.setdefault("MOTCUA_ALLOW_INSECURE_KEY", "1")
# The tests talk to the local simulators (identity, payment gateway, national portal).
os.environ.setdefault("MOTCUA_SIMULATORS", "1")
# The test client and the live server speak plain HTTP (a production server is HTTPS-only).
os.environ.setdefault("MOTCUA_HTTPS", "0")


def pytest_configure(config):
    from django.conf import settings

    # Real hashing costs ~0.3 s per user; tests create hundreds of officers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Plain HTTP for the test client and the live server, whatever MOTCUA_HTTPS says (the settings
    # are read before this file's environment defaults apply).
    settings.SECURE_SSL_REDIRECT = settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    # Likewise the simulators: on for the tests (a test that needs one off overrides the setting).
    from motcua.common.simulators import parse

    settings.MOTCUA_SIMULATORS = parse(os.environ.get("MOTCUA_SIMULATORS") or "1")


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="cần PostgreSQL (khóa hàng giữa nhiều tiến trình)")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_calendars():
    """Each test builds its own agencies: never reuse a calendar cached by primary key."""
    from motcua.calendar.services import invalidate_calendar_cache
    from motcua.dossiers.deadlines import forget_calendars
    from motcua.dossiers.services import forget_reference_data, forget_snapshots

    forget_calendars()
    forget_snapshots()
    forget_reference_data()
    invalidate_calendar_cache()
    yield


@pytest.fixture(autouse=True)
def _private_data_dir(settings, tmp_path):
    """Keys, certificates and uploads of a test never reach ./data."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    return settings.DATA_DIR


@pytest.fixture
def rate_clock(monkeypatch):
    """django-ratelimit counts requests in fixed windows of wall-clock time: its clock is held
    still, so that a test never straddles two windows, and moved on when a test says so."""
    from django_ratelimit import core

    class Clock:
        now = float(int(core.time.time()))

        def time(self) -> float:
            return self.now

    clock = Clock()
    monkeypatch.setattr(core, "time", clock)
    return clock


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request):
    """The database cache table (not a model: the flush after a transactional test, such as the
    browser tests, leaves it alone) and the rate-limit counters: such a test starts with none."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        from django.core.cache import caches

        request.getfixturevalue("transactional_db")
        caches["default"].clear()
        caches["ratelimit"].clear()
