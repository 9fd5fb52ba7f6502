"""Reminders about tasks due soon or overdue: once per task per day, to the right person."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from motcua.reform.plans import services
from motcua.reform.plans.models import TaskReminder
from motcua.reform.plans.reminders import send_reminders
from tests.factories import make_user

from .conftest import YEAR, add_task, make_plan, pdf_upload

# Monday 3 November 2025; three working days on is Thursday 6 November.
TODAY = date(YEAR, 11, 3)


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def tasks(world):
    plan = make_plan(world.leader, world.commune)
    officer = make_user(world.commune, "specialist", username="chuyenvien")
    officer.email = "chuyenvien@badinh.example.vn"
    officer.save()
    return {
        "overdue": add_task(world.leader, plan, title="Rà soát thủ tục", deadline=date(YEAR, 10, 20)),
        "soon": add_task(
            world.leader, plan, title="Công khai thủ tục", deadline=date(YEAR, 11, 6), responsible=officer
        ),
        "later": add_task(world.leader, plan, title="Tổng kết năm", deadline=date(YEAR, 11, 20)),
        "done": add_task(world.leader, plan, title="Đã xong", deadline=date(YEAR, 10, 1)),
        "officer": officer,
    }


def test_reminds_overdue_and_soon_tasks_once_a_day(world, tasks):
    services.complete_task(world.leader, tasks["done"].pk, date(YEAR, 9, 30), pdf_upload())

    assert send_reminders(TODAY, 3) == 2
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    # No responsible officer: the unit's leader is written to; otherwise the officer.
    overdue = by_recipient[("lanhdao@badinh.example.vn",)]
    assert "quá hạn" in overdue.subject and "Rà soát thủ tục" in overdue.subject
    assert "đã quá hạn 14 ngày" in overdue.body
    soon = by_recipient[("chuyenvien@badinh.example.vn",)]
    assert "sắp đến hạn" in soon.subject and "06/11/2025" in soon.body
    assert not any("Đã xong" in m.subject or "Tổng kết năm" in m.subject for m in mail.outbox)

    assert send_reminders(TODAY, 3) == 0
    assert len(mail.outbox) == 2
    assert TaskReminder.objects.filter(sent_on=TODAY).count() == 2

    # The next day the still-open tasks are reminded again.
    assert send_reminders(date(YEAR, 11, 4), 3) == 2
    assert len(mail.outbox) == 4


def test_command_sends_and_reports_the_count(world, tasks, capsys):
    services.complete_task(world.leader, tasks["done"].pk, date(YEAR, 9, 30), pdf_upload())
    call_command("remind_reform_tasks", "--date", TODAY.isoformat(), "--days", "3")
    assert "Đã gửi 2 thư nhắc việc." in capsys.readouterr().out
    call_command("remind_reform_tasks", "--date", TODAY.isoformat())
    assert "Đã gửi 0 thư nhắc việc." in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_due_soon_counts_working_days_not_calendar_days(world):
    plan = make_plan(world.leader, world.commune)
    add_task(world.leader, plan, title="Họp giao ban", deadline=date(YEAR, 11, 3))  # a Monday
    add_task(world.leader, plan, title="Kiểm tra", deadline=date(YEAR, 11, 4))
    # Friday 31/10 + one working day is Monday 3/11: three calendar days away, still "due soon".
    assert send_reminders(date(YEAR, 10, 31), 1) == 1
    assert "Họp giao ban" in mail.outbox[0].subject


def test_the_worker_thread_reminds_once_even_when_it_wakes_up_twice(world, tasks):
    import threading

    from django.utils import timezone

    from motcua.reform.plans.tasks import remind_daily

    class TwoRounds(threading.Event):
        rounds = 0

        def wait(self, timeout=None):
            self.rounds += 1
            if self.rounds == 2:
                self.set()
            return self.is_set()

    remind_daily(TwoRounds(), every=0)
    # Two rounds on the same day (today the plan's tasks are all past their deadline): each open
    # task is reminded once.
    assert TaskReminder.objects.filter(sent_on=timezone.localdate()).count() == len(mail.outbox) >= 1
    assert len({m.subject for m in mail.outbox}) == len(mail.outbox)
