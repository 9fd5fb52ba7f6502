"""Outside systems that misbehave, for the tests: selected through the same settings as real ones."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class DownSmsProvider:
    calls: list[tuple[str, str]] = []

    def send_sms(self, phone: str, text: str) -> str:
        self.calls.append((phone, text))
        raise ConnectionError("Cổng SMS không phản hồi")


class DownEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Máy chủ thư ngắt kết nối")


class SlowSmsProvider:
    """A gateway that takes its time: two workers racing for one row must not both send it."""

    calls: list[tuple[str, str]] = []

    def send_sms(self, phone: str, text: str) -> str:
        import time

        self.calls.append((phone, text))
        time.sleep(0.3)
        return f"slow-{len(self.calls)}"
