"""The dossier page's read side: the control sheet (form 05) as a timeline of steps and events."""

from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from motcua.calendar.core import LimitUnit
from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import RETURN_METHODS
from motcua.dossiers.states import TRANSITIONS, State
from motcua.dossiers.steps import next_step as steps_next
from motcua.org.models import Agency, Role

from .actions import assignable, receivers
from .selectors import HOURS_PER_DAY

FORMS = {
    "01": _("Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    "02": _("Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    "03": _("Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    "04": _("Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    "05": _("Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ"),
}
# Which form an action produces, to offer it right after the action.
AFTER = {
    "accept": "01",
    "request_supplement": "02",
    "refuse_reception": "03",
    "refuse": "03",
    "issue_apology": "04",
    "request_extension": "04",
}


def form_after(action: str, d: Dossier | None = None) -> str:
    number = AFTER.get(action)
    if action == "complete_supplement" and d is not None and d.received_at:
        from motcua.dossiers import rules

        # Decree 118/2025 Art. 19.5: a restarted limit is a new appointment, printed on form 01.
        number = "01" if rules.rules_for(d).restarts_after_supplement else number
    if not number:
        return ""
    return _form_label(d, number) if d is not None else str(FORMS[number])


def _form_label(d: Dossier, number: str) -> str:
    """«Mẫu NN — title», the title from the dossier's rule set (issue 15 item 8)."""
    from motcua.dossiers.forms_pdf import form_title

    title = form_title(d, number)
    return f"Mẫu {number} — {title}" if title and number <= "05" else (title or str(FORMS[number]))


def printable_forms(d: Dossier) -> list[tuple[str, str]]:
    actions = set(d.events.values_list("action", flat=True))
    out = []
    if d.code and d.received_at:
        out.append(("01", _form_label(d, "01")))
    if "request_supplement" in actions:
        out.append(("02", _form_label(d, "02")))
    if actions & {"refuse_reception", "refuse"}:
        out.append(("03", _form_label(d, "03")))
    if actions & {"issue_apology", "request_extension"}:
        out.append(("04", _form_label(d, "04")))
    if d.code and d.received_at:
        out.append(("05", FORMS["05"]))
    if actions & {"close", "withdraw", "stop"}:
        out.append(("07", _form_label(d, "07")))
    if actions & {"hand_off", "route_send"}:
        out.append(("08", _form_label(d, "08")))
    return out


def _used(cal, start: datetime | None, end: datetime | None) -> str:
    if not start or not end:
        return ""
    hours = cal.working_time_between(start, end).total_seconds() / 3600
    return f"{hours / HOURS_PER_DAY:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _when(raw) -> datetime | None:
    if not raw:
        return None
    return raw if isinstance(raw, datetime) else parse_datetime(raw)


def steps(d: Dossier) -> list[dict]:
    """Each step of the internal process with its budget, what it used and whether it kept it."""
    if not d.process_steps:
        return []
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in={s.get("agency_id") for s in d.process_steps})}
    finished: dict[int, dict] = {}
    for e in d.events.filter(action__in=["forward", "issue_result"]).order_by("seq"):
        data = e.data if isinstance(e.data, dict) else {}
        if "step_order" in data:
            finished[data["step_order"]] = {**data, "ended_at": e.at, "actor": e.actor_name}
    now = timezone.now()
    rows = []
    for i, s in enumerate(d.process_steps):
        agency = agencies.get(s.get("agency_id")) or d.agency
        cal = deadlines.calendar_for(agency)
        done = finished.get(s["order"])
        row = {
            "order": s["order"],
            "name": s["name"],
            "role": Role(s["role"]).label if s["role"] in Role.values else s["role"],
            "agency": agency.name,
            "budget": str(s["budget"]).rstrip("0").rstrip(".").replace(".", ","),
            "status": "pending",
        }
        if done and i != d.step_index:
            start, end = _when(done.get("started_at")), done["ended_at"]
            row.update(
                status="kept" if done.get("kept_budget") in (True, None) else "over",
                started=start,
                ended=end,
                used=_used(cal, start, end),
                actor=done.get("actor", ""),
            )
        elif i == d.step_index and d.state in (State.PROCESSING, State.RECEIVED):
            over = d.step_due_at is not None and now > d.step_due_at
            row.update(
                status="over" if over else "current",
                started=d.step_started_at,
                due=d.step_due_at,
                used=_used(cal, d.step_started_at, now),
                actor=str(d.assignee or ""),
            )
        rows.append(row)
    return rows


