"""A job left RUNNING by a worker that was killed goes back to the queue once its lease has run
out, counted as an attempt and logged; the next sweep and worker run it once (issue 14, item 12b).
No sleeping: the abandoned row gets a start time in the past."""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.integrations import task_leases
from motcua.integrations.notifications import worker

RUNS: list[str] = []


@task()
def count_run(label: str) -> str:
    RUNS.append(label)
    return label


@pytest.fixture
def queue(transactional_db, settings):
    # db_worker checks its connection as a worker does; inside a test's transaction PostgreSQL's
    # would be closed under the test, so these tests commit for real.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    RUNS.clear()
    yield
    RUNS.clear()


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def abandoned(label: str, started_ago: timedelta, workers: int = 1) -> DBTaskResult:
    """What a worker killed in the middle of the job leaves: the row RUNNING since ``started_ago``."""
    result = count_run.enqueue(label)
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - started_ago
    row.worker_ids = [f"worker-da-dung-{n}" for n in range(workers)]
    row.save()
    return row


def test_an_abandoned_job_runs_once_after_the_next_sweep(queue, caplog):
    row = abandoned("thong-bao", timedelta(hours=1))
    run_worker()
    assert RUNS == []  # on its own the queue never takes a running row again

    with caplog.at_level(logging.WARNING, logger="motcua.integrations.task_leases"):
        outcomes = worker.sweep()
    assert outcomes["reclaimed"] == 1
    assert "đưa lại vào hàng đợi, lần chạy 2/3" in caplog.text and str(row.pk) in caplog.text
    run_worker()
    assert RUNS == ["thong-bao"]

    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and len(row.worker_ids) == 2  # two attempts
    assert "reclaimed" not in worker.sweep()
    run_worker()
    assert RUNS == ["thong-bao"]


def test_a_job_within_its_lease_is_left_to_its_worker(queue, settings):
    row = abandoned("dang-chay", timedelta(minutes=5))
    assert task_leases.reclaim_abandoned() == 0
    settings.MOTCUA_TASK_LEASE_SECONDS = 60  # a shorter lease, as a test or a small site sets it
    assert task_leases.reclaim_abandoned() == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY


def test_a_job_that_kills_its_worker_every_time_is_given_up(queue, caplog):
    row = abandoned("doc-hai", timedelta(hours=1), workers=task_leases.MAX_ATTEMPTS)
    with caplog.at_level(logging.ERROR, logger="motcua.integrations.task_leases"):
        assert task_leases.reclaim_abandoned() == 1
    assert "đánh dấu thất bại" in caplog.text
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED and "bị bỏ dở 3 lần" in row.traceback
    run_worker()
    assert RUNS == []


def test_the_cron_command_takes_abandoned_jobs_back_too(queue, capsys):
    abandoned("cron", timedelta(hours=1))
    call_command("send_notifications")
    assert "Đưa lại vào hàng đợi 1 tác vụ bị bỏ dở." in capsys.readouterr().out
    run_worker()
    assert RUNS == ["cron"]
