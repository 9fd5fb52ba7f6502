"""The same event heard twice (a replay, a retried delivery of the signal) gives no second message."""

from django.core import mail

from motcua.dossiers.models import Dossier
from motcua.dossiers.signals import dossier_changed
from motcua.integrations.models import Notification
from tests.integrations.conftest import receive


def test_a_replayed_event_does_not_duplicate(scene, sink, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(scene)
    event = d.events.get()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_changed.send(sender=Dossier, dossier=d, event=event, previous_state=None)
        dossier_changed.send(sender=Dossier, dossier=d, event=event, previous_state=None)
    assert Notification.objects.filter(dossier=d).count() == 2
    assert len(mail.outbox) == 1 and len(sink) == 1


def test_a_replay_before_sending_still_sends_once(scene, sink, django_capture_on_commit_callbacks):
    d = receive(scene)  # rows written, queued job lost
    event = d.events.get()
    with django_capture_on_commit_callbacks(execute=True):
        dossier_changed.send(sender=Dossier, dossier=d, event=event, previous_state=None)
    assert Notification.objects.filter(dossier=d).count() == 2
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}
    assert len(mail.outbox) == 1 and len(sink) == 1
