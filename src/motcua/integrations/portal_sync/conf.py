"""Settings of the portal connection, read from Django settings first, then the environment."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULT_CLIENT = "motcua.integrations.portal_sync.clients.SimulatorClient"
# Only good for the simulator and the demo; a real connection sets MOTCUA_PORTAL_SECRET.
DEV_SECRET = "dvc-gia-lap-khong-dung-that"  # noqa: S105 — the simulator's, never a real one


def setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return str(value)


def client_path() -> str:
    return setting("MOTCUA_PORTAL_CLIENT", DEFAULT_CLIENT)


def portal_url() -> str:
    return setting("MOTCUA_PORTAL_URL", "http://127.0.0.1:8000/dvc-gia-lap/api/hoso")


def secret() -> str:
    return setting("MOTCUA_PORTAL_SECRET", DEV_SECRET)


def system_id() -> str:
    """Who we are to the portal: prefix of the sync key of dossiers born here."""
    return setting("MOTCUA_PORTAL_SYSTEM_ID", "MOTCUA")


def enabled() -> bool:
    return setting("MOTCUA_PORTAL_SYNC", "1") not in {"0", "false", "False", ""}
