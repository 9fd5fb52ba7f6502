import os

import pytest

os.environ.setdefault("MOTCUA_ALLOW_INSECURE_KEY", "1")
# The tests talk to the local simulators (identity, payment gateway, national portal).
os.environ.setdefault("MOTCUA_SIMULATORS", "1")


def pytest_configure(config):
    from django.conf import settings

    # Real hashing costs ~0.3 s per user; tests create hundreds of officers.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


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
