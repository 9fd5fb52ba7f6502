"""The actions an officer can take on a dossier page: each a small form calling the write path.

What is offered follows the transition table (state and role at the right agency); the write
path stays the judge — a stale page or a crafted POST still gets its Vietnamese refusal there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import services, steps
from motcua.dossiers.errors import DossierError, InvalidInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import TRANSITIONS, Where
from motcua.org.models import Agency, Membership, Role, User
from motcua.org.selectors import has_role


@dataclass(frozen=True)
class Action:
    name: str  # transition name in states.TRANSITIONS
    fields: tuple[str, ...]  # which inputs the form shows
    call: Callable[[User, Dossier, QueryDict], object]
    style: str = ""  # "danger" | "warn" | ""
    confirm: str = ""
    label_override: str = ""

    @property
    def label(self) -> str:
        return str(self.label_override or TRANSITIONS[self.name].label)


def _text(data: QueryDict, key: str) -> str:
    return (data.get(key) or "").strip()


def _lines(data: QueryDict, key: str) -> list[str]:
    return [line.strip() for line in (data.get(key) or "").splitlines() if line.strip()]


def _user(data: QueryDict, key: str, required: bool) -> User | None:
    raw = _text(data, key)
    if not raw:
        if required:
            raise InvalidInput(_("Cần chọn cán bộ nhận hồ sơ."))
        return None
    user = User.objects.filter(pk=raw if raw.isdigit() else -1, is_active=True).first()
    if user is None:
        raise InvalidInput(_("Không tìm thấy cán bộ đã chọn."))
    return user


def _agency(data: QueryDict) -> Agency:
    raw = _text(data, "to_agency")
    agency = Agency.objects.filter(pk=raw if raw.isdigit() else -1, active=True).first()
    if agency is None:
        raise InvalidInput(_("Cần chọn cơ quan phối hợp giải quyết (liên thông)."))
    return agency


def _competent(data: QueryDict) -> Agency | None:
    """The competent authority named when redirecting an online dossier: optional."""
    raw = _text(data, "competent_agency")
    if not raw:
        return None
    agency = Agency.objects.filter(pk=raw if raw.isdigit() else -1, active=True).first()
    if agency is None:
        raise InvalidInput(_("Không tìm thấy cơ quan có thẩm quyền đã chọn."))
    return agency


def _moment(data: QueryDict, key: str) -> datetime:
    raw = _text(data, key)
    value = parse_datetime(raw) if raw else None
    if value is None:
        raise InvalidInput(_("Ngày giờ hẹn lại không hợp lệ (cần dạng ngày/tháng/năm giờ:phút)."))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _amount(data: QueryDict) -> int | None:
    raw = _text(data, "amount_vnd").replace(".", "").replace(",", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput(_("Số tiền phải là số nguyên (đồng)."))
    return int(raw)


# Rows of the "route" form (Decree 118/2025 Art. 20.2): a handful of agencies is what a real
# inter-agency procedure needs.
ROUTE_ROWS = 5


def _routing():
    from motcua.dossiers import routing

    return routing


def route_legs(data: QueryDict) -> list:
    """The filled rows of the route form; "after row N" refers to the form's row numbers."""
    filled = {}
    for row in range(1, ROUTE_ROWS + 1):
        values = {k: _text(data, f"leg{row}_{k}") for k in ("agency", "task", "days", "after")}
        if values["agency"] or values["task"] or values["days"]:
            filled[row] = values
    position = {row: i for i, row in enumerate(filled, start=1)}
    legs = []
    for row, v in filled.items():
        agency = Agency.objects.filter(pk=v["agency"] if v["agency"].isdigit() else -1).first()
        if agency is None:
            raise InvalidInput(_("Dòng %(r)d: cần chọn cơ quan phối hợp.") % {"r": row})
        if not (v["days"].isascii() and v["days"].isdigit()) or len(v["days"]) > 4:
            raise InvalidInput(
                _("Dòng %(r)d: thời hạn phải là số ngày làm việc (số nguyên dương).") % {"r": row}
            )
        after = None
        if v["after"]:
            after = position.get(int(v["after"])) if v["after"].isdigit() else None
            if after is None:
                raise InvalidInput(
                    _("Dòng %(r)d: «sau dòng» phải là một dòng đã điền của tuyến.") % {"r": row}
                )
        legs.append(_routing().LegIn(agency, v["task"], int(v["days"]), after))
    return legs


