"""Accepting a dossier tells the applicant by e-mail and SMS: the code, the appointment, the link."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.states import Channel
from motcua.integrations.models import Notification
from motcua.integrations.notifications.subscribers import muted
from tests.factories import APPLICANT, required_components
from tests.integrations.conftest import receive


def test_accept_at_the_desk_sends_one_email_and_one_sms_with_the_code(
    scene, sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(scene)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an@example.vn"]
    assert d.code in message.subject
    assert d.code in message.body
    assert "Nguyễn Văn An" in message.body
    assert f"https://dichvucong.example.vn/tra-cuu/?ma={d.code}" in message.body
    assert timezone.localtime(d.due_at).strftime("%d/%m/%Y") in message.body
    assert len(sink) == 1
    assert sink[0]["to"] == "84912345678"
    assert d.code in sink[0]["text"]
    rows = Notification.objects.filter(dossier=d).order_by("channel")
    assert [(n.channel, n.kind, n.state, n.attempts) for n in rows] == [
        ("email", "received", "sent", 1),
        ("sms", "received", "sent", 1),
    ]
    assert all(n.sent_at and n.provider_message_id for n in rows)


def test_the_sms_is_also_written_to_the_sink_file(scene, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(scene)
    lines = (settings.DATA_DIR / "sms-sink.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and d.code in lines[0]


def test_online_dossier_is_notified_when_accepted_not_when_submitted(
    scene, sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = services.receive(
            actor=None,
            version=scene.version,
            agency=scene.agency,
            applicant=dict(APPLICANT),
            channel=Channel.ONLINE,
            components=required_components(scene.version),
        ).dossier
    assert mail.outbox == [] and sink == []
    with django_capture_on_commit_callbacks(execute=True):
        d = services.accept(d.pk, actor=scene.desk)
    assert len(mail.outbox) == 1 and d.code in mail.outbox[0].subject
    assert len(sink) == 1


def test_applicant_without_email_or_phone_gets_nothing(scene, sink, django_capture_on_commit_callbacks):
    quiet = {**APPLICANT, "identifier": "001090099999", "email": "", "phone": ""}
    with django_capture_on_commit_callbacks(execute=True):
        receive(scene, quiet)
    assert not Notification.objects.exists()
    assert mail.outbox == [] and sink == []


def test_only_the_channels_the_applicant_gave_are_used(scene, sink, django_capture_on_commit_callbacks):
    phone_only = {**APPLICANT, "identifier": "001090011111", "email": ""}
    with django_capture_on_commit_callbacks(execute=True):
        receive(scene, phone_only)
    assert mail.outbox == [] and len(sink) == 1
    assert list(Notification.objects.values_list("channel", flat=True)) == ["sms"]


def test_a_landline_number_is_recorded_as_undeliverable_and_the_email_still_goes(
    scene, sink, django_capture_on_commit_callbacks
):
    landline = {**APPLICANT, "identifier": "001090022222", "phone": "024 3825 1234"}
    with django_capture_on_commit_callbacks(execute=True):
        receive(scene, landline)
    assert len(mail.outbox) == 1 and sink == []
    sms = Notification.objects.get(channel="sms")
    assert sms.state == Notification.State.DEAD
    assert "không nhận được tin nhắn" in sms.last_error


def test_backdated_events_and_muted_imports_notify_no_one(scene, sink, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive(scene, at=timezone.now() - timedelta(days=30))
        with muted():
            receive(scene, {**APPLICANT, "identifier": "001090033333"})
    assert not Notification.objects.exists()
    assert mail.outbox == [] and sink == []
