"""Pages of reform plans: the overview, a plan and its tasks, a task, a periodic report, the schedule.

Every object is read through ``selectors`` (another unit's record is a 404); every change goes
through ``services`` and a refusal is shown with ``messages.error`` on the re-rendered page.
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.errors import DossierError, InvalidInput
from motcua.org.models import Membership, User
from motcua.params import whole
from motcua.reform import access

from . import exports, selectors, services
from .models import PlanState, ReformArea, ReportKind, TaskKind, TaskStatus

# --- small helpers -------------------------------------------------------------------------


def _year(request) -> int:
    year = whole(request.GET.get("nam") or request.POST.get("year")) or 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _date(post, name: str, what: str, *, required: bool = False) -> date | None:
    raw = (post.get(name) or "").strip()
    if not raw:
        if required:
            raise InvalidInput(_("Cần nhập %(what)s.") % {"what": what}, details={"field": name})
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise InvalidInput(_("%(what)s không hợp lệ (dạng ngày/tháng/năm).") % {"what": what.capitalize()})


def _can_edit(user, agency_id: int) -> bool:
    return user.is_superuser or agency_id in access.own_agency_ids(user)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _file(stored, original_name: str, content_type: str) -> FileResponse:
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=original_name, content_type=content_type
    )


# --- entry page ---------------------------------------------------------------------------


@access.reform_required
def plans_home(request):
    """The manager's (or inspector's) overview and the unit's own plans and reports for a year."""
    user, year, today = request.user, _year(request), timezone.localdate()
    if request.method == "POST":
        try:
            plan = services.create_plan(
                user,
                int(request.POST.get("agency") or 0),
                request.POST.get("year"),
                request.POST.get("title"),
                request.POST.get("document_number"),
                _date(request.POST, "issued_on", _("ngày ban hành")),
            )
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lập kế hoạch. Hãy thêm các nhiệm vụ."))
            return redirect("plans_detail", plan_id=plan.pk)
    oversees = access.is_manager(user) or access.is_inspector(user)
    rows = selectors.overview(user, year, today) if oversees else []
    own = selectors.own_plan_agencies(user)
    own_plans = {p.agency_id: p for p in selectors.plans_for(user).filter(year=year, agency__in=own)}
    own_rows = []
    for agency in own:
        plan = own_plans.get(agency.pk)
        own_rows.append(
            {
                "agency": agency,
                "plan": plan,
                "completion": selectors.completion_of(plan.tasks.all(), today) if plan else None,
            }
        )
    reports = list(
        selectors.reports_for(user).filter(deadline__year=year, agency__in=own).order_by("deadline__due_on")
    )
    return render(
        request,
        "reform_plans/home.html",
        {
            "year": year,
            "today": today,
            "rows": rows,
            "oversees": oversees,
            "is_manager": access.is_manager(user),
            "own_rows": own_rows,
            "reports": [(r, r.timeliness(today)) for r in reports],
            "deadlines": selectors.deadlines_of(year),
            "post": request.POST,
        },
    )


@access.reform_required
def plans_overview_xlsx(request):
    year = _year(request)
    if not (access.is_manager(request.user) or access.is_inspector(request.user)):
        raise Http404(_("Không tìm thấy."))
    rows = selectors.overview(request.user, year)
    return _xlsx(exports.overview_workbook(rows, year), f"tong-hop-cai-cach-{year}.xlsx")


@access.manager_required
def plans_schedule(request):
    """Lịch báo cáo định kỳ: the manager sets the year's due dates and creates the reports."""
    year = _year(request)
    defaults = services.default_deadlines(year)
    stored = {d.kind: d for d in selectors.deadlines_of(year)}
    if request.method == "POST":
        try:
            dates = {
                kind: _date(request.POST, kind, _("hạn gửi %(r)s") % {"r": ReportKind(kind).label.lower()})
                for kind in ReportKind.values
            }
            created = services.set_report_schedule(request.user, year, dates)
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Đã lưu lịch báo cáo năm %(y)s; thêm %(n)s báo cáo cần gửi.") % {"y": year, "n": created},
            )
            return redirect(f"{request.path}?nam={year}")
    items = []
    for kind, (start, end, due) in defaults.items():
        row = stored.get(kind)
        items.append(
            {
                "kind": kind,
                "label": ReportKind(kind).label,
                "start": start,
                "end": end,
                "due": request.POST.get(kind) or (row.due_on if row else due).isoformat(),
                "default": due,
            }
        )
    return render(
        request, "reform_plans/schedule.html", {"year": year, "items": items, "saved": bool(stored)}
    )


# --- a plan ----------------------------------------------------------------------------------


def _members(agency_id: int):
    return (
        Membership.objects.filter(agency_id=agency_id)
        .filter(Membership.active_q(timezone.localdate()))
        .select_related("user")
        .order_by("user__full_name", "user__username")
    )


def _task_data(request) -> dict:
    post = request.POST
    responsible = None
    if post.get("responsible"):
        raw = post["responsible"]
        responsible = User.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
        if responsible is None:
            raise InvalidInput(_("Người phụ trách không hợp lệ."))
    return {
        "kind": post.get("kind"),
        "title": post.get("title"),
        "area": post.get("area"),
        "division": post.get("division"),
        "responsible": responsible,
        "deadline": _date(post, "deadline", _("thời hạn hoàn thành"), required=True),
        "deliverable": post.get("deliverable"),
        "note": post.get("note"),
    }


