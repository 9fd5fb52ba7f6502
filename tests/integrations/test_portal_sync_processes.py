"""Issue 8's fault test with real processes: worker processes send the outbox to the portal
simulator over HTTP; one is killed (SIGKILL) in the middle of its batch, PostgreSQL itself is
restarted under the survivors, the portal goes down and comes back — and in the end the portal
holds every dossier and every status change exactly once, in order.

Needs the throw-away cluster of ``./run test`` (it exports how to restart it); skipped elsewhere.
"""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from motcua.integrations.models import SyncItem
from tests.integrations.conftest import receive
from tests.integrations.test_portal_sync_outbox import walk
from tests.integrations.test_portal_sync_simulator import SECRET, http_portal, sim  # noqa: F401

PGCTL, PGDATA, PGLOG = (os.environ.get(f"MOTCUA_TEST_{k}") for k in ("PGCTL", "PGDATA", "PGLOG"))
SCALE = "0.02"  # waits and leases 50 times shorter: a lease of 2.4 s, the first retry after 0.6 s

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not (PGCTL and PGDATA), reason="cần cụm PostgreSQL tạm của ./run test"),
]


def _worker_env(url: str, data_dir) -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MOTCUA_ALLOW_INSECURE_KEY": "1",
        "MOTCUA_DATA_DIR": str(data_dir),
        "MOTCUA_PORTAL_CLIENT": "motcua.integrations.portal_sync.clients.HttpClient",
        "MOTCUA_PORTAL_URL": url,
        "MOTCUA_PORTAL_SECRET": SECRET,
        "MOTCUA_PORTAL_TIMEOUT": "1",
        "MOTCUA_PORTAL_RETRY_SCALE": SCALE,
        "CONN_MAX_AGE": "0",
    }


def _start_worker(env, log) -> subprocess.Popen:
    code = "import sys; from motcua.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(  # noqa: S603 — our own interpreter and fixed arguments
        [sys.executable, "-c", code, "manage", "portal_sync", "--loop", "--every", "0.1", "--limit", "3"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _restart_database() -> None:
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    connection.close()
    subprocess.run(  # noqa: S603 — the cluster this test run started
        [*as_postgres, PGCTL, "-D", PGDATA, "-l", PGLOG, "-m", "fast", "-w", "restart"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=60,
    )
    connection.close()


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _unsent() -> int:
    try:
        return SyncItem.objects.exclude(state=SyncItem.State.SENT).count()
    except Exception:  # the database is coming back
        connection.close()
        return -1


def test_killed_worker_restarted_database_and_portal_outage(scene, sim, http_portal, settings, tmp_path):  # noqa: F811
    # Keep the fast path's jobs queued (no db_worker here): only the worker processes send.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    dossiers = [walk(scene, receive(scene)) for _ in range(6)] + [receive(scene) for _ in range(6)]
    expected = {
        f"MOTCUA-{d.pk}": list(
            SyncItem.objects.filter(dossier=d).order_by("seq").values_list("seq", flat=True)
        )
        for d in dossiers
    }
    total = sum(len(seqs) for seqs in expected.values())
    assert _unsent() == total

    sim.configure(slow=0.05)  # each send takes a while: the kill lands in the middle of a batch
    env = _worker_env(http_portal, tmp_path)
    log = (tmp_path / "workers.log").open("w")
    first, second = _start_worker(env, log), _start_worker(env, log)
    workers = [first, second]
    try:
        assert _wait(lambda: sum(len(v) for v in sim.store.values()) >= 8, 60), "the workers never sent"
        first.send_signal(signal.SIGKILL)  # killed while it holds leases, maybe between send and record
        first.wait(10)

        _restart_database()  # the survivor loses its connection in the middle of its loop
        sim.configure(down=True)
        time.sleep(1.0)
        sim.configure(down=False, slow=0.0)
        workers.append(_start_worker(env, log))  # the operator restarts the killed worker

        done = _wait(lambda: _unsent() == 0, 120)
        assert done, (
            f"{_unsent()} items still unsent; workers said:\n"
            + (tmp_path / "workers.log").read_text()[-3000:]
        )
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGKILL)
                worker.wait(10)
        log.close()

    held = {key: [entry["Seq"] for entry in entries] for key, entries in sim.store.items()}
    assert held == expected  # every dossier, every change, once each, in order
    statuses = {
        key: [entry["HoSo"]["TrangThaiHoSo"] for entry in entries] for key, entries in sim.store.items()
    }
    for d in dossiers:
        sent = list(SyncItem.objects.filter(dossier=d).order_by("seq").values_list("status_code", flat=True))
        assert statuses[f"MOTCUA-{d.pk}"] == sent
