"""A mail or SMS server that is down never fails or slows the officer's action; the notice waits
in the outbox and is sent later, with a growing delay between attempts, until it goes or is given up."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.integrations.models import Notification
from motcua.integrations.notifications.delivery import MAX_ATTEMPTS, deliver, deliver_due
from tests.integrations.conftest import receive
from tests.integrations.providers import DownSmsProvider

DOWN_SMS = "tests.integrations.providers.DownSmsProvider"
DOWN_MAIL = "tests.integrations.providers.DownEmailBackend"
SINK = "motcua.integrations.notifications.sms_sink.SinkProvider"


@pytest.fixture
def providers_down(settings):
    settings.MOTCUA_SMS_PROVIDER = DOWN_SMS
    settings.EMAIL_BACKEND = DOWN_MAIL
    DownSmsProvider.calls.clear()
    return settings


def restore(settings):
    settings.MOTCUA_SMS_PROVIDER = SINK
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_failing_providers_do_not_fail_the_transition(
    scene, providers_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(scene)
    assert Dossier.objects.get(pk=d.pk).state == State.RECEIVED
    rows = Notification.objects.filter(dossier=d).order_by("channel")
    assert [(n.channel, n.state, n.attempts) for n in rows] == [("email", "failed", 1), ("sms", "failed", 1)]
    assert "SMTPServerDisconnected" in rows[0].last_error
    assert "Cổng SMS không phản hồi" in rows[1].last_error
    # First retry one minute later.
    for n in rows:
        wait = n.next_attempt_at - timezone.now()
        assert timedelta(seconds=50) < wait <= timedelta(minutes=1)


@pytest.mark.django_db(transaction=True)
def test_the_page_only_queues_the_sending(scene, providers_down):
    """With the database queue the request never talks to a provider: the worker does, later."""
    from django_tasks_db.models import DBTaskResult

    providers_down.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    d = receive(scene)  # committed for real: on_commit runs as in production
    assert DownSmsProvider.calls == []
    assert Notification.objects.filter(dossier=d, state="pending", attempts=0).count() == 2
    jobs = DBTaskResult.objects.filter(task_path__endswith="deliver_notification")
    assert jobs.count() == 2
    restore(providers_down)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}
    assert len(mail.outbox) == 1


def test_retries_back_off_then_the_sweeper_sends(
    scene, providers_down, sink, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(scene)
    start = timezone.now()
    # Not due yet: nothing is tried.
    assert deliver_due(now=start + timedelta(seconds=30)) == {}
    # Second attempt after a minute fails again; the next waits five minutes.
    assert deliver_due(now=start + timedelta(minutes=2)) == {"failed": 2}
    email = Notification.objects.get(dossier=d, channel="email")
    assert email.attempts == 2
    assert email.next_attempt_at == start + timedelta(minutes=2) + timedelta(minutes=5)
    restore(providers_down)
    assert deliver_due(now=start + timedelta(minutes=3)) == {}
    assert deliver_due(now=start + timedelta(minutes=8)) == {"sent": 2}
    assert len(mail.outbox) == 1 and d.code in mail.outbox[0].subject
    assert len(sink) == 1
    email.refresh_from_db()
    assert email.state == "sent" and email.attempts == 3 and email.next_attempt_at is None


def test_given_up_after_the_last_attempt(scene, providers_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive(scene)
    moment = timezone.now()
    for _ in range(MAX_ATTEMPTS + 2):
        moment += timedelta(hours=3)
        deliver_due(now=moment)
    rows = Notification.objects.all()
    assert {(n.state, n.attempts) for n in rows} == {("dead", MAX_ATTEMPTS)}
    assert all(n.next_attempt_at is None and n.last_error for n in rows)
    assert len(DownSmsProvider.calls) == MAX_ATTEMPTS


def test_a_sent_notification_is_never_sent_twice(scene, sink, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive(scene)
    later = timezone.now() + timedelta(days=1)
    for n in Notification.objects.all():
        assert deliver(n.pk, now=later) == "skipped"
    assert deliver_due(now=later) == {}
    assert len(mail.outbox) == 1 and len(sink) == 1


def test_a_worker_that_died_while_sending_is_replaced_after_the_lease(scene, sink, settings):
    """The row is claimed (attempt counted) but the worker vanished before recording the outcome."""
    d = receive(scene)  # on_commit never runs here: the queued job is "lost"
    sms = Notification.objects.get(dossier=d, channel="sms")
    assert sms.state == "pending"
    Notification.objects.filter(pk=sms.pk).update(
        attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=10)
    )
    assert deliver_due() == {"sent": 1}  # the email the lost job would have sent
    assert deliver_due(now=timezone.now() + timedelta(minutes=11)) == {"sent": 1}
    sms.refresh_from_db()
    assert sms.state == "sent" and sms.attempts == 2


def test_send_notifications_command_sweeps(scene, sink):
    receive(scene)  # queued jobs lost: only the sweeper can send
    out = io.StringIO()
    call_command("send_notifications", stdout=out)
    assert "Đã gửi 2" in out.getvalue()
    assert len(mail.outbox) == 1 and len(sink) == 1


def test_a_message_the_gateway_refuses_is_given_up_at_once(
    scene, sink, settings, django_capture_on_commit_callbacks
):
    settings.MOTCUA_SMS_MAX_SEGMENTS = 1  # the reception SMS with its link takes two
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(scene)
    sms = Notification.objects.get(dossier=d, channel="sms")
    assert (sms.state, sms.attempts, sms.next_attempt_at) == ("dead", 1, None)
    assert "tối đa 1 phần" in sms.last_error
    assert sink == [] and len(mail.outbox) == 1