def _handoff_days(data: QueryDict) -> int | None:
    """The partner's own limit in working days (optional; printed on the transfer slip)."""
    raw = _text(data, "handoff_days")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 4:
        raise InvalidInput(_("Thời hạn của cơ quan phối hợp phải là số ngày làm việc (số nguyên dương)."))
    return int(raw)


def _leg_id(data: QueryDict) -> int | None:
    raw = _text(data, "leg")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 19 else None


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action("accept", (), lambda u, d, p: services.accept(d.pk, actor=u)),
        Action(
            "request_supplement",
            ("items",),
            lambda u, d, p: services.request_supplement(d.pk, actor=u, items=_lines(p, "items")),
            style="warn",
        ),
        Action(
            "refuse_reception",
            ("reasons",),
            lambda u, d, p: services.refuse_reception(d.pk, actor=u, reasons=_lines(p, "reasons")),
            style="danger",
        ),
        Action(
            "redirect",
            ("guidance", "competent_agency"),
            lambda u, d, p: services.redirect(
                d.pk,
                actor=u,
                guidance=_text(p, "guidance"),
                competent_agency=_competent(p),
                competent_name=_text(p, "competent_name"),
            ),
            style="warn",
        ),
        # Decree 118/2025 Art. 19.5: after reception the appraising agency proposes, the desk issues.
        Action(
            "propose_supplement",
            ("items",),
            lambda u, d, p: services.propose_supplement(d.pk, actor=u, items=_lines(p, "items")),
            style="warn",
        ),
        Action(
            "close",
            ("note",),
            lambda u, d, p: services.close(d.pk, actor=u, note=_text(p, "note")),
            style="danger",
        ),
        Action(
            "complete_supplement",
            ("note",),
            lambda u, d, p: services.complete_supplement(d.pk, actor=u, note=_text(p, "note")),
        ),
        Action(
            "assign",
            ("assignee", "note"),
            lambda u, d, p: services.assign(
                d.pk, actor=u, assignee=_user(p, "assignee", True), note=_text(p, "note")
            ),
        ),
        Action(
            "forward",
            ("to_user", "note"),
            lambda u, d, p: services.forward(
                d.pk, actor=u, to_user=_user(p, "to_user", False), note=_text(p, "note")
            ),
        ),
        Action(
            "send_back",
            ("reason",),
            lambda u, d, p: services.send_back(d.pk, actor=u, reason=_text(p, "reason")),
        ),
        Action("note", ("note",), lambda u, d, p: services.add_note(d.pk, actor=u, note=_text(p, "note"))),
        Action(
            "hand_off",
            ("to_agency", "handoff_days", "note"),
            lambda u, d, p: services.hand_off(
                d.pk, actor=u, to_agency=_agency(p), note=_text(p, "note"), working_days=_handoff_days(p)
            ),
        ),
        Action(
            "hand_back", ("note",), lambda u, d, p: services.hand_back(d.pk, actor=u, note=_text(p, "note"))
        ),
        # Decree 118/2025 Art. 20.2: an inter-agency route, and a participant's part done.
        Action(
            "route",
            ("route_legs",),
            lambda u, d, p: _routing().set_up(
                d.pk, actor=u, mode=_text(p, "route_mode") or None, legs=route_legs(p)
            ),
        ),
        Action(
            "route_done",
            ("leg", "leg_result"),
            lambda u, d, p: _routing().finish(d.pk, actor=u, note=_text(p, "leg_result"), leg_id=_leg_id(p)),
        ),
        Action("approve", ("note",), lambda u, d, p: services.approve(d.pk, actor=u, note=_text(p, "note"))),
        Action(
            "request_obligation",
            ("amount_vnd", "note"),
            lambda u, d, p: services.request_obligation(
                d.pk, actor=u, note=_text(p, "note"), amount_vnd=_amount(p)
            ),
        ),
        Action(
            "fulfil_obligation",
            ("note",),
            lambda u, d, p: services.fulfil_obligation(d.pk, actor=u, note=_text(p, "note")),
        ),
        Action(
            "issue_apology",
            ("reason", "new_due_at"),
            lambda u, d, p: services.issue_apology(
                d.pk, actor=u, reason=_text(p, "reason"), new_due_at=_moment(p, "new_due_at")
            ),
            style="warn",
        ),
        Action(
            "request_extension",
            ("reason", "new_due_at"),
            lambda u, d, p: services.request_extension(
                d.pk, actor=u, reason=_text(p, "reason"), new_due_at=_moment(p, "new_due_at")
            ),
            style="warn",
        ),
        Action(
            "apply_extension",
            ("note",),
            lambda u, d, p: services.apply_extension(d.pk, actor=u, note=_text(p, "note")),
            style="warn",
        ),
        Action("issue_result", ("result", "note"), lambda u, d, p: issue_result(u, d, p)),
        Action(
            "refuse",
            ("reasons",),
            lambda u, d, p: services.refuse(d.pk, actor=u, reasons=_lines(p, "reasons")),
            style="danger",
        ),
        Action(
            "return_result",
            ("method", "receiver", "note"),
            lambda u, d, p: services.return_result(
                d.pk, actor=u, method=_text(p, "method"), receiver=_text(p, "receiver"), note=_text(p, "note")
            ),
        ),
        Action(
            "transfer_paper",
            ("note",),
            lambda u, d, p: services.transfer_paper(d.pk, actor=u, note=_text(p, "note")),
        ),
        Action(
            "withdraw",
            ("reason",),
            lambda u, d, p: services.withdraw(d.pk, actor=u, reason=_text(p, "reason")),
            style="danger",
            confirm=_("Rút hồ sơ theo đơn của người nộp? Hồ sơ sẽ kết thúc."),
        ),
        # Decree 118/2025 Art. 21.3: an officer has re-checked what the applicant adjusted.
        Action(
            "check_amendment",
            ("note",),
            lambda u, d, p: _applicant_requests().check_amendment(d.pk, actor=u, note=_text(p, "note")),
        ),
        Action(
            "stop",
            ("reason",),
            lambda u, d, p: services.stop(d.pk, actor=u, reason=_text(p, "reason")),
            style="danger",
            confirm=_("Dừng xử lý hồ sơ? Hồ sơ sẽ kết thúc."),
        ),
        # Decree 118/2025 Art. 23.1: correction of a wrong result (dossiers.corrections).
        Action(
            "request_correction",
            ("found_by", "description"),
            lambda u, d, p: _corrections().request_correction(
                d.pk, actor=u, description=_text(p, "description"), found_by=_text(p, "found_by")
            ),
            style="warn",
        ),
        Action("issue_correction", ("corrected_result", "note"), lambda u, d, p: issue_correction(u, d, p)),
        Action(
            "return_correction",
            ("method", "receiver", "note"),
            lambda u, d, p: _corrections().return_correction(
                d.pk, actor=u, method=_text(p, "method"), receiver=_text(p, "receiver"), note=_text(p, "note")
            ),
        ),
    ]
}


