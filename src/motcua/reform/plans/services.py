"""The one write path of reform plans, tasks and periodic reports (architecture rule 1).

Each action runs in one transaction, locks the row whose state it changes, and checks that the
caller acts for the unit concerned (``access.own_agency_ids``) — or, for the report schedule, is
the province reform manager. A refusal raises a ``DossierError`` with a Vietnamese message and
changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.documents.validation import validate_upload
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.org.models import Agency, Membership
from motcua.reform import access

from .models import (
    PeriodicReport,
    PlanState,
    PlanTask,
    ReformArea,
    ReformPlan,
    ReportDeadline,
    ReportKind,
    ReportSubmission,
    TaskEvidence,
    TaskKind,
    TaskStatus,
)
from .selectors import PLAN_AGENCY_KINDS

MAX_TITLE = 300
MAX_TASK_TITLE = 500


# --- helpers ---------------------------------------------------------------------------------


def _text(value: str | None, limit: int, what: str, *, required: bool = False, field: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("Cần nhập %(what)s.") % {"what": what}, details={"field": field})
    if len(value) > limit:
        raise InvalidInput(
            _("%(what)s dài quá %(n)s ký tự.") % {"what": what.capitalize(), "n": limit},
            details={"field": field},
        )
    return value


def _check_unit(user, agency_id: int) -> None:
    """The caller must act for the unit (leader or its reform officer)."""
    if user.is_superuser:
        return
    if agency_id not in access.own_agency_ids(user):
        raise Forbidden(
            _("Chỉ lãnh đạo hoặc cán bộ cải cách hành chính của đơn vị được cập nhật nội dung này.")
        )


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise InvalidInput(_("Năm kế hoạch không hợp lệ."), details={"field": "year"}) from None
    if not 2000 <= year <= 2100:
        raise InvalidInput(_("Năm kế hoạch không hợp lệ."), details={"field": "year"})
    return year


def _store(upload, owner, field_name: str = "file") -> None:
    """Validate an upload (type, content, size) and attach it to ``owner`` under a random name."""
    if upload is None:
        raise InvalidInput(_("Cần chọn tệp để tải lên."), details={"field": "file"})
    content_type, ext = validate_upload(upload.name, upload)
    upload.seek(0)
    owner.original_name = upload.name[:255]
    owner.content_type = content_type
    owner.size = upload.size
    getattr(owner, field_name).save(f"{uuid.uuid4().hex}.{ext}", upload, save=False)


def _locked_plan(plan_id: int) -> ReformPlan:
    return ReformPlan.objects.select_for_update().select_related("agency").get(pk=plan_id)


def _locked_task(task_id: int) -> PlanTask:
    return PlanTask.objects.select_for_update().select_related("plan__agency").get(pk=task_id)


# --- plans -------------------------------------------------------------------------------------


def _plan_fields(title, document_number, issued_on, year: int) -> dict:
    fields = {
        "title": _text(title, MAX_TITLE, _("tên kế hoạch"), required=True, field="title"),
        "document_number": _text(document_number, 50, _("số hiệu văn bản"), field="document_number"),
        "issued_on": issued_on,
    }
    if issued_on and issued_on.year not in (year - 1, year):
        raise InvalidInput(
            _("Ngày ban hành kế hoạch năm %(year)s phải thuộc năm %(year)s hoặc cuối năm trước.")
            % {"year": year},
            details={"field": "issued_on"},
        )
    return fields


@transaction.atomic
def create_plan(
    user, agency_id: int, year, title: str, document_number: str = "", issued_on: date | None = None
) -> ReformPlan:
    """Lập kế hoạch: one plan per agency and year, as a draft."""
    _check_unit(user, agency_id)
    year = _check_year(year)
    agency = Agency.objects.select_for_update().get(pk=agency_id)
    if agency.kind not in PLAN_AGENCY_KINDS:
        raise InvalidInput(_("Chỉ sở, ban, ngành và UBND xã, phường lập kế hoạch cải cách hành chính."))
    fields = _plan_fields(title, document_number, issued_on, year)
    if ReformPlan.objects.filter(agency=agency, year=year).exists():
        raise NotAllowed(
            _("%(agency)s đã có kế hoạch cải cách hành chính năm %(year)s.")
            % {"agency": agency, "year": year}
        )
    return ReformPlan.objects.create(agency=agency, year=year, created_by=user, **fields)


@transaction.atomic
def update_plan(user, plan_id: int, title: str, document_number: str = "", issued_on: date | None = None):
    plan = _locked_plan(plan_id)
    _check_unit(user, plan.agency_id)
    for name, value in _plan_fields(title, document_number, issued_on, plan.year).items():
        setattr(plan, name, value)
    if plan.state == PlanState.ISSUED and not (plan.document_number and plan.issued_on):
        raise InvalidInput(_("Kế hoạch đã ban hành phải có số hiệu văn bản và ngày ban hành."))
    plan.updated_at = timezone.now()
    plan.save()
    return plan


@transaction.atomic
def issue_plan(user, plan_id: int) -> ReformPlan:
    """Ban hành: draft → issued; needs the document number, the date and at least one task."""
    plan = _locked_plan(plan_id)
    _check_unit(user, plan.agency_id)
    if plan.state != PlanState.DRAFT:
        raise NotAllowed(_("Kế hoạch đã được ban hành, không ban hành lại."))
    if not (plan.document_number and plan.issued_on):
        raise InvalidInput(_("Cần nhập số hiệu văn bản và ngày ban hành trước khi ban hành kế hoạch."))
    if not plan.tasks.exists():
        raise InvalidInput(_("Kế hoạch chưa có nhiệm vụ nào."))
    plan.state = PlanState.ISSUED
    plan.updated_at = timezone.now()
    plan.save(update_fields=["state", "updated_at"])
    return plan


# --- tasks -------------------------------------------------------------------------------------


def _task_fields(plan: ReformPlan, data: dict) -> dict:
    kind = data.get("kind")
    if kind not in TaskKind.values:
        raise InvalidInput(_("Cần chọn loại nhiệm vụ (chung hoặc cụ thể)."), details={"field": "kind"})
    area = data.get("area")
    if area not in ReformArea.values:
        raise InvalidInput(_("Cần chọn lĩnh vực cải cách."), details={"field": "area"})
    deadline = data.get("deadline")
    if not isinstance(deadline, date):
        raise InvalidInput(_("Cần nhập thời hạn hoàn thành."), details={"field": "deadline"})
    if deadline.year != plan.year:
        raise InvalidInput(
            _("Thời hạn hoàn thành phải nằm trong năm %(year)s của kế hoạch.") % {"year": plan.year},
            details={"field": "deadline"},
        )
    responsible = data.get("responsible")
    if responsible is not None and not (
        Membership.objects.filter(user=responsible, agency_id=plan.agency_id)
        .filter(Membership.active_q(timezone.localdate()))
        .exists()
    ):
        raise InvalidInput(
            _("Người phụ trách phải là cán bộ của %(agency)s.") % {"agency": plan.agency},
            details={"field": "responsible"},
        )
    return {
        "kind": kind,
        "area": area,
        "deadline": deadline,
        "responsible": responsible,
        "title": _text(
            data.get("title"), MAX_TASK_TITLE, _("nội dung nhiệm vụ"), required=True, field="title"
        ),
        "division": _text(data.get("division"), 200, _("bộ phận chủ trì"), required=True, field="division"),
        "deliverable": _text(data.get("deliverable"), 300, _("sản phẩm"), field="deliverable"),
        "note": _text(data.get("note"), 2000, _("ghi chú"), field="note"),
    }


@transaction.atomic
def add_task(user, plan_id: int, **data) -> PlanTask:
    """Thêm nhiệm vụ; numbered after the last task of the same kind."""
    plan = _locked_plan(plan_id)
    _check_unit(user, plan.agency_id)
    fields = _task_fields(plan, data)
    last = plan.tasks.filter(kind=fields["kind"]).order_by("-number").values_list("number", flat=True).first()
    plan.updated_at = timezone.now()
    plan.save(update_fields=["updated_at"])
    return PlanTask.objects.create(plan=plan, number=(last or 0) + 1, **fields)


@transaction.atomic
def update_task(user, task_id: int, **data) -> PlanTask:
    task = _locked_task(task_id)
    _check_unit(user, task.plan.agency_id)
    fields = _task_fields(task.plan, data)
    if fields["kind"] != task.kind:
        last = (
            task.plan.tasks.filter(kind=fields["kind"]).order_by("-number").values_list("number", flat=True)
        )
        task.number = (last.first() or 0) + 1
    for name, value in fields.items():
        setattr(task, name, value)
    task.save()
    return task


@transaction.atomic
def start_task(user, task_id: int) -> PlanTask:
    """Chưa thực hiện → đang thực hiện."""
    task = _locked_task(task_id)
    _check_unit(user, task.plan.agency_id)
    if task.status != TaskStatus.NOT_STARTED:
        raise NotAllowed(_("Chỉ nhiệm vụ chưa thực hiện mới chuyển sang đang thực hiện."))
    task.status = TaskStatus.IN_PROGRESS
    task.save(update_fields=["status"])
    return task


@transaction.atomic
def complete_task(
    user, task_id: int, completed_on: date | None = None, evidence=None, note: str | None = None
) -> PlanTask:
    """Hoàn thành: needs evidence (uploaded now or before); a date after the deadline counts late."""
    task = _locked_task(task_id)
    _check_unit(user, task.plan.agency_id)
    if task.status == TaskStatus.DONE:
        raise NotAllowed(_("Nhiệm vụ đã hoàn thành."))
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise InvalidInput(
            _("Ngày hoàn thành không được sau ngày hôm nay."), details={"field": "completed_on"}
        )
    if completed_on.year < task.plan.year:
        raise InvalidInput(
            _("Ngày hoàn thành phải từ năm %(year)s của kế hoạch.") % {"year": task.plan.year},
            details={"field": "completed_on"},
        )
    if evidence is not None:
        _add_evidence(user, task, evidence)
    elif not task.evidence.exists():
        raise InvalidInput(
            _("Cần tải lên tài liệu kiểm chứng kết quả thực hiện nhiệm vụ."), details={"field": "evidence"}
        )
    task.status = TaskStatus.DONE
    task.completed_on = completed_on
    if note is not None:
        task.note = _text(note, 2000, _("ghi chú"), field="note")
    task.save(update_fields=["status", "completed_on", "note"])
    return task


@transaction.atomic
def reopen_task(user, task_id: int) -> PlanTask:
    """Hoàn thành → đang thực hiện, when the result turned out not to be enough."""
    task = _locked_task(task_id)
    _check_unit(user, task.plan.agency_id)
    if task.status != TaskStatus.DONE:
        raise NotAllowed(_("Chỉ mở lại được nhiệm vụ đã hoàn thành."))
    task.status = TaskStatus.IN_PROGRESS
    task.completed_on = None
    task.save(update_fields=["status", "completed_on"])
    return task


def _add_evidence(user, task: PlanTask, upload) -> TaskEvidence:
    row = TaskEvidence(task=task, uploaded_by=user)
    _store(upload, row)
    row.save()
    return row


@transaction.atomic
def add_evidence(user, task_id: int, upload) -> TaskEvidence:
    task = _locked_task(task_id)
    _check_unit(user, task.plan.agency_id)
    return _add_evidence(user, task, upload)


# --- periodic reports ----------------------------------------------------------------------


def default_deadlines(year: int) -> dict[str, tuple[date, date, date]]:
    """kind → (period start, period end, due date): the province's starting values, editable.

    These are not legal deadlines: they are the defaults this installation proposes; the
    province reform manager changes them on the schedule page.
    """
    return {
        ReportKind.Q1: (date(year, 1, 1), date(year, 3, 31), date(year, 4, 10)),
        ReportKind.HALF_YEAR: (date(year, 1, 1), date(year, 6, 30), date(year, 7, 10)),
        ReportKind.Q3: (date(year, 7, 1), date(year, 9, 30), date(year, 10, 10)),
        ReportKind.YEAR: (date(year, 1, 1), date(year, 12, 31), date(year + 1, 1, 10)),
    }


@transaction.atomic
def set_report_schedule(user, year, due_dates: dict[str, date]) -> int:
    """Lập lịch báo cáo: the year's due dates, and one report row per agency the manager oversees.

    Returns the number of new report rows. Running it again only changes the dates.
    """
    if not access.is_manager(user):
        raise Forbidden(_("Chỉ cán bộ quản lý cải cách hành chính cấp tỉnh được lập lịch báo cáo."))
    year = _check_year(year)
    defaults = default_deadlines(year)
    rows = []
    for kind, (start, end, default_due) in defaults.items():
        due = due_dates.get(kind) or default_due
        if not isinstance(due, date):
            raise InvalidInput(_("Hạn gửi báo cáo không hợp lệ."), details={"field": kind})
        if not start < due <= date(year + 1, 3, 31):
            raise InvalidInput(
                _("Hạn gửi %(report)s phải sau ngày %(start)s và không muộn hơn ngày %(last)s.")
                % {
                    "report": ReportKind(kind).label.lower(),
                    "start": f"{start:%d/%m/%Y}",
                    "last": f"{date(year + 1, 3, 31):%d/%m/%Y}",
                },
                details={"field": kind},
            )
        row, _created = ReportDeadline.objects.select_for_update().update_or_create(
            year=year, kind=kind, defaults={"period_start": start, "period_end": end, "due_on": due}
        )
        rows.append(row)
    agencies = Agency.objects.filter(pk__in=access.managed_agency_ids(user), kind__in=PLAN_AGENCY_KINDS)
    existing = set(PeriodicReport.objects.filter(deadline__in=rows).values_list("agency_id", "deadline_id"))
    new = [
        PeriodicReport(agency=agency, deadline=row)
        for agency in agencies
        for row in rows
        if (agency.pk, row.pk) not in existing
    ]
    PeriodicReport.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def submit_report(user, report_id: int, upload, at: datetime | None = None) -> ReportSubmission:
    """Gửi báo cáo: late is accepted (and counted late); a new file keeps the first submission time."""
    report = PeriodicReport.objects.select_for_update().select_related("deadline").get(pk=report_id)
    _check_unit(user, report.agency_id)
    at = at or timezone.now()
    submission = ReportSubmission(report=report, submitted_by=user, submitted_at=at)
    _store(upload, submission)
    submission.save()
    report.current = submission
    if report.submitted_at is None:
        report.submitted_at = at
        report.submitted_by = user
    report.save(update_fields=["current", "submitted_at", "submitted_by"])
    return submission
