"""Writes sent together (``dossiers.batching``) behave as if each had been run on its own.

Covers: a reception stores its dossier, participation, event, outbox row and counters, with the
event's id known before the commit; a read after a queued write sees it; a queued write that
fails rolls the whole reception back, leaving no dossier and no number taken; a repeated
idempotency key takes no number either (the next dossier's code and ledger line follow on); the
two numbers of a reception come from one statement, in the order asked; on PostgreSQL the
writes nobody reads back are sent as one batch.
"""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import batching, services
from motcua.dossiers.models import Counter, Dossier, DossierEvent, DossierParticipation
from motcua.dossiers.signals import dossier_changed
from motcua.indicators.models import DailyFact, MonthFact
from motcua.integrations.models import SyncItem
from tests.dossiers.conftest import receive, vn
from tests.factories import APPLICANT, required_components


def test_a_reception_stores_every_row_and_knows_its_event_id(scene):
    seen = []

    def listener(sender, dossier, event, **kwargs):
        seen.append(event)

    dossier_changed.connect(listener)
    try:
        d = receive(scene)
    finally:
        dossier_changed.disconnect(listener)
    event = DossierEvent.objects.get(dossier=d)
    assert seen[0].pk == event.pk  # set when the batch was sent, before the commit
    assert DossierParticipation.objects.filter(dossier=d, agency=scene.agency).exists()
    assert SyncItem.objects.filter(dossier=d, seq=1, kind="create").exists()
    assert DailyFact.objects.get(agency=scene.agency).received_desk == 1
    assert MonthFact.objects.get(agency=scene.agency).received_desk == 1


def test_a_read_after_a_queued_write_sees_it(scene):
    with transaction.atomic(), batching.batched():
        batching.later(
            "INSERT INTO dossiers_counter (agency_id, kind, key, value) VALUES (%s, %s, %s, %s)",
            [scene.agency.pk, "thu", "k", 7],
        )
        assert Counter.objects.get(kind="thu").value == 7


def test_a_failing_queued_write_rolls_the_whole_reception_back(scene):
    def broken(sender, dossier, event, **kwargs):
        batching.later("INSERT INTO khong_co_bang_nay (x) VALUES (%s)", [1])

    dossier_changed.connect(broken)
    try:
        with pytest.raises(DatabaseError):
            receive(scene)
    finally:
        dossier_changed.disconnect(broken)
    assert not Dossier.objects.exists()
    assert not DossierEvent.objects.exists()
    assert not SyncItem.objects.exists()
    assert not DailyFact.objects.exists()
    # No number was taken: the next dossier is the day's first and the year's first line.
    d = receive(scene)
    assert d.code.endswith("-0001") and d.ledger_line == 1


def test_a_repeated_key_takes_no_number(scene):
    def submit(at: str):
        return services.receive(
            actor=scene.desk,
            version=scene.version,
            agency=scene.agency,
            applicant=dict(APPLICANT),
            components=required_components(scene.version),
            idempotency_key="nhap-dup-1",
            at=vn(at),
        )

    first, again = submit("2026-02-10 09:00"), submit("2026-02-10 09:01")
    assert again.created is False and again.dossier.pk == first.dossier.pk
    second = receive(scene, at="2026-02-10 10:00")
    assert first.dossier.code.endswith("-0001") and second.code.endswith("-0002")
    assert (first.dossier.ledger_line, second.ledger_line) == (1, 2)
    assert Dossier.objects.count() == 2


def test_two_numbers_in_one_statement_in_the_order_asked(scene):
    with transaction.atomic():
        assert services.next_numbers(scene.agency.pk, [("ledger", "2026"), ("code", "260210")]) == [1, 1]
        assert services.next_numbers(scene.agency.pk, [("code", "260210"), ("ledger", "2026")]) == [2, 2]
        assert services.next_number(scene.agency.pk, "code", "260210") == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="batches are PostgreSQL's")
def test_on_postgresql_the_unread_writes_go_as_one_batch(scene):
    with CaptureQueriesContext(connection) as queries:
        receive(scene)
    batched = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("[batched]")]
    assert any("dossiers_dossierevent" in sql for sql in batched)
    assert any("integrations_syncitem" in sql for sql in batched)
    assert any("indicators_dailyfact" in sql for sql in batched)


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_the_hot_statements_are_prepared_unless_turned_off(scene, settings):
    """Django leaves psycopg's preparing off; asked for explicitly it must really happen (it once
    silently did not), and ``MOTCUA_PREPARED_STATEMENTS=0`` must really turn it off."""
    settings.MOTCUA_PREPARED_STATEMENTS = False
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # psycopg forgets its own list of prepared statements too
    receive(scene)
    assert _prepared_statements() == []
    settings.MOTCUA_PREPARED_STATEMENTS = True
    receive(scene, at="2026-02-10 10:00")
    prepared = " ".join(_prepared_statements())
    for table in ("dossiers_counter", "org_applicant", "dossiers_dossierevent", "indicators_dailyfact"):
        assert table in prepared
    assert Dossier.objects.count() == 2
