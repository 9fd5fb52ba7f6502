"""The must-show of issue 8: the portal goes down and comes back, a worker is killed mid-batch,
the database connection is reset — and the portal ends up with every dossier and every status
change exactly once, in order."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.integrations.models import SyncItem
from motcua.integrations.portal_sync import delivery, inbound, payload
from motcua.integrations.portal_sync.clients import SimulatorClient
from motcua.integrations.portal_sync.worker import sweep_once
from tests.integrations.conftest import receive
from tests.integrations.test_portal_sync_inbound import submission
from tests.integrations.test_portal_sync_outbox import portal, walk  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_everything_arrives_exactly_once_in_order(scene, portal, monkeypatch):  # noqa: F811
    portal.configure(down=True)
    # Work goes on while the portal is down: the fast path (on commit) fails and backs off.
    a = walk(scene, receive(scene))
    b = receive(scene)
    services.assign(b.pk, actor=scene.head, assignee=scene.desk)
    c = receive(scene)
    portal.push_online([submission(scene, "G22-2511-000077")], inbound.handle)
    online = Dossier.objects.get(idempotency_key="dvc-G22-2511-000077")
    services.accept(online.pk, actor=scene.desk)
    assert portal.store == {}
    assert SyncItem.objects.filter(state="failed").count() == 4  # the head of each dossier
    now = timezone.now() + timedelta(minutes=1)
    assert sweep_once(now=now) == {"failed": 4}

    # The portal comes back, slow and losing some answers.
    portal.configure(down=False, slow=0.01)
    now += timedelta(minutes=3)

    # A worker claims a's first item and is killed before sending it ...
    head_a = SyncItem.objects.get(dossier=a, seq=1)
    assert delivery.claim_only(head_a.pk, now=now) is not None
    # ... another claims b's first item, sends it, and is killed before recording the answer.
    head_b = SyncItem.objects.get(dossier=b, seq=1)
    assert SimulatorClient().send(delivery.claim_only(head_b.pk, now=now))
    # The sweep sends what it may (two answers get lost); a and b wait for their leases.
    portal.configure(lose_acks=2)
    sweep_once(now=now)
    assert f"MOTCUA-{a.pk}" not in portal.store
    assert [i["Seq"] for i in portal.store[f"MOTCUA-{b.pk}"]] == [1]

    # The database connection is reset between batches, and once more while an answer is recorded.
    connection.close()
    real_record, failures = delivery._record, []

    def record_then_lose_db(item, **fields):
        if not failures:
            failures.append(item.pk)
            connection.close()
            raise OperationalError("server closed the connection unexpectedly")
        return real_record(item, **fields)

    monkeypatch.setattr(delivery, "_record", record_then_lose_db)
    for _ in range(30):
        now += timedelta(minutes=5)
        if connection.connection is not None and _ % 3 == 0:
            connection.close()
        sweep_once(now=now)
        if not SyncItem.objects.exclude(state="sent").exists():
            break
    assert failures, "the database reset was exercised"
    assert not SyncItem.objects.exclude(state="sent").exists()

    # Exactly once, in order, with the status of every event.
    for d in (a, b, c, online):
        events = list(d.events.order_by("seq").values_list("seq", "to_state"))
        held = portal.store[payload.sync_key(d)]
        assert [(i["Seq"], i["HoSo"]["TrangThaiHoSo"]) for i in held] == events
    stored = Counter((key, seq) for key, seq, outcome in portal.log if outcome == "stored")
    assert set(stored.values()) == {1}
    assert sum(stored.values()) == SyncItem.objects.count() == 8 + 2 + 1 + 2
    outcomes = Counter(outcome for *_, outcome in portal.log)
    assert outcomes["duplicate"] >= 3  # lost answers, the killed sender, the lost DB write
    assert outcomes["out_of_order"] == outcomes["unknown"] == 0  # never sent n+1 before n
