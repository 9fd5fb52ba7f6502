"""The official forms (domain §5) as PDF, plus the ledger as Excel.

Each form is a Django template under ``dossiers/forms/`` rendered by WeasyPrint. A form that does
not apply to the dossier (no apology yet, no refusal, ...) raises ``NotAllowed``.

Titles and numbering follow the dossier's rule set (``rules.rules_for``): the forms of Circular
01/2018/TT-VPCP for dossiers received before 1/7/2025, the forms named by Decree 118/2025/NĐ-CP
from then on (03 «Phiếu từ chối giải quyết hồ sơ thủ tục hành chính», 04 «Phiếu đề nghị gia hạn
thời gian giải quyết», the closing / stop notice, the transfer slip «Phiếu chuyển xử lý»). The
Decree names them but leaves their layout to the Government Office (Art. 35.1.c).
"""

from __future__ import annotations

import io
from dataclasses import fields
from datetime import date, datetime

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from motcua.catalog.models import Component

from .errors import NotAllowed
from .ledger import LedgerRow
from .models import Dossier, DossierEvent
from .rules import Regime, rule_set, rules_for

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
NO_APPOINTMENT = "Không xác định"

# Actions that hand the dossier over (or back) — the lines of the control sheet (form 05).
CONTROL_ACTIONS = (
    "accept",
    "assign",
    "forward",
    "send_back",
    "hand_off",
    "hand_back",
    "route_send",
    "route_done",
    "approve",
    "request_supplement",
    "complete_supplement",
    "request_obligation",
    "fulfil_obligation",
    "issue_apology",
    "request_extension",
    "apply_extension",
    "issue_result",
    "refuse",
    "return_result",
    "withdraw",
    "stop",
    "close",
)

LEDGER_COLUMNS = [
    ("line", "STT"),
    ("code", "Mã hồ sơ"),
    ("summary", "Trích yếu"),
    ("sets", "Số bộ"),
    ("owner", "Chủ hồ sơ"),
    ("address", "Địa chỉ"),
    ("phone", "Điện thoại"),
    ("received_at", "Ngày, giờ nhận"),
    ("due_at", "Hẹn trả"),
    ("transferred_at", "Chuyển xử lý"),
    ("transferred_to", "Nơi/người nhận xử lý"),
    ("result_at", "Có kết quả / từ chối"),
    ("supplement_at", "Yêu cầu bổ sung"),
    ("returned_at", "Trả kết quả"),
    ("returned_to", "Người nhận kết quả"),
    ("state", "Trạng thái"),
    ("notes", "Ghi chú"),
]


# ------------------------------------------------------------------------------- helpers


