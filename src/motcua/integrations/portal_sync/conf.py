"""Settings of the portal connection, read from Django settings first, then the environment."""

from __future__ import annotations

import os

from django.conf import settings

SIMULATOR_CLIENT = "motcua.integrations.portal_sync.clients.SimulatorClient"
HTTP_CLIENT = "motcua.integrations.portal_sync.clients.HttpClient"
# Only good for the simulator and the demo (MOTCUA_SIMULATORS); a real connection sets
# MOTCUA_PORTAL_SECRET, and with the simulator off no secret means no inbound dossier is accepted.
DEV_SECRET = "dvc-gia-lap-khong-dung-that"  # noqa: S105 — the simulator's, never a real one


def setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return str(value)


def simulated() -> bool:
    from motcua.common import simulators

    return simulators.is_on(simulators.PORTAL)


def client_path() -> str:
    """``MOTCUA_PORTAL_CLIENT``; unset, the simulator when switched on, the HTTP adapter otherwise."""
    return setting("MOTCUA_PORTAL_CLIENT", "") or (SIMULATOR_CLIENT if simulated() else HTTP_CLIENT)


def portal_url() -> str:
    return setting("MOTCUA_PORTAL_URL", "http://127.0.0.1:8000/dvc-gia-lap/api/hoso")


def secret() -> str:
    """The secret shared with the portal; the simulator's only while the simulator is on, else ""
    (and "" verifies nothing: see ``signing.verify``)."""
    return setting("MOTCUA_PORTAL_SECRET", "") or (DEV_SECRET if simulated() else "")


def system_id() -> str:
    """Who we are to the portal: prefix of the sync key of dossiers born here."""
    return setting("MOTCUA_PORTAL_SYSTEM_ID", "MOTCUA")


def enabled() -> bool:
    return setting("MOTCUA_PORTAL_SYNC", "1") not in {"0", "false", "False", ""}


def portal_status(state: int | None) -> int | None:
    """Our state as the portal's status code: the same number (domain §4), except «đóng hồ sơ»
    (Decree 118/2025 Art. 19.5), which has no known code: ``MOTCUA_PORTAL_STATUS_CLOSED`` (8)."""
    from motcua.dossiers.states import State

    if state is not None and int(state) == State.CLOSED:
        return int(getattr(settings, "MOTCUA_PORTAL_STATUS_CLOSED", 8))
    return state if state is None else int(state)