@access.reform_required
def plans_detail(request, plan_id: int):
    plan = selectors.plan_for(request.user, plan_id)
    can_edit = _can_edit(request.user, plan.agency_id)
    if request.method == "POST" and can_edit:
        action = request.POST.get("action")
        try:
            if action == "edit":
                services.update_plan(
                    request.user,
                    plan.pk,
                    request.POST.get("title"),
                    request.POST.get("document_number"),
                    _date(request.POST, "issued_on", _("ngày ban hành")),
                )
                messages.success(request, _("Đã lưu thông tin kế hoạch."))
            elif action == "issue":
                services.issue_plan(request.user, plan.pk)
                messages.success(request, _("Kế hoạch đã được ban hành."))
            elif action == "add_task":
                task = services.add_task(request.user, plan.pk, **_task_data(request))
                messages.success(request, _("Đã thêm %(task)s.") % {"task": task})
            else:
                raise InvalidInput(_("Thao tác không hợp lệ."))
        except DossierError as exc:
            messages.error(request, exc.message)
            plan.refresh_from_db()
        else:
            return redirect("plans_detail", plan_id=plan.pk)
    today = timezone.localdate()
    tasks = list(plan.tasks.select_related("responsible").prefetch_related("evidence"))
    return render(
        request,
        "reform_plans/plan.html",
        {
            "plan": plan,
            "can_edit": can_edit,
            "today": today,
            "figures": selectors.completion_of(tasks, today),
            "general": [(t, t.is_overdue(today)) for t in tasks if t.kind == TaskKind.GENERAL],
            "specific": [(t, t.is_overdue(today)) for t in tasks if t.kind == TaskKind.SPECIFIC],
            "kinds": TaskKind.choices,
            "areas": ReformArea.choices,
            "members": _members(plan.agency_id) if can_edit else [],
            "post": request.POST if request.method == "POST" else {},
            "draft": plan.state == PlanState.DRAFT,
        },
    )


@access.reform_required
def plans_xlsx(request, plan_id: int):
    plan = selectors.plan_for(request.user, plan_id)
    content = exports.plan_workbook(plan, timezone.localdate())
    return _xlsx(content, f"ke-hoach-cai-cach-{plan.year}-{plan.agency.identifier_code}.xlsx")


# --- a task ----------------------------------------------------------------------------------


@access.reform_required
def plans_task(request, task_id: int):
    task = selectors.task_for(request.user, task_id)
    can_edit = _can_edit(request.user, task.plan.agency_id)
    if request.method == "POST" and can_edit:
        action = request.POST.get("action")
        user = request.user
        try:
            if action == "edit":
                services.update_task(user, task.pk, **_task_data(request))
                messages.success(request, _("Đã lưu nhiệm vụ."))
            elif action == "start":
                services.start_task(user, task.pk)
                messages.success(request, _("Nhiệm vụ chuyển sang đang thực hiện."))
            elif action == "complete":
                services.complete_task(
                    user,
                    task.pk,
                    _date(request.POST, "completed_on", _("ngày hoàn thành")),
                    request.FILES.get("evidence"),
                    request.POST.get("note") if "note" in request.POST else None,
                )
                messages.success(request, _("Đã ghi nhận nhiệm vụ hoàn thành."))
            elif action == "reopen":
                services.reopen_task(user, task.pk)
                messages.success(request, _("Đã mở lại nhiệm vụ."))
            elif action == "evidence":
                services.add_evidence(user, task.pk, request.FILES.get("evidence"))
                messages.success(request, _("Đã tải lên tài liệu kiểm chứng."))
            else:
                raise InvalidInput(_("Thao tác không hợp lệ."))
        except DossierError as exc:
            messages.error(request, exc.message)
            task.refresh_from_db()
        else:
            return redirect("plans_task", task_id=task.pk)
    today = timezone.localdate()
    return render(
        request,
        "reform_plans/task.html",
        {
            "task": task,
            "plan": task.plan,
            "can_edit": can_edit,
            "today": today,
            "overdue": task.is_overdue(today),
            "evidence": task.evidence.all(),
            "kinds": TaskKind.choices,
            "areas": ReformArea.choices,
            "members": _members(task.plan.agency_id) if can_edit else [],
            "Status": TaskStatus,
            "val": request.POST
            if request.method == "POST" and request.POST.get("action") == "edit"
            else {
                "kind": task.kind,
                "area": task.area,
                "title": task.title,
                "division": task.division,
                "responsible": task.responsible_id or "",
                "deadline": task.deadline.isoformat(),
                "deliverable": task.deliverable,
                "note": task.note,
            },
        },
    )


@access.reform_required
def plans_evidence(request, evidence_id: int):
    row = selectors.evidence_for(request.user, evidence_id)
    return _file(row.file, row.original_name, row.content_type)


# --- periodic reports ------------------------------------------------------------------------


@access.reform_required
def plans_report(request, report_id: int):
    report = selectors.report_for(request.user, report_id)
    can_edit = _can_edit(request.user, report.agency_id)
    if request.method == "POST" and can_edit:
        try:
            services.submit_report(request.user, report.pk, request.FILES.get("file"))
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            report.refresh_from_db()
            if report.timeliness() == "late":
                messages.warning(request, _("Đã nhận báo cáo. Báo cáo được tính là gửi trễ hạn."))
            else:
                messages.success(request, _("Đã nhận báo cáo."))
            return redirect("plans_report", report_id=report.pk)
    today = timezone.localdate()
    return render(
        request,
        "reform_plans/report.html",
        {
            "report": report,
            "can_edit": can_edit,
            "status": report.timeliness(today),
            "status_label": report.timeliness_label(today),
            "history": report.submissions.select_related("submitted_by"),
        },
    )


@access.reform_required
def plans_report_file(request, submission_id: int):
    row = selectors.submission_for(request.user, submission_id)
    return _file(row.file, row.original_name, row.content_type)
