"""The simulated portal: signed, idempotent by sync key + seq, strict about order, and able to
misbehave on demand; the HTTP adapter talks to it over a real socket."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from motcua.integrations.portal_sync import signing
from motcua.integrations.portal_sync.clients import (
    HttpClient,
    PermanentError,
    PortalClient,
    RetryableError,
    SimulatorClient,
    client_for,
)
from motcua.integrations.portal_sync.simulator import PortalSimulator
from tests.integrations.test_portal_sync_outbox import portal  # noqa: F401 — fixture

SECRET = "bi-mat-chung"


def item(key="K-1", seq=1, kind=None, status=2):
    payload = {
        "LoaiDongBo": kind or ("create" if seq == 1 else "update"),
        "MaDongBo": key,
        "Seq": seq,
        "HoSo": {"MaHoSo": key, "TrangThaiHoSo": status},
        "QuaTrinhXuLy": {"Seq": seq},
    }
    return SimpleNamespace(payload=payload, sync_key=key, seq=seq)


@pytest.fixture
def sim(settings):
    settings.MOTCUA_PORTAL_SECRET = SECRET
    return PortalSimulator(secret=SECRET)


def test_stores_once_in_order(sim):
    client = SimulatorClient(sim)
    assert isinstance(client, PortalClient)
    assert client.send(item(seq=1)) == "K-1:1"
    assert client.send(item(seq=1)) == "K-1:1"  # a resend is acknowledged, not stored again
    with pytest.raises(RetryableError, match="409"):
        client.send(item(seq=3))  # seq 2 missing
    with pytest.raises(RetryableError, match="409"):
        client.send(item(key="K-2", seq=2))  # unknown dossier, not a creation
    assert client.send(item(seq=2, status=4)) == "K-1:2"
    assert sim.holdings()["K-1"]["seqs"] == [1, 2]
    assert sim.holdings()["K-1"]["TrangThaiHoSo"] == 4
    assert [o for *_, o in sim.log] == ["stored", "duplicate", "out_of_order", "unknown", "stored"]


def test_rejects_bad_signature_and_status(sim):
    body = json.dumps(item().payload).encode()
    assert sim.handle(body, signing.sign(body, "sai"))[0] == 401
    bad = item(status=11).payload
    body = json.dumps(bad).encode()
    assert sim.handle(body, signing.sign(body, SECRET))[0] == 400


def test_faults(sim):
    client = SimulatorClient(sim)
    sim.configure(fail_next=2)
    for _ in range(2):
        with pytest.raises(RetryableError, match="503"):
            client.send(item())
    sim.configure(down=True)
    with pytest.raises(RetryableError, match="ConnectionError"):
        client.send(item())
    sim.configure(down=False, lose_acks=1)
    with pytest.raises(RetryableError, match="503"):
        client.send(item())  # stored, but the answer was lost
    assert client.send(item()) == "K-1:1"  # the retry is a duplicate
    assert sim.holdings()["K-1"]["seqs"] == [1]
    with pytest.raises(ValueError):
        sim.configure(explode=True)


@pytest.fixture
def http_portal(sim):
    """The simulator behind a real HTTP server on a free port."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            try:
                status, answer = sim.handle(body, self.headers.get(signing.HEADER))
            except ConnectionError:
                status, answer = 503, {"error": "down"}
            raw = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/api/hoso"
    server.shutdown()
    server.server_close()


def test_http_client(http_portal, sim):
    client = HttpClient(url=http_portal, secret=SECRET, timeout=5)
    assert client.send(item()) == "K-1:1"
    sim.configure(fail_next=1)
    with pytest.raises(RetryableError, match="503"):
        client.send(item(seq=2))
    with pytest.raises(PermanentError, match="401"):
        HttpClient(url=http_portal, secret="sai", timeout=5).send(item(seq=2))
    with pytest.raises(RetryableError):
        HttpClient(url="http://127.0.0.1:9/", secret=SECRET, timeout=1).send(item(seq=2))
    assert sim.holdings()["K-1"]["seqs"] == [1]


def test_client_is_chosen_by_setting(settings):
    settings.MOTCUA_PORTAL_CLIENT = "motcua.integrations.portal_sync.clients.HttpClient"
    settings.MOTCUA_PORTAL_URL = "http://portal.example/api"
    client = client_for()
    assert isinstance(client, HttpClient) and client.url == "http://portal.example/api"


def test_simulator_views(client, portal):  # noqa: F811
    body = json.dumps(item().payload).encode()
    headers = {"HTTP_X_DVC_SIGNATURE": signing.sign(body)}
    answer = client.post("/dvc-gia-lap/api/hoso", body, content_type="application/json", **headers)
    assert answer.status_code == 200 and answer.json() == {"ack": "K-1:1"}
    orders = json.dumps({"down": True}).encode()
    control = client.post(
        "/dvc-gia-lap/api/dieu-khien",
        orders,
        content_type="application/json",
        HTTP_X_DVC_SIGNATURE=signing.sign(orders),
    )
    assert control.status_code == 200 and control.json()["down"] is True
    answer = client.post("/dvc-gia-lap/api/hoso", body, content_type="application/json", **headers)
    assert answer.status_code == 503
    held = client.get("/dvc-gia-lap/api/hoso", HTTP_X_DVC_SIGNATURE=signing.sign(b""))
    assert held.json()["K-1"]["seqs"] == [1]
    assert (
        client.post("/dvc-gia-lap/api/dieu-khien", orders, content_type="application/json").status_code == 401
    )


def test_simulator_views_are_off_unless_enabled(client, settings):
    settings.MOTCUA_SIMULATORS = frozenset()
    assert client.get("/dvc-gia-lap/api/hoso").status_code == 404
