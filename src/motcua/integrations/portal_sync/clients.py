"""The adapter to the national portal (architecture rule 6), chosen by ``MOTCUA_PORTAL_CLIENT``.

A client sends one ``SyncItem`` and returns the portal's acknowledgement id, or raises
``RetryableError`` (the portal is down, slow, or answered 5xx/429: try again later) or
``PermanentError`` (the portal refused the item for good: 4xx other than 409).

A 409 means the portal has not yet got an earlier item of that dossier; it is retryable, since the
earlier item may still be on its way (e.g. a resend after a dead item).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol, runtime_checkable

from django.utils.module_loading import import_string

from . import conf, signing


class PortalError(Exception):
    pass


class RetryableError(PortalError):
    pass


class PermanentError(PortalError):
    pass


@runtime_checkable
class PortalClient(Protocol):
    def send(self, item) -> str:
        """Deliver one sync item; return the portal's acknowledgement id."""


def client_for(path: str | None = None) -> PortalClient:
    return import_string(path or conf.client_path())()


def body_of(item) -> bytes:
    return json.dumps(item.payload, ensure_ascii=False, sort_keys=True).encode()


def outcome(status: int, answer: dict) -> str:
    """Turn the portal's answer into an ack id or the right exception (shared by all clients)."""
    if 200 <= status < 300:
        return str(answer.get("ack") or answer.get("MaXacNhan") or "")
    message = f"HTTP {status}: {answer.get('error') or answer}"
    if status >= 500 or status in {408, 409, 429}:
        raise RetryableError(message)
    raise PermanentError(message)


class HttpClient:
    """JSON POST to ``MOTCUA_PORTAL_URL``, signed with ``MOTCUA_PORTAL_SECRET``."""

    timeout = 15.0

    def __init__(self, url: str | None = None, secret: str | None = None, timeout: float | None = None):
        self.url = url or conf.portal_url()
        self.secret = secret if secret is not None else conf.secret()
        self.timeout = timeout or float(conf.setting("MOTCUA_PORTAL_TIMEOUT", str(self.timeout)))

    def send(self, item) -> str:
        body = body_of(item)
        request = urllib.request.Request(  # noqa: S310 — the URL is configuration, not user input
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                signing.HEADER: signing.sign(body, self.secret),
                "Idempotency-Key": f"{item.sync_key}:{item.seq}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return outcome(response.status, _json(response.read()))
        except urllib.error.HTTPError as exc:
            return outcome(exc.code, _json(exc.read()))
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            raise RetryableError(f"{type(exc).__name__}: {exc}") from exc

    def holdings(self) -> dict[str, dict]:
        """GET on the same URL (the simulator answers it; a real portal would need its own API)."""
        request = urllib.request.Request(  # noqa: S310
            self.url, method="GET", headers={signing.HEADER: signing.sign(b"", self.secret)}
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            return _json(response.read())


def holdings(client=None) -> dict[str, dict]:
    """What the portal holds per sync key (for reconciliation), if the client can tell."""
    client = client or client_for()
    read = getattr(client, "holdings", None)
    if read is None:
        raise NotImplementedError(f"{type(client).__name__} không đọc được dữ liệu của Cổng")
    return read()


class SimulatorClient:
    """In-process: calls the local simulator's handler directly (tests, single-process demo)."""

    def __init__(self, simulator=None):
        from .simulator import portal

        self.simulator = simulator or portal

    def send(self, item) -> str:
        body = body_of(item)
        try:
            status, answer = self.simulator.handle(body, signing.sign(body))
        except (ConnectionError, TimeoutError) as exc:
            raise RetryableError(f"{type(exc).__name__}: {exc}") from exc
        return outcome(status, answer)

    def holdings(self) -> dict[str, dict]:
        return self.simulator.holdings()


def _json(raw: bytes) -> dict:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {"error": raw[:200].decode(errors="replace")}
    return value if isinstance(value, dict) else {"answer": value}
