"""Two workers (a queued job and the sweeper) reaching the same row at once send it once."""

import threading

import pytest
from django.db import connection

from motcua.integrations.models import Notification
from motcua.integrations.notifications.delivery import deliver
from tests.integrations.conftest import receive
from tests.integrations.providers import SlowSmsProvider


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_send_a_notification_once(scene, settings):
    settings.MOTCUA_SMS_PROVIDER = "tests.integrations.providers.SlowSmsProvider"
    SlowSmsProvider.calls.clear()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # keep jobs queued
    d = receive(scene)
    sms = Notification.objects.get(dossier=d, channel="sms")
    outcomes = []

    def worker():
        try:
            outcomes.append(deliver(sms.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["sent", "skipped"]
    assert len(SlowSmsProvider.calls) == 1
    sms.refresh_from_db()
    assert (sms.state, sms.attempts) == ("sent", 1)