def _corrections():
    from motcua.dossiers import corrections

    return corrections


def issue_correction(user: User, dossier: Dossier, data: QueryDict):
    """Sign the uploaded corrected result with the agency's certificate (it supersedes the wrong
    one, which stays stored), then send it back to the desk — in the caller's transaction."""
    from motcua.documents.services import sign_result
    from motcua.documents.validation import validate_upload

    uploaded = data.files.get("corrected_result") if hasattr(data, "files") else None
    if uploaded is not None:
        if not _corrections().awaiting_agency(dossier):
            raise InvalidInput(_("Hồ sơ không có yêu cầu đính chính nào đang chờ cơ quan có thẩm quyền."))
        content_type, _ext = validate_upload(uploaded.name, uploaded)
        if content_type != "application/pdf":
            raise InvalidInput(_("Văn bản kết quả đã đính chính phải là tệp PDF để ký số."))
        uploaded.seek(0)
        sign_result(dossier, uploaded.read(), user=user)
    return _corrections().issue_correction(dossier.pk, actor=user, note=_text(data, "note"))


def _applicant_requests():
    from motcua.dossiers import applicant_requests

    return applicant_requests


def issue_result(user: User, dossier: Dossier, data: QueryDict):
    """Sign the result document with the agency's certificate, then issue the result.

    The document is the PDF the officer uploads, or the one the system lays out from the dossier.
    Both steps run in the caller's transaction: a refused signature issues nothing.
    """
    from motcua.documents.services import result_pdf, sign_result
    from motcua.documents.validation import validate_upload

    if dossier.state in TRANSITIONS["issue_result"].sources:
        steps.check_issue(dossier, user)  # the process first: nothing is signed for a refused issue
    uploaded = data.files.get("result") if hasattr(data, "files") else None
    if uploaded is not None:
        content_type, _ext = validate_upload(uploaded.name, uploaded)
        if content_type != "application/pdf":
            raise InvalidInput(_("Văn bản kết quả phải là tệp PDF để ký số."))
        uploaded.seek(0)
        pdf = uploaded.read()
    else:
        pdf = result_pdf(dossier)
    sign_result(dossier, pdf, user=user)
    return services.issue_result(dossier.pk, actor=user, note=_text(data, "note"))


