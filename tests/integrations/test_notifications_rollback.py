"""Notices are stored with the change that causes them: no change, no notice."""

import pytest
from django.core import mail
from django.db import transaction

from motcua.dossiers import services
from motcua.dossiers.errors import DossierError
from motcua.integrations.models import Notification
from tests.integrations.conftest import receive


class Interrupted(Exception):
    pass


def test_a_rolled_back_transition_leaves_no_notification(scene, sink, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(scene)
    mail.outbox.clear()
    sink.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Interrupted),
        transaction.atomic(),
    ):
        services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao giấy khai sinh"])
        assert Notification.objects.filter(kind="supplement_requested").count() == 2
        raise Interrupted
    assert not Notification.objects.filter(kind="supplement_requested").exists()
    assert mail.outbox == [] and sink == []


def test_a_refused_action_writes_nothing(scene, sink, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(scene)
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DossierError):
        services.request_supplement(d.pk, actor=scene.desk, items=[])
    assert Notification.objects.count() == before
