"""The one write path of reform inspections (architecture rule 1).

Each command runs in one transaction, locks the row whose state it changes, checks the caller's
part (province reform manager, team member, the visited or responsible unit) and the state, and
raises a ``DossierError`` with a Vietnamese message when refused — nothing is changed then.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.documents.validation import validate_upload
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.dossiers.ledger import ledger_count
from motcua.indicators.periods import unit_ids_below
from motcua.org.models import AdministrativeUnit, Agency, Membership, User
from motcua.reform import access

from .models import (
    Breach,
    Checklist,
    ChecklistArea,
    ChecklistItem,
    Decision,
    DecisionState,
    Directive,
    DirectiveState,
    Finding,
    FindingResult,
    Notice,
    Reconciliation,
    TeamMember,
    TeamRole,
    Visit,
    VisitKind,
    VisitState,
)

CHECKLIST_FILE = Path(__file__).resolve().parent / "data" / "checklist.yaml"
MAX_TEXT = 5000
MAX_LINE = 255
MAX_DIRECTIVES = 30


# ------------------------------------------------------------------------------- helpers


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _text(value, what: str, *, limit: int = MAX_TEXT, required: bool = True, field: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("Cần nhập %(what)s.") % {"what": what}, details={"field": field})
    if len(value) > limit:
        raise InvalidInput(
            _("%(what)s dài quá %(n)d ký tự.") % {"what": what[:1].upper() + what[1:], "n": limit},
            details={"field": field},
        )
    return value


def _date(value, what: str, field: str = "") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "").strip())
    except (TypeError, ValueError):
        raise InvalidInput(
            _("%(what)s không hợp lệ (ngày/tháng/năm).") % {"what": what[:1].upper() + what[1:]},
            details={"field": field},
        ) from None


def _count(value, what: str, field: str = "") -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        n = -1
    if n < 0:
        raise InvalidInput(
            _("%(what)s phải là một số nguyên không âm.") % {"what": what[:1].upper() + what[1:]},
            details={"field": field},
        )
    return n


def _require_manager(actor: User, decision_or_unit_id: Decision | int) -> None:
    unit_id = decision_or_unit_id if isinstance(decision_or_unit_id, int) else decision_or_unit_id.unit_id
    if unit_id not in access.managed_unit_ids(actor):
        raise Forbidden(_("Chỉ cán bộ quản lý cải cách hành chính cấp tỉnh được thực hiện việc này."))


def is_team_member(user: User, decision_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or TeamMember.objects.filter(decision_id=decision_id, user=user).exists()


def _require_team(actor: User, decision_id: int) -> None:
    if not is_team_member(actor, decision_id):
        raise Forbidden(_("Chỉ thành viên đoàn kiểm tra được ghi kết quả kiểm tra."))


def _lock_decision(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


def _lock_visit(visit: Visit) -> Visit:
    return Visit.objects.select_for_update().select_related("decision", "agency").get(pk=visit.pk)


def _open_decision(decision: Decision) -> None:
    if decision.state == DecisionState.CONCLUDED:
        raise NotAllowed(_("Quyết định kiểm tra đã có thông báo kết luận; không thể thay đổi."))


def _visit_in_progress(visit: Visit) -> None:
    if visit.state == VisitState.PLANNED:
        raise NotAllowed(_("Cuộc kiểm tra chưa bắt đầu; hãy bắt đầu kiểm tra trước khi ghi kết quả."))
    if visit.state == VisitState.DONE:
        raise NotAllowed(_("Cuộc kiểm tra đã kết thúc; kết quả không thể sửa."))


# ------------------------------------------------------------------------------- checklist


@transaction.atomic
def default_checklist() -> Checklist:
    """The province's checklist from the app's data file, created once."""
    found = Checklist.objects.filter(is_default=True).first()
    if found is not None:
        return found
    data = yaml.safe_load(CHECKLIST_FILE.read_text(encoding="utf-8"))
    checklist = Checklist.objects.create(name=data["name"], source=data.get("source", ""), is_default=True)
    for a_order, area in enumerate(data["areas"], start=1):
        row = ChecklistArea.objects.create(
            checklist=checklist, code=area["code"], name=area["name"], order=a_order
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(area=row, code=item["code"], text=item["text"], order=i_order)
            for i_order, item in enumerate(area["items"], start=1)
        )
    return checklist


# ------------------------------------------------------------------------------- decision and team


def create_decision(
    *,
    actor: User,
    unit: AdministrativeUnit,
    number: str,
    signed_on,
    issuer: str,
    signer: str,
    purpose: str,
    signer_title: str = "",
) -> Decision:
    """Lập quyết định kiểm tra (dự thảo) for a unit the manager oversees."""
    _require_manager(actor, unit.pk)
    number = _text(number, _("số quyết định"), limit=50, field="number")
    signed_on = _date(signed_on, _("ngày quyết định"), "signed_on")
    issuer = _text(issuer, _("cơ quan ban hành"), limit=MAX_LINE, field="issuer")
    signer = _text(signer, _("người ký"), limit=200, field="signer")
    signer_title = _text(signer_title, _("chức vụ người ký"), limit=200, required=False)
    purpose = _text(purpose, _("mục đích, phạm vi kiểm tra"), field="purpose")
    with transaction.atomic():
        if Decision.objects.filter(unit=unit, number=number).exists():
            raise InvalidInput(
                _("Đã có quyết định kiểm tra số %(n)s.") % {"n": number}, details={"field": "number"}
            )
        return Decision.objects.create(
            unit=unit,
            year=signed_on.year,
            number=number,
            signed_on=signed_on,
            issuer=issuer,
            signer=signer,
            signer_title=signer_title,
            purpose=purpose,
            checklist=default_checklist(),
            created_by=actor,
        )


def issue_decision(decision: Decision, *, actor: User, at: datetime | None = None) -> Decision:
    """Ban hành quyết định: needs a team with a head (trưởng đoàn) and at least one visit."""
    _require_manager(actor, decision)
    with transaction.atomic():
        d = _lock_decision(decision)
        if d.state != DecisionState.DRAFT:
            raise NotAllowed(_("Quyết định kiểm tra đã được ban hành."))
        if not d.team.filter(role=TeamRole.LEAD).exists():
            raise NotAllowed(_("Đoàn kiểm tra chưa có trưởng đoàn."))
        if not d.visits.exists():
            raise NotAllowed(_("Lịch kiểm tra chưa có cơ quan, đơn vị nào."))
        d.state = DecisionState.ISSUED
        d.issued_at = _now(at)
        d.save(update_fields=["state", "issued_at"])
    return d


def _province_agency_ids(decision: Decision) -> set[int]:
    return set(
        Agency.objects.filter(unit_id__in=unit_ids_below(decision.unit_id)).values_list("pk", flat=True)
    )


def add_member(decision: Decision, *, actor: User, user: User | None, role: str) -> TeamMember:
    _require_manager(actor, decision)
    if user is None:
        raise InvalidInput(_("Cần chọn cán bộ tham gia đoàn kiểm tra."), details={"field": "user"})
    if role not in TeamRole.values:
        raise InvalidInput(_("Vai trò trong đoàn kiểm tra không hợp lệ."), details={"field": "role"})
    with transaction.atomic():
        d = _lock_decision(decision)
        _open_decision(d)
        if not Membership.objects.filter(user=user, agency_id__in=_province_agency_ids(d)).exists():
            raise InvalidInput(
                _("%(u)s không công tác tại cơ quan nào thuộc đơn vị ra quyết định.") % {"u": user},
                details={"field": "user"},
            )
        if d.team.filter(user=user).exists():
            raise InvalidInput(
                _("%(u)s đã là thành viên đoàn kiểm tra.") % {"u": user}, details={"field": "user"}
            )
        if role == TeamRole.LEAD and d.team.filter(role=TeamRole.LEAD).exists():
            raise InvalidInput(_("Đoàn kiểm tra đã có trưởng đoàn."), details={"field": "role"})
        return TeamMember.objects.create(decision=d, user=user, role=role)


def remove_member(member: TeamMember, *, actor: User) -> None:
    _require_manager(actor, member.decision)
    with transaction.atomic():
        d = _lock_decision(member.decision)
        _open_decision(d)
        if d.state != DecisionState.DRAFT and member.role == TeamRole.LEAD:
            raise NotAllowed(_("Không thể bỏ trưởng đoàn của quyết định đã ban hành."))
        TeamMember.objects.filter(pk=member.pk).delete()


def add_visit(
    decision: Decision,
    *,
    actor: User,
    agency: Agency | None,
    planned_on,
    kind: str,
    period_from,
    period_to,
) -> Visit:
    """Thêm một cơ quan, đơn vị vào lịch kiểm tra."""
    _require_manager(actor, decision)
    if agency is None:
        raise InvalidInput(_("Cần chọn cơ quan, đơn vị được kiểm tra."), details={"field": "agency"})
    if kind not in VisitKind.values:
        raise InvalidInput(_("Hình thức kiểm tra không hợp lệ."), details={"field": "kind"})
    planned_on = _date(planned_on, _("ngày kiểm tra"), "planned_on")
    period_from = _date(period_from, _("ngày bắt đầu thời kỳ kiểm tra"), "period_from")
    period_to = _date(period_to, _("ngày kết thúc thời kỳ kiểm tra"), "period_to")
    if period_to < period_from:
        raise InvalidInput(
            _("Thời kỳ kiểm tra: ngày kết thúc phải sau ngày bắt đầu."), details={"field": "period_to"}
        )
    if period_to > planned_on:
        raise InvalidInput(
            _("Thời kỳ kiểm tra phải kết thúc trước ngày kiểm tra."), details={"field": "period_to"}
        )
    with transaction.atomic():
        d = _lock_decision(decision)
        _open_decision(d)
        if agency.pk not in _province_agency_ids(d):
            raise InvalidInput(
                _("%(a)s không thuộc phạm vi của quyết định kiểm tra.") % {"a": agency.name},
                details={"field": "agency"},
            )
        return Visit.objects.create(
            decision=d,
            agency=agency,
            planned_on=planned_on,
            kind=kind,
            period_from=period_from,
            period_to=period_to,
        )


# ------------------------------------------------------------------------------- visits


def start_visit(visit: Visit, *, actor: User, at: datetime | None = None) -> Visit:
    _require_team(actor, visit.decision_id)
    with transaction.atomic():
        v = _lock_visit(visit)
        if v.decision.state != DecisionState.ISSUED:
            raise NotAllowed(_("Quyết định kiểm tra chưa được ban hành; chưa thể bắt đầu kiểm tra."))
        if v.state != VisitState.PLANNED:
            raise NotAllowed(_("Cuộc kiểm tra này đã bắt đầu."))
        v.state, v.started_at = VisitState.IN_PROGRESS, _now(at)
        v.save(update_fields=["state", "started_at"])
    return v


def record_findings(
    visit: Visit, *, actor: User, results: dict[int, tuple[str, str]], at: datetime | None = None
) -> int:
    """Ghi kết quả theo từng nội dung: ``{item_id: (result, note)}``; an empty result is skipped."""
    _require_team(actor, visit.decision_id)
    at = _now(at)
    with transaction.atomic():
        v = _lock_visit(visit)
        _visit_in_progress(v)
        items = {i.pk: i for i in ChecklistItem.objects.filter(area__checklist_id=v.decision.checklist_id)}
        clean: dict[int, tuple[str, str]] = {}
        for item_id, (result, note) in results.items():
            item = items.get(item_id)
            if item is None:
                raise InvalidInput(_("Nội dung kiểm tra không thuộc bộ nội dung của quyết định."))
            note = _text(note, _("ghi chú"), limit=2000, required=False)
            if not result:
                if note:
                    raise InvalidInput(
                        _("Nội dung “%(i)s”: cần chọn kết quả đạt, không đạt hoặc không áp dụng.")
                        % {"i": item.text}
                    )
                continue
            if result not in FindingResult.values:
                raise InvalidInput(_("Kết quả kiểm tra không hợp lệ: %(r)s.") % {"r": result})
            if result == FindingResult.FAIL and not note:
                raise InvalidInput(
                    _("Nội dung “%(i)s” không đạt: cần ghi rõ tồn tại, hạn chế.") % {"i": item.text}
                )
            clean[item_id] = (result, note)
        if not clean:
            raise InvalidInput(_("Chưa chọn kết quả cho nội dung kiểm tra nào."))
        for item_id, (result, note) in clean.items():
            Finding.objects.update_or_create(
                visit=v,
                item_id=item_id,
                defaults={"result": result, "note": note, "recorded_by": actor, "recorded_at": at},
            )
    return len(clean)


def record_reconciliation(
    visit: Visit, *, actor: User, paper_count, note: str = "", at: datetime | None = None
) -> Reconciliation:
    """Đối chiếu sổ giấy: the system's count is taken now, for the visit's agency and period."""
    _require_team(actor, visit.decision_id)
    paper = _count(paper_count, _("số hồ sơ trên sổ giấy"), "paper_count")
    note = _text(note, _("ghi chú"), limit=2000, required=False)
    with transaction.atomic():
        v = _lock_visit(visit)
        _visit_in_progress(v)
        system = ledger_count(v.agency_id, v.period_from, v.period_to)
        rec, _created = Reconciliation.objects.update_or_create(
            visit=v,
            defaults={
                "paper_count": paper,
                "system_count": system,
                "difference": paper - system,
                "note": note,
                "recorded_by": actor,
                "recorded_at": _now(at),
            },
        )
    return rec


def record_breach(
    visit: Visit,
    *,
    actor: User,
    officer: User | None = None,
    officer_name: str = "",
    description: str,
    rule: str,
    handling: str,
    at: datetime | None = None,
) -> Breach:
    _require_team(actor, visit.decision_id)
    description = _text(description, _("nội dung vi phạm"), field="description")
    rule = _text(rule, _("quy định bị vi phạm"), limit=500, field="rule")
    handling = _text(handling, _("đề xuất xử lý"), field="handling")
    with transaction.atomic():
        v = _lock_visit(visit)
        _visit_in_progress(v)
        if officer is not None:
            if not Membership.objects.filter(user=officer, agency_id=v.agency_id).exists():
                raise InvalidInput(
                    _("%(u)s không phải cán bộ của %(a)s.") % {"u": officer, "a": v.agency.name},
                    details={"field": "officer"},
                )
            officer_name = officer.full_name or officer.username
        officer_name = _text(officer_name, _("họ tên cán bộ vi phạm"), limit=200, field="officer_name")
        return Breach.objects.create(
            visit=v,
            officer=officer,
            officer_name=officer_name,
            description=description,
            rule=rule,
            handling=handling,
            recorded_by=actor,
            recorded_at=_now(at),
        )


def close_visit(visit: Visit, *, actor: User, summary: str = "", at: datetime | None = None) -> Visit:
    """Kết thúc cuộc kiểm tra: findings, reconciliation and breaches are frozen from now on."""
    _require_team(actor, visit.decision_id)
    summary = _text(summary, _("nhận xét chung"), required=False)
    with transaction.atomic():
        v = _lock_visit(visit)
        _visit_in_progress(v)
        if not v.findings.exists():
            raise NotAllowed(_("Chưa ghi kết quả kiểm tra nào; chưa thể kết thúc cuộc kiểm tra."))
        if not hasattr(v, "reconciliation"):
            raise NotAllowed(_("Chưa đối chiếu sổ theo dõi hồ sơ; chưa thể kết thúc cuộc kiểm tra."))
        v.state, v.closed_at, v.summary = VisitState.DONE, _now(at), summary
        v.save(update_fields=["state", "closed_at", "summary"])
    return v


# ------------------------------------------------------------------------------- conclusions


def issue_notice(
    decision: Decision,
    *,
    actor: User,
    number: str,
    signed_on,
    signer: str,
    summary: str,
    directives: list[dict],
    signer_title: str = "",
    recipients: str = "",
    at: datetime | None = None,
) -> Notice:
    """Ban hành thông báo kết luận with its numbered directives; the decision is concluded.

    ``directives``: ``[{"text", "agency", "deadline"}]`` in order; rows left wholly empty are skipped.
    """
    _require_manager(actor, decision)
    number = _text(number, _("số thông báo"), limit=50, field="number")
    signed_on = _date(signed_on, _("ngày thông báo"), "signed_on")
    signer = _text(signer, _("người ký"), limit=200, field="signer")
    signer_title = _text(signer_title, _("chức vụ người ký"), limit=200, required=False)
    summary = _text(summary, _("kết quả kiểm tra"), field="summary")
    recipients = _text(recipients, _("nơi nhận"), limit=2000, required=False)
    with transaction.atomic():
        d = _lock_decision(decision)
        if d.state == DecisionState.DRAFT:
            raise NotAllowed(_("Quyết định kiểm tra chưa được ban hành."))
        if d.state == DecisionState.CONCLUDED:
            raise NotAllowed(_("Quyết định kiểm tra đã có thông báo kết luận."))
        if not d.visits.filter(state=VisitState.DONE).exists():
            raise NotAllowed(_("Chưa có cuộc kiểm tra nào kết thúc; chưa thể thông báo kết luận."))
        if d.visits.filter(state=VisitState.IN_PROGRESS).exists():
            raise NotAllowed(_("Còn cuộc kiểm tra đang diễn ra; hãy kết thúc trước khi thông báo kết luận."))
        if signed_on < d.signed_on:
            raise InvalidInput(
                _("Ngày thông báo không thể trước ngày quyết định kiểm tra."), details={"field": "signed_on"}
            )
        allowed = _province_agency_ids(d)
        rows = []
        for n, raw in enumerate(directives, start=1):
            text, agency, deadline = raw.get("text"), raw.get("agency"), raw.get("deadline")
            if not (text or "").strip() and agency is None and not deadline:
                continue
            label = _("chỉ đạo thứ %(n)d") % {"n": n}
            text = _text(text, _("nội dung %(l)s") % {"l": label})
            if agency is None or agency.pk not in allowed:
                raise InvalidInput(_("Cần chọn đơn vị thực hiện %(l)s.") % {"l": label})
            deadline = _date(deadline, _("thời hạn %(l)s") % {"l": label})
            if deadline < signed_on:
                raise InvalidInput(_("Thời hạn %(l)s không thể trước ngày thông báo.") % {"l": label})
            rows.append((text, agency, deadline))
        if not rows:
            raise InvalidInput(_("Thông báo kết luận cần ít nhất một nội dung chỉ đạo."))
        if len(rows) > MAX_DIRECTIVES:
            raise InvalidInput(_("Thông báo kết luận có quá nhiều nội dung chỉ đạo."))
        notice = Notice.objects.create(
            decision=d,
            number=number,
            signed_on=signed_on,
            signer=signer,
            signer_title=signer_title,
            summary=summary,
            recipients=recipients,
            issued_by=actor,
            issued_at=_now(at),
        )
        Directive.objects.bulk_create(
            Directive(notice=notice, order=i, text=t, agency=a, deadline=dl)
            for i, (t, a, dl) in enumerate(rows, start=1)
        )
        d.state = DecisionState.CONCLUDED
        d.save(update_fields=["state"])
    return notice


def _lock_directive(directive: Directive) -> Directive:
    return Directive.objects.select_for_update().select_related("notice__decision").get(pk=directive.pk)


def report_directive(
    directive: Directive, *, actor: User, report: str, evidence, at: datetime | None = None
) -> Directive:
    """The responsible unit reports completion with an evidence file (PDF, JPG or PNG)."""
    if directive.agency_id not in access.own_agency_ids(actor):
        raise Forbidden(_("Chỉ đơn vị được giao thực hiện mới báo cáo kết quả nội dung chỉ đạo này."))
    report = _text(report, _("nội dung báo cáo kết quả thực hiện"), field="report")
    if evidence is None:
        raise InvalidInput(_("Cần đính kèm tệp minh chứng kết quả thực hiện."), details={"field": "evidence"})
    content_type, ext = validate_upload(getattr(evidence, "name", ""), evidence)
    with transaction.atomic():
        d = _lock_directive(directive)
        if d.state == DirectiveState.CONFIRMED:
            raise NotAllowed(_("Nội dung chỉ đạo đã được xác nhận hoàn thành."))
        if d.state == DirectiveState.REPORTED:
            raise NotAllowed(_("Đã báo cáo kết quả; đang chờ xác nhận."))
        original = Path(getattr(evidence, "name", "") or "").name or f"minh-chung.{ext}"
        d.evidence.save(f"minh-chung-{d.order}.{ext}", evidence, save=False)
        d.evidence_name, d.evidence_type = original[:255], content_type
        d.report, d.state = report, DirectiveState.REPORTED
        d.reported_by, d.reported_at = actor, _now(at)
        d.save()
    return d


def confirm_directive(directive: Directive, *, actor: User, at: datetime | None = None) -> Directive:
    _require_manager(actor, directive.notice.decision)
    with transaction.atomic():
        d = _lock_directive(directive)
        if d.state != DirectiveState.REPORTED:
            raise NotAllowed(_("Đơn vị chưa báo cáo kết quả thực hiện; chưa thể xác nhận hoàn thành."))
        d.state, d.confirmed_by, d.confirmed_at = DirectiveState.CONFIRMED, actor, _now(at)
        d.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    return d


def return_directive(directive: Directive, *, actor: User, reason: str) -> Directive:
    _require_manager(actor, directive.notice.decision)
    reason = _text(reason, _("lý do trả lại"), limit=2000, field="reason")
    with transaction.atomic():
        d = _lock_directive(directive)
        if d.state != DirectiveState.REPORTED:
            raise NotAllowed(_("Đơn vị chưa báo cáo kết quả thực hiện; không có gì để trả lại."))
        d.state, d.return_reason = DirectiveState.RETURNED, reason
        d.save(update_fields=["state", "return_reason"])
    return d