def _may(user: User, dossier: Dossier, name: str) -> bool:
    t = TRANSITIONS[name]
    if dossier.state not in t.sources:
        return False
    if t.where == Where.LEG:  # a processor of an agency whose leg of the route is open
        return bool(_routing().finishable_legs(user, dossier))
    agencies = {
        Where.RECEIVING: [dossier.agency_id],
        Where.CURRENT: [dossier.current_agency_id],
        Where.EITHER: [dossier.agency_id, dossier.current_agency_id],
        Where.ANYONE: [],
    }[t.where]
    return any(has_role(user, a, t.roles) for a in agencies)


# The rules of the internal process (``dossiers.steps``) the write path applies to each action.
_STEP_CHECKS = {
    "forward": lambda u, d: steps.check_forward(d, u),
    "issue_result": lambda u, d: steps.check_issue(d, u),
    "approve": lambda u, d: steps.check_approve(d),
    "send_back": lambda u, d: steps.check_worker(d, u, ""),
    "hand_off": lambda u, d: steps.check_worker(d, u, ""),
    "route": lambda u, d: steps.check_worker(d, u, ""),
}


def _step_allows(user: User, d: Dossier, name: str) -> bool:
    check = _STEP_CHECKS.get(name)
    if check is None or not d.process_steps or (name == "hand_off" and d.handoff_from_id):
        return True
    try:
        check(user, d)
    except DossierError:
        return False
    return True


def _extension_open(d: Dossier) -> bool:
    from motcua.dossiers import extension

    return extension.is_new_regime(d) and extension.pending_request(d) is None


def _extension_waiting(d: Dossier) -> bool:
    from motcua.dossiers import extension

    return extension.pending_request(d) is not None


def late_kind(d: Dossier) -> str:
    """What a late dossier's agency files: "apology" (form 04 of 2018, dossiers received before
    1/7/2025) or "extension" (the extension request of Decree 118/2025 Art. 19.6)."""
    from motcua.dossiers import rules

    return rules.rules_for(d).late_kind


def late_step(d: Dossier) -> tuple[str, str]:
    """For the warning list: (action to open or "", what to show) for a late dossier's new
    appointment under its regime."""
    from motcua.dossiers import extension

    if late_kind(d) == "apology":
        if d.apology_due_at:
            return "", str(_("Đã phát hành phiếu xin lỗi"))
        return "issue_apology", str(_("Phát hành phiếu xin lỗi"))
    if d.apology_due_at:
        return "", str(_("Đã gia hạn"))
    if extension.pending_request(d) is not None:
        return "apply_extension", str(_("Chờ Bộ phận Một cửa điều chỉnh"))
    return "request_extension", str(_("Đề nghị gia hạn"))


# Which action is due on the dossier page, first match wins (opened there; the others stay folded):
# the paper still to carry to the competent authority (Art. 20.1.a), a proposal the desk must turn
# into the request to the applicant (Art. 19.5), an extension request to apply (Art. 19.6), a
# dossier past its 15 days (Art. 19.5).
DUE_FIRST = ("transfer_paper", "request_supplement", "apply_extension", "close")


def proposal_waiting(d: Dossier) -> bool:
    from motcua.dossiers import closing

    proposal = closing.proposal(d)
    if proposal is None:
        return False
    issued = d.events.filter(action="request_supplement", seq__gt=proposal.seq).exists()
    return not issued


def due_action(d: Dossier, names: set[str]) -> str:
    """The one action form opened on the dossier page, or "" (all folded)."""
    for name in DUE_FIRST:
        if name not in names:
            continue
        if name == "request_supplement" and not proposal_waiting(d):
            continue
        return name
    return ""


def _through_desk(d: Dossier) -> bool:
    from motcua.dossiers import rules

    return d.received_at is not None and rules.rules_for(d).supplement_through_desk


def _may_ask_applicant(user: User, d: Dossier) -> bool:
    """After reception under Decree 118/2025 only the receiving desk asks the applicant (Art. 19.5)."""
    return not _through_desk(d) or has_role(user, d.agency_id, [Role.DESK_OFFICER])


