"""The local SMS provider for development, tests and the demo: an SMS brandname gateway that
delivers into ``DATA_DIR/sms-sink.jsonl`` (one JSON object a line) and into ``SinkProvider.sent``.

It refuses what a real gateway refuses — a number that is not a Vietnamese mobile, accented text,
a message longer than ``MOTCUA_SMS_MAX_SEGMENTS`` segments — so those mistakes show in tests.
"""

import json
import threading
import uuid
from typing import ClassVar

from django.conf import settings
from django.utils import timezone

from . import sms
from .channels import PermanentFailure

DEFAULT_MAX_SEGMENTS = 4
_write_lock = threading.Lock()


class SinkProvider:
    sent: ClassVar[list[dict]] = []

    def send_sms(self, phone: str, text: str) -> str:
        try:
            to = sms.international(phone)
        except sms.InvalidPhone as exc:
            raise PermanentFailure(str(exc)) from exc
        if not sms.is_gsm_text(text):
            raise PermanentFailure("Tin nhắn thương hiệu phải là tiếng Việt không dấu.")
        parts = sms.segments(text)
        limit = getattr(settings, "MOTCUA_SMS_MAX_SEGMENTS", DEFAULT_MAX_SEGMENTS)
        if parts > limit:
            raise PermanentFailure(f"Tin nhắn dài {parts} phần, cổng SMS chỉ nhận tối đa {limit} phần.")
        record = {
            "id": f"sink-{uuid.uuid4().hex}",
            "to": to,
            "text": text,
            "segments": parts,
            "at": timezone.now().isoformat(),
        }
        path = settings.DATA_DIR / "sms-sink.jsonl"
        with _write_lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.sent.append(record)
        return record["id"]

    @classmethod
    def clear(cls) -> None:
        cls.sent.clear()
