"""Cổng DVCQG giả lập: a local stand-in for the national portal (tests and the demo).

It behaves like the portal of domain §11 as far as the sync needs: it checks the HMAC signature,
stores each dossier event once (by sync key + seq: a resent item is acknowledged again with the
same id and not stored twice), refuses an item whose predecessor it has not got (409), and
remembers the latest status of every dossier. It can be told to misbehave:

- ``down``: refuse every request (the HTTP view answers 503, the in-process call raises
  ``ConnectionError``), until told otherwise;
- ``fail_next``: answer 503 to the next *n* requests;
- ``slow``: wait that many seconds before answering;
- ``lose_acks``: store the next *n* items but answer 503, as if the answer were lost on the way
  (the sender retries; the portal must see a duplicate, not a second item);
- ``reorder`` / ``duplicate`` on ``push_online``: push online dossiers to the system shuffled and
  twice.

``push_request`` sends an applicant's stop or adjustment request (``inbound_requests``).

One simulator per process (``portal``); the HTTP views in ``views.py`` serve the same object.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import signing

FAULTS = ("down", "fail_next", "slow", "lose_acks")


@dataclass
class Faults:
    down: bool = False
    fail_next: int = 0
    slow: float = 0.0
    lose_acks: int = 0


@dataclass
class PortalSimulator:
    secret: str | None = None  # None: the configured MOTCUA_PORTAL_SECRET
    store: dict[str, list[dict]] = field(default_factory=dict)  # sync key → items in seq order
    log: list[tuple[str, int, str]] = field(default_factory=list)  # (key, seq, outcome) per request
    faults: Faults = field(default_factory=Faults)

    def __post_init__(self) -> None:
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- control

    def reset(self) -> None:
        with self._lock:
            self.store.clear()
            self.log.clear()
            self.faults = Faults()

    def configure(self, **faults) -> Faults:
        with self._lock:
            for name, value in faults.items():
                if name not in FAULTS:
                    raise ValueError(f"unknown fault {name!r}")
                setattr(self.faults, name, type(getattr(self.faults, name))(value))
            return self.faults

    # ---------------------------------------------------------------- receiving

    def handle(self, body: bytes, signature: str | None) -> tuple[int, dict]:
        """One POST of a sync item: (HTTP status, JSON answer)."""
        if self.faults.down:
            raise ConnectionError("Cổng DVCQG giả lập đang ngừng hoạt động")
        if self.faults.slow:
            time.sleep(self.faults.slow)
        with self._lock:
            if self.faults.fail_next > 0:
                self.faults.fail_next -= 1
                return 503, {"error": "Cổng DVCQG đang quá tải, thử lại sau"}
            if not signing.verify(body, signature, self.secret):
                return 401, {"error": "Chữ ký không hợp lệ"}
            try:
                item = json.loads(body)
                key, seq, kind = str(item["MaDongBo"]), int(item["Seq"]), item["LoaiDongBo"]
                status = int(item["HoSo"]["TrangThaiHoSo"])
            except (ValueError, KeyError, TypeError) as exc:
                return 400, {"error": f"Dữ liệu không hợp lệ: {exc}"}
            if not 1 <= status <= 10:
                return 400, {"error": f"Mã trạng thái không hợp lệ: {status}"}
            held = self.store.get(key)
            ack = f"{key}:{seq}"
            if held and any(h["Seq"] == seq for h in held):
                self.log.append((key, seq, "duplicate"))
                return 200, {"ack": ack, "duplicate": True}
            if held is None and kind != "create":
                self.log.append((key, seq, "unknown"))
                return 409, {"error": f"Chưa có hồ sơ {key}: cần gửi bản tạo hồ sơ trước"}
            if held and seq != held[-1]["Seq"] + 1:
                self.log.append((key, seq, "out_of_order"))
                return 409, {"error": f"Hồ sơ {key}: đã có đến bản {held[-1]['Seq']}, nhận được {seq}"}
            self.store.setdefault(key, []).append(item)
            self.log.append((key, seq, "stored"))
            if self.faults.lose_acks > 0:
                self.faults.lose_acks -= 1
                return 503, {"error": "mất kết nối khi trả lời"}
            return 200, {"ack": ack}

    # ---------------------------------------------------------------- reading

    def holdings(self) -> dict[str, dict]:
        """What the portal holds, per dossier: the latest snapshot and the seqs received."""
        with self._lock:
            return {
                key: {
                    "seqs": [i["Seq"] for i in items],
                    "statuses": [i["HoSo"]["TrangThaiHoSo"] for i in items],
                    **items[-1]["HoSo"],
                }
                for key, items in self.store.items()
            }

    # ---------------------------------------------------------------- pushing online dossiers

    def push_online(
        self,
        submissions: Iterable[dict],
        deliver: Callable[[bytes, str], tuple[int, dict]],
        *,
        reorder: bool = False,
        duplicate: bool = False,
        seed: int = 0,
    ) -> list[tuple[str, int, dict]]:
        """Send online dossiers submitted on the portal to the system; (id, status, answer) each."""
        batch = list(submissions)
        if duplicate:
            batch = batch + batch
        if reorder:
            random.Random(seed).shuffle(batch)  # noqa: S311 — a test shuffle, not security
        answers = []
        for submission in batch:
            body = json.dumps(submission, ensure_ascii=False).encode()
            status, answer = deliver(body, signing.sign(body, self.secret))
            answers.append((submission["MaHoSoCong"], status, answer))
        return answers

    def push_request(
        self, request: dict, deliver: Callable[[bytes, str], tuple[int, dict]], *, times: int = 1
    ) -> list[tuple[int, dict]]:
        """Send the applicant's stop or adjustment request (Decree 118/2025 Art. 21.3) to the
        system, ``times`` times as a portal retrying after a lost answer would."""
        body = json.dumps(request, ensure_ascii=False).encode()
        return [deliver(body, signing.sign(body, self.secret)) for _ in range(times)]


portal = PortalSimulator()
