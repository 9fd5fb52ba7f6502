"""Pages of reform inspections: decisions, team and schedule, visits, conclusions, follow-up.

Every record is read through ``selectors`` (scoped to the caller: another unit's record is a
404) and every change goes through ``services``; a refusal is shown with ``messages.error`` and
the page is shown again with what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.dossiers.errors import DossierError, NotFound
from motcua.dossiers.forms_pdf import long_date, place_of, render_pdf
from motcua.org.models import User
from motcua.reform import access

from . import selectors, services
from .models import (
    DecisionState,
    Directive,
    DirectiveState,
    FindingResult,
    TeamMember,
    TeamRole,
    VisitKind,
    VisitState,
)

NOTICE_ROWS = 6


def _or_404(call, *args):
    try:
        return call(*args)
    except NotFound as exc:
        raise Http404(exc.message) from None


def _pick(qs, raw):
    raw = (raw or "").strip()
    return qs.filter(pk=int(raw)).first() if raw.isdigit() else None


# ------------------------------------------------------------------------------- entry


@access.reform_required
def home(request):
    user = request.user
    own_visits = list(selectors.unit_visits(user))
    own_directives = selectors.directives(user).filter(agency_id__in=access.own_agency_ids(user))
    rows, counts = selectors.follow_up(own_directives)
    return render(
        request,
        "reform/inspections/home.html",
        {
            "decisions": selectors.decisions(user).select_related("unit"),
            "is_manager": access.is_manager(user),
            "own_visits": own_visits,
            "own_rows": rows,
            "own_counts": counts,
            "has_unit": bool(access.own_agency_ids(user)),
        },
    )


@access.manager_required
def decision_new(request):
    units = selectors.manager_units(request.user)
    posted = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        unit = next((u for u in units if str(u.pk) == posted.get("unit")), units[0] if units else None)
        try:
            if unit is None:
                raise NotFound(_("Không có đơn vị nào để lập quyết định kiểm tra."))
            d = services.create_decision(
                actor=request.user,
                unit=unit,
                number=posted.get("number", ""),
                signed_on=posted.get("signed_on", ""),
                issuer=posted.get("issuer", ""),
                signer=posted.get("signer", ""),
                signer_title=posted.get("signer_title", ""),
                purpose=posted.get("purpose", ""),
            )
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lập quyết định kiểm tra %(n)s.") % {"n": d.number})
            return redirect("inspection_decision", decision_id=d.pk)
    return render(
        request,
        "reform/inspections/decision_new.html",
        {"units": units, "posted": posted, "today": timezone.localdate()},
    )


# ------------------------------------------------------------------------------- decision


def _decision_page(request, d, posted=None):
    user = request.user
    managing = selectors.is_managing(user, d)
    notice = getattr(d, "notice", None) if d.state == DecisionState.CONCLUDED else None
    rows, counts = selectors.follow_up(notice.directives.select_related("agency")) if notice else ([], {})
    return render(
        request,
        "reform/inspections/decision.html",
        {
            "d": d,
            "managing": managing,
            "open": d.state != DecisionState.CONCLUDED,
            "team": d.team.select_related("user"),
            "visits": d.visits.select_related("agency"),
            "notice": notice,
            "rows": rows,
            "counts": counts,
            "candidates": selectors.team_candidates(d) if managing else [],
            "agencies": selectors.agencies_for(d) if managing else [],
            "team_roles": TeamRole.choices,
            "visit_kinds": VisitKind.choices,
            "posted": posted or {},
            "can_notice": managing
            and d.state == DecisionState.ISSUED
            and d.visits.filter(state=VisitState.DONE).exists(),
        },
    )


@access.reform_required
def decision_detail(request, decision_id: int):
    return _decision_page(request, _or_404(selectors.get_decision, request.user, decision_id))


def _decision_action(request, decision_id: int, call, done: str):
    d = _or_404(selectors.get_decision, request.user, decision_id)
    try:
        call(d)
    except DossierError as exc:
        messages.error(request, exc.message)
        return _decision_page(request, d, request.POST)
    messages.success(request, done)
    return redirect("inspection_decision", decision_id=d.pk)


@require_POST
@access.reform_required
def decision_issue(request, decision_id: int):
    return _decision_action(
        request,
        decision_id,
        lambda d: services.issue_decision(d, actor=request.user),
        _("Đã ban hành quyết định kiểm tra."),
    )


@require_POST
@access.reform_required
def member_add(request, decision_id: int):
    def call(d):
        user = _pick(User.objects.filter(is_active=True), request.POST.get("user"))
        services.add_member(d, actor=request.user, user=user, role=request.POST.get("role", ""))

    return _decision_action(request, decision_id, call, _("Đã thêm thành viên đoàn kiểm tra."))


@require_POST
@access.reform_required
def member_remove(request, decision_id: int, member_id: int):
    def call(d):
        member = TeamMember.objects.filter(decision=d, pk=member_id).select_related("decision").first()
        if member is None:
            raise Http404(_("Không tìm thấy thành viên đoàn kiểm tra."))
        services.remove_member(member, actor=request.user)

    return _decision_action(request, decision_id, call, _("Đã bỏ thành viên khỏi đoàn kiểm tra."))


@require_POST
@access.reform_required
def visit_add(request, decision_id: int):
    def call(d):
        p = request.POST
        services.add_visit(
            d,
            actor=request.user,
            agency=_pick(selectors.agencies_for(d), p.get("agency")),
            planned_on=p.get("planned_on", ""),
            kind=p.get("kind", ""),
            period_from=p.get("period_from", ""),
            period_to=p.get("period_to", ""),
        )

    return _decision_action(request, decision_id, call, _("Đã thêm cơ quan, đơn vị vào lịch kiểm tra."))


# ------------------------------------------------------------------------------- visit


def _visit_page(request, v, posted=None):
    user = request.user
    insider = selectors.sees_as_insider(user, v)
    team = services.is_team_member(user, v.decision_id)
    show_results = insider or v.state == VisitState.DONE
    findings = {f.item_id: f for f in v.findings.all()} if show_results else {}
    areas = []
    for area in v.decision.checklist.areas.prefetch_related("items"):
        areas.append((area, [(item, findings.get(item.pk)) for item in area.items.all()]))
    return render(
        request,
        "reform/inspections/visit.html",
        {
            "v": v,
            "insider": insider,
            "editing": team and v.state == VisitState.IN_PROGRESS,
            "can_start": team and v.state == VisitState.PLANNED and v.decision.state == DecisionState.ISSUED,
            "show_results": show_results,
            "areas": areas,
            "results": FindingResult.choices,
            "rec": getattr(v, "reconciliation", None) if show_results else None,
            "breaches": v.breaches.select_related("officer") if show_results else [],
            "officers": selectors.agency_officers(v.agency_id) if team else [],
            "ledger_url": selectors.ledger_url(v),
            "posted": posted or {},
        },
    )


@access.reform_required
def visit_detail(request, visit_id: int):
    return _visit_page(request, _or_404(selectors.get_visit, request.user, visit_id))


def _visit_action(request, visit_id: int, call, done: str):
    v = _or_404(selectors.get_visit, request.user, visit_id)
    if not selectors.sees_as_insider(request.user, v):
        raise Http404(_("Không tìm thấy cuộc kiểm tra."))
    try:
        call(v)
    except DossierError as exc:
        messages.error(request, exc.message)
        return _visit_page(request, v, request.POST)
    messages.success(request, done)
    return redirect("inspection_visit", visit_id=v.pk)


@require_POST
@access.reform_required
def visit_start(request, visit_id: int):
    return _visit_action(
        request,
        visit_id,
        lambda v: services.start_visit(v, actor=request.user),
        _("Đã bắt đầu cuộc kiểm tra."),
    )


@require_POST
@access.reform_required
def visit_findings(request, visit_id: int):
    def call(v):
        results = {}
        for item_id in v.decision.checklist.areas.values_list("items__pk", flat=True):
            if item_id is None:
                continue
            result = request.POST.get(f"result_{item_id}", "")
            note = request.POST.get(f"note_{item_id}", "")
            if result or note.strip():
                results[item_id] = (result, note)
        services.record_findings(v, actor=request.user, results=results)

    return _visit_action(request, visit_id, call, _("Đã ghi kết quả kiểm tra."))


@require_POST
@access.reform_required
def visit_reconcile(request, visit_id: int):
    return _visit_action(
        request,
        visit_id,
        lambda v: services.record_reconciliation(
            v,
            actor=request.user,
            paper_count=request.POST.get("paper_count", ""),
            note=request.POST.get("note", ""),
        ),
        _("Đã ghi kết quả đối chiếu sổ theo dõi hồ sơ."),
    )


@require_POST
@access.reform_required
def visit_breach(request, visit_id: int):
    def call(v):
        p = request.POST
        services.record_breach(
            v,
            actor=request.user,
            officer=_pick(selectors.agency_officers(v.agency_id), p.get("officer")),
            officer_name=p.get("officer_name", ""),
            description=p.get("description", ""),
            rule=p.get("rule", ""),
            handling=p.get("handling", ""),
        )

    return _visit_action(request, visit_id, call, _("Đã ghi vi phạm."))


@require_POST
@access.reform_required
def visit_close(request, visit_id: int):
    return _visit_action(
        request,
        visit_id,
        lambda v: services.close_visit(v, actor=request.user, summary=request.POST.get("summary", "")),
        _("Đã kết thúc cuộc kiểm tra."),
    )


# ------------------------------------------------------------------------------- conclusions


@access.reform_required
def notice_new(request, decision_id: int):
    d = _or_404(selectors.get_decision, request.user, decision_id)
    if not selectors.is_managing(request.user, d):
        raise Http404(_("Không tìm thấy quyết định kiểm tra."))
    agencies = selectors.agencies_for(d)
    posted = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        rows = [
            {
                "text": posted.get(f"text_{i}", ""),
                "agency": _pick(agencies, posted.get(f"agency_{i}")),
                "deadline": posted.get(f"deadline_{i}", ""),
            }
            for i in range(1, NOTICE_ROWS + 1)
        ]
        try:
            services.issue_notice(
                d,
                actor=request.user,
                number=posted.get("number", ""),
                signed_on=posted.get("signed_on", ""),
                signer=posted.get("signer", ""),
                signer_title=posted.get("signer_title", ""),
                summary=posted.get("summary", ""),
                recipients=posted.get("recipients", ""),
                directives=rows,
            )
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã ban hành thông báo kết luận kiểm tra."))
            return redirect("inspection_decision", decision_id=d.pk)
    visited = sorted({v.agency_id for v in d.visits.all()})
    rows = [
        {
            "i": i,
            "text": posted.get(f"text_{i}", ""),
            "agency": posted.get(f"agency_{i}", ""),
            "deadline": posted.get(f"deadline_{i}", ""),
        }
        for i in range(1, NOTICE_ROWS + 1)
    ]
    return render(
        request,
        "reform/inspections/notice_new.html",
        {
            "d": d,
            "agencies": agencies,
            "visited": visited,
            "rows": rows,
            "posted": posted,
            "today": timezone.localdate(),
            "visits": d.visits.select_related("agency").filter(state=VisitState.DONE),
        },
    )


@access.reform_required
def notice_pdf(request, decision_id: int):
    notice = _or_404(selectors.notice_for, request.user, decision_id)
    d = notice.decision
    visits = list(d.visits.select_related("agency").filter(state=VisitState.DONE))
    directives = list(notice.directives.select_related("agency"))
    pdf = render_pdf(
        "reform/inspections/notice_pdf.html",
        {
            "n": notice,
            "d": d,
            "visits": visits,
            "directives": directives,
            "addressed": list({dv.agency_id: dv.agency for dv in directives}.values()),
            "agency": {"name": d.issuer, "parent": None},
            "place": place_of(d.unit),
            "signed_on": long_date(notice.signed_on),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    stem = "".join(c if c.isalnum() else "-" for c in notice.number)
    response["Content-Disposition"] = f'inline; filename="thong-bao-ket-luan-{stem}.pdf"'
    return response


# ------------------------------------------------------------------------------- directives


def _directive_page(request, dv, posted=None):
    user = request.user
    return render(
        request,
        "reform/inspections/directive.html",
        {
            "dv": dv,
            "overdue": dv.is_overdue(timezone.localdate()),
            "can_report": dv.agency_id in access.own_agency_ids(user)
            and dv.state in (DirectiveState.OPEN, DirectiveState.RETURNED),
            "can_confirm": selectors.is_managing(user, dv.notice.decision)
            and dv.state == DirectiveState.REPORTED,
            "posted": posted or {},
        },
    )


@access.reform_required
def directive_detail(request, directive_id: int):
    return _directive_page(request, _or_404(selectors.get_directive, request.user, directive_id))


def _directive_action(request, directive_id: int, call, done: str):
    dv = _or_404(selectors.get_directive, request.user, directive_id)
    try:
        call(dv)
    except DossierError as exc:
        messages.error(request, exc.message)
        return _directive_page(request, dv, request.POST)
    messages.success(request, done)
    return redirect("inspection_directive", directive_id=dv.pk)


@require_POST
@access.reform_required
def directive_report(request, directive_id: int):
    return _directive_action(
        request,
        directive_id,
        lambda dv: services.report_directive(
            dv,
            actor=request.user,
            report=request.POST.get("report", ""),
            evidence=request.FILES.get("evidence"),
        ),
        _("Đã gửi báo cáo kết quả thực hiện."),
    )


@require_POST
@access.reform_required
def directive_confirm(request, directive_id: int):
    return _directive_action(
        request,
        directive_id,
        lambda dv: services.confirm_directive(dv, actor=request.user),
        _("Đã xác nhận hoàn thành nội dung chỉ đạo."),
    )


@require_POST
@access.reform_required
def directive_return(request, directive_id: int):
    return _directive_action(
        request,
        directive_id,
        lambda dv: services.return_directive(dv, actor=request.user, reason=request.POST.get("reason", "")),
        _("Đã trả lại báo cáo cho đơn vị."),
    )


@access.reform_required
def directive_evidence(request, directive_id: int):
    dv: Directive = _or_404(selectors.get_directive, request.user, directive_id)
    if not dv.evidence:
        raise Http404(_("Chưa có tệp minh chứng."))
    return FileResponse(dv.evidence.open("rb"), content_type=dv.evidence_type, filename=dv.evidence_name)


@access.reform_required
def followup(request):
    rows, counts = selectors.follow_up(selectors.directives(request.user))
    return render(request, "reform/inspections/followup.html", {"rows": rows, "counts": counts})