def _applicant_detail(event) -> list[str]:
    from motcua.dossiers import applicant_requests

    lines = applicant_requests.describe(event) if event.action == "amend" else []
    source = applicant_requests.source_label(event)
    if source and (event.data or {}).get("by_applicant"):
        lines.append(_("Yêu cầu gửi qua %(s)s.") % {"s": source})
    return lines


def _extension_detail(action: str, data: dict) -> list[str]:
    """What the desk must see of an extension request (Decree 118/2025 Art. 19.6)."""
    if action not in ("request_extension", "apply_extension"):
        return []
    new = _when(data.get("proposed_due_at") or data.get("new_due_at"))
    out = [_("Thời gian trả kết quả mới: %(t)s") % {"t": timezone.localtime(new).strftime("%H:%M %d/%m/%Y")}]
    if data.get("late") or data.get("late_request"):
        out.append(_("Đề nghị gửi muộn: sau thời hạn chậm nhất 01 ngày trước ngày hết hạn."))
    return out


def _supplement_detail(action: str, data: dict) -> list[str]:
    """Decree 118/2025 Art. 19.5 on the page: a request later than its window, a restarted limit."""
    if action == "request_supplement" and data.get("late_request"):
        end = timezone.localtime(_when(data["window_due_at"])).strftime("%H:%M %d/%m/%Y")
        return [
            _("Yêu cầu bổ sung muộn: thời hạn yêu cầu bổ sung sau thẩm định đã hết lúc %(t)s.") % {"t": end}
        ]
    if action == "complete_supplement" and data.get("restarted") and data.get("new_due_at"):
        new = timezone.localtime(_when(data["new_due_at"])).strftime("%H:%M %d/%m/%Y")
        return [_("Thời hạn giải quyết được tính lại từ đầu; hẹn trả kết quả mới: %(t)s.") % {"t": new}]
    return []


def _correction_detail(action: str, data: dict) -> list[str]:
    """Decree 118/2025 Art. 23.1 on the timeline: the 03-working-day due time and whether it was kept."""
    if action not in ("request_correction", "issue_correction") or not data.get("due_at"):
        return []
    due = timezone.localtime(_when(data["due_at"])).strftime("%H:%M %d/%m/%Y")
    if action == "request_correction":
        return [_("Hạn chuyển lại kết quả đã đính chính: %(t)s.") % {"t": due}]
    if data.get("late"):
        return [_("Đính chính muộn: quá hạn %(t)s.") % {"t": due}]
    return [_("Đính chính đúng hạn (hạn %(t)s).") % {"t": due}]


def events(d: Dossier) -> list[dict]:
    out = []
    for e in d.events.select_related("agency", "to_agency", "to_user").order_by("seq"):
        t = TRANSITIONS.get(e.action)
        data = e.data if isinstance(e.data, dict) else {}
        detail = []
        if e.action in ("amend", "withdraw"):  # the applicant's own request (Decree 118/2025 Art. 21)
            detail.extend(_applicant_detail(e))
        for key in ("items", "reasons"):
            for item in data.get(key) or []:
                detail.append(item.get("reason", "") if isinstance(item, dict) else str(item))
        if data.get("competent_agency_name") and not e.to_agency_id:  # named, not in the catalogue
            detail.append(_("Cơ quan có thẩm quyền: %(a)s") % {"a": data["competent_agency_name"]})
        detail.extend(_extension_detail(e.action, data))
        detail.extend(_supplement_detail(e.action, data))
        detail.extend(_correction_detail(e.action, data))
        if e.action.startswith("route"):  # Decree 118/2025 Art. 20.2 (dossiers.routing)
            from motcua.dossiers.routing import event_detail

            detail.extend(event_detail(e.action, data))
        out.append(
            {
                "seq": e.seq,
                "at": e.at,
                "label": t.label if t else e.action,
                "actor": e.actor_name,
                "agency": e.agency.name if e.agency else "",
                "to": " – ".join(
                    x for x in [e.to_agency.name if e.to_agency else "", str(e.to_user or "")] if x
                ),
                "note": e.note,
                "detail": detail,
                "over": data.get("kept_budget") is False,
                "state": State(e.to_state).label if e.to_state else "",
            }
        )
    return out


