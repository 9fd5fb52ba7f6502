"""Delivery channels behind one small interface (architecture rule 6).

A channel takes a notification and returns the provider's message id, or raises. ``PermanentFailure``
means retrying cannot help (a number that cannot receive SMS); any other exception is retried.
E-mail goes through Django's mail (``EMAIL_BACKEND``); SMS through the provider plug-in named by
``MOTCUA_SMS_PROVIDER`` (dotted path of a class with ``send_sms(phone, text) -> message id``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.utils.module_loading import import_string

from . import sms

if TYPE_CHECKING:
    from motcua.integrations.models import Notification

DEFAULT_SMS_PROVIDER = "motcua.integrations.notifications.sms_sink.SinkProvider"


class PermanentFailure(Exception):
    """The provider refused the message for a reason a retry cannot change."""


class Channel(Protocol):
    def send(self, notification: Notification) -> str:
        """Send the message; return the provider's message id."""
        ...


class SmsProvider(Protocol):
    """Cổng SMS brandname: an operator's or aggregator's gateway."""

    def send_sms(self, phone: str, text: str) -> str: ...


class EmailChannel:
    def send(self, notification: Notification) -> str:
        message_id = make_msgid(domain=_mail_domain())
        message = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient],
            headers={"Message-ID": message_id},
        )
        if message.send(fail_silently=False) != 1:
            raise RuntimeError("Máy chủ thư không nhận thư.")
        return message_id


class SmsChannel:
    def send(self, notification: Notification) -> str:
        try:
            phone = sms.normalize_phone(notification.recipient)
        except sms.InvalidPhone as exc:
            raise PermanentFailure(str(exc)) from exc
        return sms_provider().send_sms(phone, sms.to_sms_text(notification.body))


def sms_provider() -> SmsProvider:
    return import_string(getattr(settings, "MOTCUA_SMS_PROVIDER", "") or DEFAULT_SMS_PROVIDER)()


def _mail_domain() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    address = sender.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] if "@" in address else "motcua.localhost"


_CHANNELS: dict[str, type] = {"email": EmailChannel, "sms": SmsChannel}


def channel_for(name: str) -> Channel:
    return _CHANNELS[name]()
