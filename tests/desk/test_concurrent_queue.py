"""Several kiosks and counters at once: unique gap-free numbers, no ticket called twice."""

import multiprocessing as mp

import pytest
from django.db import connections

from tests.factories import Desk

WORKERS, PER_WORKER = 4, 8


def _work(kind: str, worker: int, ids: dict, results) -> None:
    connections.close_all()  # a forked child must not share the parent's connection
    from motcua.desk import queue
    from motcua.desk.models import ServiceCounter
    from motcua.org.models import Agency, User

    done = []
    if kind == "issue":
        agency = Agency.objects.get(pk=ids["agency"])
        done = [queue.issue_ticket(agency).number for _n in range(PER_WORKER)]
    else:
        counter = ServiceCounter.objects.get(pk=ids["counters"][worker])
        user = User.objects.get(pk=ids["desk"])  # one officer at several counters: fine for the test
        for _n in range(PER_WORKER):
            ticket, _message = queue.call_next(counter, user)
            if ticket is not None:
                done.append(ticket.pk)
                queue.finish(ticket, user)
    connections.close_all()
    results.put(done)


def _run(kind: str, ids: dict) -> list:
    connections.close_all()
    ctx = mp.get_context("fork")
    results = ctx.Queue()
    procs = [ctx.Process(target=_work, args=(kind, w, ids, results)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    out = [x for _p in procs for x in results.get(timeout=120)]
    for p in procs:
        p.join(timeout=30)
    return out


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_kiosks_and_counters():
    from motcua.desk.models import ServiceCounter

    scene = Desk()
    counters = [
        ServiceCounter.objects.create(agency=scene.agency, number=n).pk for n in range(1, WORKERS + 1)
    ]
    ids = {"agency": scene.agency.pk, "counters": counters, "desk": scene.desk.pk}
    numbers = _run("issue", ids)
    assert sorted(numbers) == list(range(1, WORKERS * PER_WORKER + 1))
    called = _run("call", ids)
    assert len(called) == len(set(called)) == WORKERS * PER_WORKER
