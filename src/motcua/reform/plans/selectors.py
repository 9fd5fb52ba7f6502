"""Queries over reform plans and periodic reports, already scoped to the caller (architecture rule 4).

``plan_completion`` and ``report_timeliness`` are the measured figures the PAR-INDEX reads; they
take an agency id (the index decides who may see them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from motcua.org.models import Agency
from motcua.reform import access

from .models import (
    PeriodicReport,
    PlanTask,
    ReformPlan,
    ReportDeadline,
    ReportSubmission,
    TaskEvidence,
    TaskKind,
    TaskStatus,
)

# The agencies that keep a reform plan and send periodic reports: departments and communes.
PLAN_AGENCY_KINDS = (Agency.Kind.DEPARTMENT, Agency.Kind.PEOPLES_COMMITTEE)


def plan_completion(agency_id: int, year: int) -> tuple[int, int] | None:
    """(specific tasks done, specific tasks planned) of the agency's plan; None without a plan."""
    plan = ReformPlan.objects.filter(agency_id=agency_id, year=year).first()
    if plan is None:
        return None
    counts = plan.tasks.filter(kind=TaskKind.SPECIFIC).aggregate(
        planned=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE))
    )
    return counts["done"], counts["planned"]


def report_timeliness(agency_id: int, year: int, today: date | None = None) -> tuple[int, int] | None:
    """(reports sent on time, reports due by ``today``); None when no report is due yet.

    A report is due by today when its due date is today or earlier; it is on time when its first
    submission fell on or before the due date (local time).
    """
    today = today or timezone.localdate()
    reports = PeriodicReport.objects.filter(
        agency_id=agency_id, deadline__year=year, deadline__due_on__lte=today
    ).select_related("deadline")
    due = on_time = 0
    for report in reports:
        due += 1
        if report.submitted_at and report.submitted_on <= report.due_on:
            on_time += 1
    if not due:
        return None
    return on_time, due


# --- figures -------------------------------------------------------------------------------


@dataclass
class Completion:
    """Completion figures of one plan, split by kind and by done on time / done late."""

    general_planned: int = 0
    general_done: int = 0
    specific_planned: int = 0
    specific_done: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: list[PlanTask] = field(default_factory=list)

    @property
    def specific_percent(self) -> int | None:
        if not self.specific_planned:
            return None
        return round(100 * self.specific_done / self.specific_planned)


def completion_of(tasks, today: date | None = None) -> Completion:
    today = today or timezone.localdate()
    figures = Completion()
    for task in tasks:
        general = task.kind == TaskKind.GENERAL
        if general:
            figures.general_planned += 1
        else:
            figures.specific_planned += 1
        if task.is_done:
            if general:
                figures.general_done += 1
            else:
                figures.specific_done += 1
            if task.done_late:
                figures.done_late += 1
            else:
                figures.done_on_time += 1
        elif task.is_overdue(today):
            figures.overdue.append(task)
    return figures


# --- scoped reads ---------------------------------------------------------------------------


def readable_agency_ids(user) -> set[int] | None:
    """Agencies whose plans ``user`` may read; None means every agency (inspectors, superusers)."""
    if user.is_superuser or access.is_inspector(user):
        return None
    return access.visible_agency_ids(user)


def _readable(user, rows: QuerySet, agency_field: str) -> QuerySet:
    ids = readable_agency_ids(user)
    return rows if ids is None else rows.filter(**{f"{agency_field}__in": ids})


def plans_for(user) -> QuerySet[ReformPlan]:
    return _readable(user, ReformPlan.objects.select_related("agency"), "agency_id")


def plan_for(user, plan_id: int) -> ReformPlan:
    return get_object_or_404(plans_for(user), pk=plan_id)


def task_for(user, task_id: int) -> PlanTask:
    rows = PlanTask.objects.select_related("plan__agency", "responsible")
    return get_object_or_404(_readable(user, rows, "plan__agency_id"), pk=task_id)


def evidence_for(user, evidence_id: int) -> TaskEvidence:
    rows = TaskEvidence.objects.select_related("task__plan")
    return get_object_or_404(_readable(user, rows, "task__plan__agency_id"), pk=evidence_id)


def reports_for(user) -> QuerySet[PeriodicReport]:
    rows = PeriodicReport.objects.select_related("agency", "deadline", "current", "submitted_by")
    return _readable(user, rows, "agency_id")


def report_for(user, report_id: int) -> PeriodicReport:
    return get_object_or_404(reports_for(user), pk=report_id)


def submission_for(user, submission_id: int) -> ReportSubmission:
    rows = ReportSubmission.objects.select_related("report")
    return get_object_or_404(_readable(user, rows, "report__agency_id"), pk=submission_id)


def own_plan_agencies(user) -> list[Agency]:
    """Agencies for which ``user`` acts as the unit and which keep a reform plan."""
    return list(
        Agency.objects.filter(pk__in=access.own_agency_ids(user), kind__in=PLAN_AGENCY_KINDS).order_by(
            "identifier_code"
        )
    )


def deadlines_of(year: int) -> list[ReportDeadline]:
    return list(ReportDeadline.objects.filter(year=year).order_by("due_on"))


@dataclass
class AgencyRow:
    agency: Agency
    plan: ReformPlan | None
    completion: Completion | None
    reports: dict[str, int]


def overview(user, year: int, today: date | None = None) -> list[AgencyRow]:
    """One row per plan-keeping agency the manager oversees (inspectors: every such agency)."""
    today = today or timezone.localdate()
    if access.is_manager(user):
        agencies = Agency.objects.filter(pk__in=access.managed_agency_ids(user), kind__in=PLAN_AGENCY_KINDS)
    elif access.is_inspector(user):
        agencies = Agency.objects.filter(kind__in=PLAN_AGENCY_KINDS)
    else:
        agencies = Agency.objects.none()
    agencies = list(agencies.order_by("kind", "identifier_code"))
    plans = {
        p.agency_id: p
        for p in ReformPlan.objects.filter(year=year, agency__in=agencies).prefetch_related("tasks")
    }
    counts: dict[int, dict[str, int]] = {
        a.pk: {"on_time": 0, "late": 0, "missing": 0, "pending": 0} for a in agencies
    }
    for report in PeriodicReport.objects.filter(deadline__year=year, agency__in=agencies).select_related(
        "deadline"
    ):
        counts[report.agency_id][report.timeliness(today)] += 1
    rows = []
    for agency in agencies:
        plan = plans.get(agency.pk)
        figures = completion_of(plan.tasks.all(), today) if plan else None
        rows.append(AgencyRow(agency, plan, figures, counts[agency.pk]))
    return rows
