"""The write path's own statements (compiled once, run on the driver) behave as the ORM would.

Covers: rows written with and without model-signal listeners (ORM save() vs the compiled
statements) are the same; a failing action nested in an outer transaction rolls back to its
savepoint, drops its on-commit callbacks and leaves the outer transaction usable; the one-statement
applicant upsert keeps the kind and the details left empty.
"""

import pytest
from django.db import transaction
from django.db.models.signals import post_save

from motcua.dossiers import services
from motcua.dossiers.errors import NotFound
from motcua.dossiers.models import Dossier, DossierEvent, DossierParticipation
from motcua.dossiers.signals import dossier_changed
from motcua.org.models import Applicant
from motcua.org.services import upsert_applicant
from tests.dossiers.conftest import receive, vn
from tests.factories import APPLICANT

SKIP = {"id", "dossier_id", "created_at", "updated_at"}


def rows(d: Dossier) -> tuple[dict, list[dict]]:
    d = Dossier.objects.get(pk=d.pk)
    dossier = {f.attname: getattr(d, f.attname) for f in Dossier._meta.fields if f.attname not in SKIP}
    dossier["code"] = dossier["code"].rsplit("-", 1)[0]  # numbered per day: differs between the two
    dossier.pop("ledger_line")
    events = [
        {f.attname: getattr(e, f.attname) for f in DossierEvent._meta.fields if f.attname not in SKIP}
        for e in d.events.order_by("seq")
    ]
    return dossier, events


def path(scene, identifier: str) -> Dossier:
    d = services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant={**APPLICANT, "identifier": identifier},
        components=[{"component_id": c.pk} for c in scene.version.components.all() if c.required],
        at=vn("2026-02-10 09:00"),
    ).dossier
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-02-10 10:00"))
    # Decree 118/2025 Art. 19.5: after reception the desk issues the request.
    services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao"], at=vn("2026-02-11 09:00"))
    services.complete_supplement(d.pk, actor=scene.desk, at=vn("2026-02-12 09:00"))
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn("2026-02-13 09:00"))
    return d


def test_compiled_statements_write_what_the_orm_writes(scene):
    fast = path(scene, "001090012345")

    def listener(**kwargs):
        pass

    post_save.connect(listener, sender=Dossier)
    post_save.connect(listener, sender=DossierEvent)
    try:
        assert services._signals_heard(Dossier) and services._signals_heard(DossierEvent)
        slow = path(scene, "001090012346")
    finally:
        post_save.disconnect(listener, sender=Dossier)
        post_save.disconnect(listener, sender=DossierEvent)
    fast_rows, slow_rows = rows(fast), rows(slow)
    fast_rows[0].pop("applicant_id"), slow_rows[0].pop("applicant_id")
    assert fast_rows == slow_rows
    assert len(fast_rows[1]) == 5 and fast_rows[1][2]["action"] == "request_supplement"
    # The objects handed back are the stored rows, with their ids.
    stored = Dossier.objects.get(pk=fast.pk)
    assert stored.event_count == 5 and stored.due_at is not None and stored.due_at.utcoffset() is not None


def test_failing_action_in_an_outer_transaction_rolls_back_to_its_savepoint(
    scene, django_capture_on_commit_callbacks
):
    d = receive(scene)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader)  # the leader's step

    def fail(sender, event, **kwargs):
        if event.action == "approve":
            raise RuntimeError("subscriber failed")

    dossier_changed.connect(fail, sender=Dossier, dispatch_uid="test-fail")
    try:
        with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
            before = Dossier.objects.get(pk=d.pk).event_count
            with pytest.raises(RuntimeError):
                services.approve(d.pk, actor=scene.leader)  # event and row written, then refused
            # The outer transaction goes on; the failed action left nothing, not even its callback.
            assert Dossier.objects.get(pk=d.pk).event_count == before
            assert not DossierEvent.objects.filter(dossier=d, action="approve").exists()
            services.add_note(d.pk, actor=scene.specialist, note="Đã xác minh")
    finally:
        dossier_changed.disconnect(sender=Dossier, dispatch_uid="test-fail")
    assert len(callbacks) == 1  # the note's
    d = Dossier.objects.get(pk=d.pk)
    assert d.approved_at is None and d.events.order_by("-seq").first().action == "note"


def test_participation_is_written_once(scene):
    d = receive(scene)
    services._participate(d, scene.agency)
    assert DossierParticipation.objects.filter(dossier=d).count() == 1


def test_missing_dossier_is_not_found(scene):
    with pytest.raises(NotFound):
        services.add_note(10**9, actor=scene.specialist, note="x")


@pytest.mark.django_db
def test_applicant_upsert_inserts_once_and_never_rewrites_the_record():
    first = upsert_applicant(kind=1, identifier="001090012345", name="Nguyễn Văn An", phone="0912345678")
    again = upsert_applicant(kind=4, identifier=" 001090012345 ", name=" Nguyễn Văn Ân ", address="Hà Nội")
    assert again.pk == first.pk and Applicant.objects.count() == 1
    # Details given with a later dossier stay on that dossier (issue 14, item 5).
    expected = (1, "Nguyễn Văn An", "0912345678", "")
    stored = Applicant.objects.get()
    assert (stored.kind, stored.name, stored.phone, stored.address) == expected
    assert (again.kind, again.name, again.phone, again.address) == expected
    assert again.created_at == first.created_at and again.created_at.utcoffset() is not None