def _closable(d: Dossier) -> bool:
    from motcua.dossiers import rules

    days = rules.rules_for(d).close_after_days
    notice = (
        d.events.filter(action="request_supplement").order_by("-seq").values_list("at", flat=True).first()
    )
    return days is not None and notice is not None and timezone.now() >= services.closing_opens(notice, days)


_CORRECTION_GATED = {"request_correction", "issue_correction", "return_correction", "return_result"}


def _correction_fits(d: Dossier) -> dict[str, bool]:
    """Decree 118/2025 Art. 23.1: one open correction at a time; the result stays at the desk
    until the agency sends its correction back."""
    if d.state not in TRANSITIONS["request_correction"].sources:
        return {}
    c = _corrections().open_correction(d)
    return {
        "request_correction": c is None,
        "issue_correction": c is not None and c.corrected_at is None,
        "return_correction": c is not None and c.corrected_at is not None,
        "return_result": c is None or c.corrected_at is not None,
    }


def _fits(user: User, d: Dossier, name: str) -> bool:
    """Hide actions the write path would refuse for a reason visible on the page already."""
    holder = d.assignee_id in (None, user.pk) or has_role(user, d.current_agency_id, [Role.HEAD, Role.LEADER])
    rules = {
        "forward": bool(d.process_steps) and holder,
        "issue_result": (bool(d.process_steps) or d.step_index >= 0) and not d.handoff_from_id and holder,
        "approve": d.approved_at is None and bool(d.process_steps),
        "send_back": d.step_index > 0 and not d.handoff_from_id,
        "hand_back": bool(d.handoff_from_id),
        "hand_off": not d.handoff_from_id and holder,
        "issue_apology": d.apology_due_at is None and d.due_at is not None and late_kind(d) == "apology",
        "request_extension": d.apology_due_at is None and d.due_at is not None and _extension_open(d),
        "apply_extension": _extension_waiting(d),
        "transfer_paper": d.paper_due_at is not None and d.paper_transferred_at is None,
        "request_supplement": _may_ask_applicant(user, d),
        "propose_supplement": _through_desk(d) and holder,
        "close": _closable(d),
        "check_amendment": d.amended_at is not None,
    }
    if name in _ROUTE_GATED:
        rules[name] = rules.get(name, True) and _route_fits(d, name, holder)
    if name in _CORRECTION_GATED:
        rules[name] = rules.get(name, True) and _correction_fits(d).get(name, True)
    return rules.get(name, True) and _step_allows(user, d, name)


_ROUTE_GATED = {"route", "issue_result", "hand_off", "hand_back"}


def _route_fits(d: Dossier, name: str, holder: bool) -> bool:
    """Decree 118/2025 Art. 20.2: while a leg of the route is open the lead neither issues the
    result nor hands off or back on its own; one route at a time, set up by the holder."""
    route_open = getattr(d, "_route_open", None)
    if route_open is None:
        route_open = d._route_open = _routing().has_open_route(d)
    if name == "route":
        return not route_open and not d.handoff_from_id and holder
    return not route_open


def can(user: User, dossier: Dossier, name: str) -> bool:
    return _may(user, dossier, name) and _fits(user, dossier, name)


def available(user: User, dossier: Dossier) -> list[Action]:
    return [a for name, a in ACTIONS.items() if can(user, dossier, name)]


def officers(agency_id: int, roles: tuple[str, ...] | None = None) -> list[User]:
    """Officers who may hold a dossier at ``agency_id`` (with one of ``roles`` when given)."""
    today = timezone.localdate()
    memberships = Membership.objects.filter(Membership.active_q(today), agency_id=agency_id)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    ids = memberships.exclude(role__in=[Role.REFORM_MANAGER, Role.INSPECTOR, Role.ADMINISTRATOR]).values_list(
        "user_id", flat=True
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name", "username"))


def assign_target(d: Dossier) -> tuple[int, tuple[str, ...] | None]:
    """(agency, roles) of whom the step being worked on may be assigned to (``steps``)."""
    step = steps.working_step(d)
    if step is None or d.handoff_from_id:
        return d.current_agency_id, None
    return steps.step_agency_id(d, step), (step["role"],)


def assignable(d: Dossier) -> list[User]:
    return officers(*assign_target(d))


def receivers(d: Dossier) -> list[User]:
    """Who may receive a forward: holders of the next step's role at the next step's agency."""
    step = steps.next_step(d)
    if step is None:
        return []
    return officers(steps.step_agency_id(d, step), (step["role"],))
