"""Concurrent reception from several processes gives unique, gap-free codes (PostgreSQL row locks)."""

import multiprocessing as mp

import pytest
from django.db import connections

from motcua.dossiers.models import Dossier
from tests.factories import APPLICANT, Desk, required_components

WORKERS, PER_WORKER = 4, 10


def _receive_many(worker: int, ids: dict, queue) -> None:
    # A forked child must not share the parent's database connection.
    connections.close_all()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers import services
    from motcua.org.models import Agency, User

    version = ProcedureVersion.objects.get(pk=ids["version"])
    agency = Agency.objects.get(pk=ids["agency"])
    desk = User.objects.get(pk=ids["desk"])
    codes = []
    for n in range(PER_WORKER):
        applicant = {**APPLICANT, "identifier": f"0010900{worker:02d}{n:03d}"}
        at = datetime(2026, 2, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        result = services.receive(
            actor=desk,
            version=version,
            agency=agency,
            applicant=applicant,
            components=ids["components"],
            at=at,
        )
        codes.append(result.dossier.code)
    connections.close_all()
    queue.put(codes)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_receptions_get_unique_gap_free_codes():
    scene = Desk()
    ids = {
        "version": scene.version.pk,
        "agency": scene.agency.pk,
        "desk": scene.desk.pk,
        "components": required_components(scene.version),
    }
    connections.close_all()
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_receive_many, args=(w, ids, queue)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    codes = [c for _ in procs for c in queue.get(timeout=120)]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    expected = {f"000.00.06.H56-260210-{n:04d}" for n in range(1, WORKERS * PER_WORKER + 1)}
    assert sorted(codes) == sorted(expected)
    assert set(Dossier.objects.values_list("code", flat=True)) == expected
    lines = sorted(Dossier.objects.values_list("ledger_line", flat=True))
    assert lines == list(range(1, WORKERS * PER_WORKER + 1))