def components(d: Dossier) -> list[dict]:
    """The papers of the dossier with name and kind of copy in words.

    A dossier asked for a supplement (or refused) at reception keeps only the ids and counts of
    what was brought; the names then come from the procedure's components.
    """
    from motcua.catalog.models import Component

    kept = [c for c in d.components or [] if isinstance(c, dict)]
    missing = {c.get("component_id") for c in kept if not c.get("name")}
    catalog = {c.pk: c for c in Component.objects.filter(pk__in=missing)} if missing else {}
    labels = dict(Component.CopyType.choices)
    rows = []
    for c in kept:
        known = catalog.get(c.get("component_id"))
        copy_type = c.get("copy_type") or (known.copy_type if known else "")
        rows.append(
            {
                "name": c.get("name") or (known.name if known else ""),
                "copy_type": labels.get(copy_type, copy_type),
                "count": c.get("count", 1),
            }
        )
    return rows


def files(d: Dossier) -> list:
    """Current scans and result; a signed file is verified again each time it is shown."""
    from motcua.documents.selectors import current_files
    from motcua.documents.services import verify
    from motcua.documents.signing import trust_roots

    out = list(current_files(d).order_by("kind", "uploaded_at"))
    roots = None  # read once for the page, and only when a file is to be verified
    for f in out:
        f.verification = None
        if f.signed or f.kind == "result":
            roots = roots if roots is not None else trust_roots()
            f.verification = verify(f, roots=roots)
    return out


def choices_for(d: Dossier, names: set[str]) -> dict:
    """Options of the action forms shown: officers, agencies, return methods, a suggested date."""
    out: dict = {}
    if "assign" in names:
        out["assignee"] = assignable(d)
    if "forward" in names and steps_next(d) is not None:
        out["to_user"] = receivers(d)  # only who holds the next step's role at its agency
        out["next_step"] = steps_next(d)
    if "hand_off" in names:
        out["to_agency"] = Agency.objects.filter(active=True).exclude(pk=d.current_agency_id).order_by("name")
    if "route" in names:  # Decree 118/2025 Art. 20.2: the route form (dossiers.routing)
        from motcua.dossiers import routing

        from .actions import ROUTE_ROWS

        out["route_agencies"] = (
            Agency.objects.filter(active=True).exclude(pk=d.current_agency_id).order_by("name")
        )
        out["route_rows"] = range(1, ROUTE_ROWS + 1)
        out["route_mode"] = routing.default_mode(d)
        out["route_max"] = routing.max_working_days(d)
    if names & {"return_result", "return_correction"}:
        out["methods"] = list(RETURN_METHODS.items())
    if "request_correction" in names:
        from motcua.dossiers.models import CorrectionFinder

        out["found_by"] = CorrectionFinder.choices
    if "redirect" in names:
        out["competent_agency"] = (
            Agency.objects.filter(active=True, receives_dossiers=True)
            .exclude(pk=d.agency_id)
            .order_by("name")
        )
    if names & {"issue_apology", "request_extension"} and d.due_at:
        cal = deadlines.calendar_for(d.current_agency)
        suggested = cal.due(max(d.due_at, timezone.now()), 2, LimitUnit.WORKING_DAYS)
        out["suggested_due"] = timezone.localtime(suggested).strftime("%Y-%m-%dT%H:%M")
    return out


DELIVERY = {
    "desk": _("Nhận tại Bộ phận Một cửa"),
    "post": _("Nhận qua bưu chính công ích"),
    "electronic": _("Nhận bản điện tử trên Cổng"),
}


def online_answers(d: Dossier) -> dict:
    """What the applicant filled in online: e-form answers, delivery choice, supplement replies."""
    from motcua.portal.models import SupplementReply

    labels = {f["name"]: f.get("label", f["name"]) for f in (d.procedure_version.form_fields or [])}
    labels.update({"noi_dung": _("Nội dung đề nghị"), "dia_chi": _("Địa chỉ")})
    rows = [(labels.get(k, k), v) for k, v in (d.form_data or {}).items() if v]
    return {
        "form_rows": rows,
        "delivery": DELIVERY.get(d.result_delivery, ""),
        "replies": list(SupplementReply.objects.filter(dossier=d).order_by("created_at")),
    }