def fmt(moment: datetime | str | None, empty: str = "") -> str:
    """``hh:mm dd/mm/yyyy`` in Vietnam time (the project's time zone)."""
    if isinstance(moment, str):
        moment = parse_datetime(moment)
    if moment is None:
        return empty
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def fmt_date(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y") if moment else ""


def long_date(moment: datetime | date | None) -> str:
    """``ngày 26 tháng 02 năm 2026``, the way official documents date themselves."""
    if moment is None:
        return "ngày ... tháng ... năm ..."
    local = timezone.localtime(moment) if isinstance(moment, datetime) else moment
    return f"ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def place_of(where) -> str:
    """The place line of a document: the province (or city) of an agency or an administrative
    unit, without its kind ("Hải Phòng")."""
    unit = getattr(where, "unit", None) or where
    while unit.parent_id:
        unit = unit.parent
    for prefix in ("Thành phố ", "Tỉnh "):
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def lookup_url(code: str) -> str:
    base = (getattr(settings, "MOTCUA_PUBLIC_URL", "") or DEFAULT_PUBLIC_URL).rstrip("/")
    return f"{base}/tra-cuu/?ma={code}"


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").png_data_uri(scale=6, border=2)


def _copy_label(value: str) -> str:
    if not value:
        return str(Component.CopyType.__empty__)
    try:
        return str(Component.CopyType(value).label)
    except ValueError:
        return value


def _items(raw: list) -> list[dict]:
    """Items of form 02/03: plain strings or dicts with name and reason."""
    out = []
    for item in raw or []:
        if isinstance(item, dict):
            out.append({"name": item.get("name", ""), "reason": item.get("reason", "")})
        else:
            out.append({"name": str(item), "reason": ""})
    return out


def _latest(dossier: Dossier, *actions: str) -> DossierEvent | None:
    return (
        dossier.events.filter(action__in=actions)
        .select_related("actor", "agency", "to_agency", "to_user")
        .order_by("-seq")
        .first()
    )


def render_pdf(template: str, context: dict) -> bytes:
    """Any template to PDF bytes (WeasyPrint; static files resolved from the project folder).
    Every official document of the system is printed through here."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _render(template: str, context: dict) -> bytes:
    """One template of ``dossiers/forms/`` to PDF bytes."""
    return render_pdf(f"dossiers/forms/{template}", context)


def _common(dossier: Dossier, agency=None) -> dict:
    version = dossier.procedure_version
    return {
        "dossier": dossier,
        "agency": agency or dossier.agency,
        "applicant": dossier.contact,  # the details given with this dossier
        "procedure": version.procedure,
        "received_at": fmt(dossier.received_at),
        "due_at": fmt(dossier.due_at, NO_APPOINTMENT),
        "today": fmt_date(timezone.now()),
        "place": place_of(agency or dossier.agency),
        "signed_on": long_date(dossier.received_at),
    }


# Where a form's number comes from, by regime (printed in the corner of the form).
FORM_BASIS = {
    Regime.ND61_2018: "Mẫu số %(n)s - Thông tư 01/2018/TT-VPCP",
    Regime.ND118_2025: "Mẫu số %(n)s - Nghị định 118/2025/NĐ-CP",
}
# Forms the Decree adds, with no number in either regime (keys of ``RENDERERS`` for the links).
EXTRA_TITLES = {
    "07": "Thông báo dừng giải quyết / đóng hồ sơ",
    "08": "Phiếu chuyển xử lý",
}
# The notice of a dossier ended without a result, by the action that ended it: title, legal basis.
NOTICES = {
    "close": ("Thông báo đóng hồ sơ", "khoản 5 Điều 19 Nghị định 118/2025/NĐ-CP"),
    "withdraw": ("Thông báo dừng giải quyết hồ sơ", "khoản 1 Điều 21 Nghị định 118/2025/NĐ-CP"),
    "stop": ("Thông báo dừng giải quyết hồ sơ", "Nghị định 118/2025/NĐ-CP"),
}


def regime_of(dossier: Dossier) -> str:
    return rules_for(dossier).regime.value


def form_title(dossier: Dossier, number: str) -> str:
    """The title of form ``number`` under the dossier's rule set — except form 04 of a dossier whose
    last late-dossier event is the 2018 apology (still possible during the change-over): that one
    prints, and is named, as the 2018 form (``render_apology``)."""
    if number == "04":
        late = _latest(dossier, "issue_apology", "request_extension")
        if late is not None and late.action == "issue_apology":
            return rule_set(Regime.ND61_2018).form_titles["04"]
    return rules_for(dossier).form_titles.get(number) or EXTRA_TITLES.get(number, "")


def form_no(dossier: Dossier, number: str) -> str:
    return FORM_BASIS[Regime(regime_of(dossier))] % {"n": number}


# --------------------------------------------------------------------------------- forms


def render_receipt(dossier: Dossier) -> bytes:
    """Form 01: giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    if not dossier.code or dossier.received_at is None:
        raise NotAllowed("Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận và hẹn trả kết quả.")
    version = dossier.procedure_version
    time_limit = version.time_limit_display()
    link = lookup_url(dossier.code)
    components = [
        {
            "name": c.get("name", ""),
            "copy_type": _copy_label(c.get("copy_type", "")),
            "count": c.get("count", 1),
        }
        for c in dossier.components
    ]
    return _render(
        "01_receipt.html",
        {
            **_common(dossier),
            "title": "Mẫu số 01",
            "form_no": form_no(dossier, "01"),
            "lookup_url": link,
            "qr": qr_data_uri(link),
            "components": components,
            "time_limit": time_limit,
            "officer": dossier.received_by,
        },
    )


def _event_form(dossier: Dossier, template: str, actions: tuple[str, ...], missing: str, extra) -> bytes:
    """Forms 02–04 are each built from one event: the latest of ``actions``."""
    event = _latest(dossier, *actions)
    if event is None:
        raise NotAllowed(missing)
    context = {
        **_common(dossier, event.agency),
        "event": event,
        "at": fmt(event.at),
        "signed_on": long_date(event.at),
        "officer": event.actor or event.actor_name,
    }
    return _render(template, {**context, **extra(event)})


def render_supplement_request(dossier: Dossier) -> bytes:
    """Form 02: phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (the latest request)."""
    return _event_form(
        dossier,
        "02_supplement.html",
        ("request_supplement",),
        "Hồ sơ chưa có yêu cầu bổ sung nên không có phiếu yêu cầu bổ sung, hoàn thiện.",
        lambda e: {
            "items": _items(e.data.get("items")),
            "lookup_url": lookup_url(dossier.code) if dossier.code else "",
            "form_no": form_no(dossier, "02"),
        },
    )


def render_refusal(dossier: Dossier) -> bytes:
    """Form 03: phiếu từ chối tiếp nhận giải quyết hồ sơ (Circular 01/2018), or under Decree 118
    «Phiếu từ chối giải quyết hồ sơ thủ tục hành chính» — one form for refusal at reception and
    after appraisal (Art. 17.1.c, 19.3)."""
    new = regime_of(dossier) == Regime.ND118_2025
    return _event_form(
        dossier,
        "03_refusal.html",
        ("refuse_reception", "refuse"),
        "Hồ sơ không bị từ chối nên không có phiếu từ chối giải quyết.",
        lambda e: {
            "reasons": _items(e.data.get("reasons")),
            "form_title": form_title(dossier, "03"),
            "form_no": form_no(dossier, "03"),
            "new_regime": new,
            "after_appraisal": e.action == "refuse",
        },
    )


def refusal_is_result(dossier: Dossier) -> bool:
    """Under Decree 118 a refusal after appraisal (Art. 19.3) is the dossier's result: its form 03
    is offered where a result is downloaded. The 2018 rules and a refusal at reception have none."""
    from .states import State

    return (
        dossier.state == State.REFUSED
        and regime_of(dossier) == Regime.ND118_2025
        and dossier.events.filter(action="refuse").exists()
    )


def render_apology(dossier: Dossier) -> bytes:
    """Form 04. Under Decree 118 (Art. 19.6, 12.5): «Phiếu đề nghị gia hạn thời gian giải
    quyết» with the apology letter, from the agency's extension request (and the desk's adjustment
    once applied). Otherwise the 2018 form: phiếu xin lỗi và hẹn lại ngày trả kết quả."""
    late = _latest(dossier, "issue_apology", "request_extension")
    if late is not None and late.action == "request_extension":
        return render_extension(dossier, late)
    return _event_form(
        dossier,
        "04_apology.html",
        ("issue_apology",),
        "Hồ sơ chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả (hoặc phiếu đề nghị gia hạn).",
        lambda e: {
            "received_date": fmt_date(dossier.received_at),
            "original_due_at": fmt(e.data.get("original_due_at"), NO_APPOINTMENT),
            "new_due_at": fmt(e.data.get("new_due_at")),
            "reason": e.note,
        },
    )


def render_extension(dossier: Dossier, request: DossierEvent) -> bytes:
    applied = (
        dossier.events.filter(action="apply_extension", seq__gt=request.seq)
        .select_related("actor", "agency")
        .order_by("seq")
        .first()
    )
    return _render(
        "04_extension.html",
        {
            **_common(dossier, request.agency),
            "form_title": form_title(dossier, "04"),
            "form_no": form_no(dossier, "04"),
            "event": request,
            "signed_on": long_date(request.at),
            "officer": request.actor or request.actor_name,
            "requested_at": fmt(request.at),
            "received_date": fmt_date(dossier.received_at),
            "original_due_at": fmt(request.data.get("original_due_at"), NO_APPOINTMENT),
            "proposed_due_at": fmt(request.data.get("proposed_due_at")),
            "late": bool(request.data.get("late")),
            "reason": request.note,
            "applied_at": fmt(applied.at) if applied else "",
            "applied_by": (applied.actor or applied.actor_name) if applied else "",
        },
    )


def render_end_notice(dossier: Dossier) -> bytes:
    """Thông báo đóng hồ sơ (Art. 19.5: supplement not completed in time) or thông báo dừng giải
    quyết (Art. 21: at the applicant's request; or stopped by the agency). The Decree gives no
    layout for either (domain §5: *unconfirmed*)."""
    event = _latest(dossier, *NOTICES)
    if event is None:
        raise NotAllowed("Hồ sơ không bị đóng hoặc dừng giải quyết nên không có thông báo.")
    title, basis = NOTICES[event.action]
    supplement = _latest(dossier, "request_supplement") if event.action == "close" else None
    return _render(
        "07_end_notice.html",
        {
            **_common(dossier, event.agency),
            "form_title": title,
            "basis": basis,
            "kind": event.action,
            "event": event,
            "at": fmt(event.at),
            "signed_on": long_date(event.at),
            # A stop the applicant made themselves (Art. 21) is signed by the desk on paper: the
            # line stays blank rather than naming the applicant as the officer.
            "officer": event.actor or ("" if (event.data or {}).get("by_applicant") else event.actor_name),
            "source": _applicant_source(event),
            "reason": event.note,
            "supplement_at": fmt(supplement.at) if supplement else "",
            "close_days": rules_for(dossier).close_after_days or 15,
            "supplement_items": _items(supplement.data.get("items")) if supplement else [],
        },
    )


def _applicant_source(event) -> str:
    from .applicant_requests import source_label

    return source_label(event) if (event.data or {}).get("by_applicant") else ""


def render_transfer_slip(dossier: Dossier, seq: int | None = None) -> bytes:
    """Phiếu chuyển xử lý (Decree 118 Art. 20.2.a): one inter-agency hand-off — from and to which
    agency, the content of the work and the time limit of the receiving agency."""
    events = dossier.events.filter(action__in=("hand_off", "route_send")).select_related(
        "actor", "agency", "to_agency"
    )
    event = (events.filter(seq=seq) if seq else events.order_by("-seq")).first()
    if event is None:
        raise NotAllowed("Hồ sơ chưa được chuyển liên thông nên không có phiếu chuyển xử lý.")
    own_due = event.data.get("agency_due_at") if isinstance(event.data, dict) else None
    route = _route_of(event)
    return _render(
        "08_transfer_slip.html",
        {
            **_common(dossier, event.agency),
            "form_title": EXTRA_TITLES["08"],
            "event": event,
            "at": fmt(event.at),
            "signed_on": long_date(event.at),
            "officer": event.actor or event.actor_name,
            "to_agency": event.to_agency,
            "task": event.note,
            "agency_due_at": fmt(own_due) if own_due else "",
            "dossier_due_at": fmt(dossier.apology_due_at or dossier.due_at, NO_APPOINTMENT),
            **route,
        },
    )


def _route_of(event: DossierEvent) -> dict:
    """A hand-over of an inter-agency route (``routing``): the slip's number, the lead agency and
    «nội dung công việc, thời hạn giải quyết của từng cơ quan» (Decree 118 Art. 20.2.a)."""
    from .models import RouteLeg

    data = event.data if isinstance(event.data, dict) else {}
    if event.action != "route_send" or "route_seq" not in data:
        return {}
    legs = RouteLeg.objects.filter(dossier_id=event.dossier_id, route_seq=data["route_seq"]).select_related(
        "agency", "lead_agency", "depends_on"
    )
    rows = [
        {
            "position": leg.position,
            "agency": leg.agency.name,
            "task": leg.task,
            "working_days": leg.working_days,
            "after": leg.depends_on.position if leg.depends_on_id else None,
            "this": leg.pk == data.get("leg"),
        }
        for leg in legs.order_by("position")
    ]
    return {
        "slip_number": data.get("slip_number", ""),
        "lead_agency": legs[0].lead_agency if rows else None,
        "route_mode": data.get("mode", ""),
        "route_legs": rows,
    }


def _step_result(data: dict) -> str:
    if "kept_budget" not in data or data["kept_budget"] is None:
        return ""
    return "Trước/đúng hạn" if data["kept_budget"] else "Quá hạn"


def control_rows(dossier: Dossier) -> list[dict]:
    events = (
        dossier.events.filter(action__in=CONTROL_ACTIONS)
        .select_related("actor", "agency", "to_agency", "to_user")
        .order_by("seq")
    )
    rows = []
    for e in events:
        giver = " – ".join(x for x in [(e.agency or dossier.agency).name, e.actor_name] if x)
        receiver = " – ".join(x for x in [e.to_agency.name if e.to_agency else "", str(e.to_user or "")] if x)
        rows.append(
            {
                "action": _action_label(e.action),
                "step": e.data.get("step", "") if isinstance(e.data, dict) else "",
                "giver": giver,
                "receiver": receiver,
                "at": fmt(e.at),
                "result": _step_result(e.data if isinstance(e.data, dict) else {}),
                "note": e.note,
            }
        )
    return rows


def _action_label(action: str) -> str:
    from .states import TRANSITIONS

    t = TRANSITIONS.get(action)
    return str(t.label) if t else action


def render_control_sheet(dossier: Dossier) -> bytes:
    """Form 05: phiếu kiểm soát quá trình giải quyết hồ sơ."""
    if not dossier.code or dossier.received_at is None:
        raise NotAllowed("Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát quá trình giải quyết.")
    return _render("05_control.html", {**_common(dossier), "rows": control_rows(dossier)})


def _cell(value):
    if isinstance(value, datetime):
        return fmt(value)
    return "" if value is None else value


def _ledger_cells(row: LedgerRow) -> dict:
    return {f.name: _cell(getattr(row, f.name)) for f in fields(row)}


def render_ledger(agency, rows: list[LedgerRow], date_from, date_to) -> bytes:
    """Form 06: sổ theo dõi hồ sơ (A4 landscape)."""
    return _render(
        "06_ledger.html",
        {
            "agency": agency,
            "rows": [_ledger_cells(r) for r in rows],
            "date_from": date_from.strftime("%d/%m/%Y"),
            "date_to": date_to.strftime("%d/%m/%Y"),
            "today": fmt_date(timezone.now()),
            "place": place_of(agency),
            "signed_on": long_date(timezone.now()),
            "columns": [label for _, label in LEDGER_COLUMNS],
        },
    )


def ledger_xlsx(agency, rows: list[LedgerRow]) -> bytes:
    """Form 06 as a spreadsheet: one header row, then one row per dossier (times as text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "So theo doi ho so"
    ws.append([label for _, label in LEDGER_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        cells = _ledger_cells(row)
        ws.append([cells[name] for name, _ in LEDGER_COLUMNS])
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


RENDERERS = {
    "01": render_receipt,
    "02": render_supplement_request,
    "03": render_refusal,
    "04": render_apology,
    "05": render_control_sheet,
    "07": render_end_notice,
    "08": render_transfer_slip,
}
