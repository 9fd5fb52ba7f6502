"""Nhắc việc: e-mail about reform tasks that fall due soon or are overdue, once per task per day.

The project's notification outbox (``integrations.notifications``) only knows dossier and petition
messages (its kinds and templates are fixed), so reminders go out with Django's ``send_mail``;
the ``TaskReminder`` log row is written in the same transaction as the send, so a failed send
leaves no row and the next run tries again, and a second run the same day sends nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.calendar.services import build_calendar
from motcua.org.models import Membership, Role

from .models import PlanTask, TaskReminder, TaskStatus

DEFAULT_WITHIN_DAYS = 3


def recipients(task: PlanTask, today: date) -> list[str]:
    """The responsible officer; without one (or without an address), the unit's leaders."""
    if task.responsible_id and task.responsible.email:
        return [task.responsible.email]
    leaders = (
        Membership.objects.filter(agency_id=task.plan.agency_id, role=Role.LEADER, user__is_active=True)
        .filter(Membership.active_q(today))
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(leaders))


def tasks_to_remind(today: date, within_days: int = DEFAULT_WITHIN_DAYS) -> list[PlanTask]:
    """Open tasks due within ``within_days`` working days of ``today`` (each agency's calendar) or overdue."""
    # A generous calendar-day bound keeps the query small; the agency's own working-day
    # calendar (holidays, swapped days, its overrides) then decides.
    bound = today + timedelta(days=2 * within_days + 21)
    candidates = (
        PlanTask.objects.exclude(status=TaskStatus.DONE)
        .filter(deadline__lte=bound)
        .exclude(reminders__sent_on=today)
        .select_related("plan__agency", "responsible")
        .order_by("deadline", "pk")
    )
    horizons: dict[int, date] = {}
    chosen = []
    for task in candidates:
        agency = task.plan.agency
        if agency.pk not in horizons:
            calendar = build_calendar(agency.office_hours(), scope=agency.identifier_code)
            horizons[agency.pk] = calendar.add_working_days(today, within_days)
        if task.deadline <= horizons[agency.pk]:
            chosen.append(task)
    return chosen


def send_reminders(today: date | None = None, within_days: int = DEFAULT_WITHIN_DAYS) -> int:
    """Send today's reminders; return how many e-mails went out. Safe to run many times a day."""
    today = today or timezone.localdate()
    sent = 0
    for task in tasks_to_remind(today, within_days):
        to = recipients(task, today)
        if not to:
            continue
        try:
            with transaction.atomic():
                TaskReminder.objects.create(
                    task=task, sent_on=today, recipient=", ".join(to)[:254], overdue=task.deadline < today
                )
                _mail(task, to, today)
        except IntegrityError:  # another run reminded this task today
            continue
        sent += 1
    return sent


def _mail(task: PlanTask, to: list[str], today: date) -> None:
    overdue = task.deadline < today
    with translation.override("vi"):
        if overdue:
            subject = _("Nhiệm vụ cải cách hành chính quá hạn: %(title)s")
        else:
            subject = _("Nhiệm vụ cải cách hành chính sắp đến hạn: %(title)s")
        subject = " ".join((subject % {"title": task.title}).split())[:200]
        body = render_to_string(
            "reform_plans/reminder_email.txt",
            {"task": task, "overdue": overdue, "days_late": (today - task.deadline).days, "today": today},
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
