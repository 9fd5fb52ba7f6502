"""Reception at the one-stop desk (domain §4 rule 1): procedure, applicant, checklist, outcome.

The page never decides anything itself: the officer's choice goes to ``dossiers.services.receive``
with an idempotency key made when the form was opened, so a double click or a resent form gives
the one dossier already made. Uploaded scans are checked before the dossier is created.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.audit.reads import What, record_read
from motcua.catalog.models import Procedure, ProcessTemplate
from motcua.catalog.selectors import published_procedures, version_detail
from motcua.common.masking import mask_phone
from motcua.dossiers import authority, deadlines, services
from motcua.dossiers.errors import DossierError, InvalidInput
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.states import Channel, State
from motcua.org.access import officer_required
from motcua.org.models import Agency, Applicant, Role
from motcua.org.selectors import agency_ids

from . import uploads


def _desk_agencies(user) -> list[Agency]:
    return list(Agency.objects.filter(pk__in=agency_ids(user, [Role.DESK_OFFICER])).order_by("name"))


def _agency(request, agencies: list[Agency]) -> Agency:
    if not agencies:
        raise Http404(_("Tài khoản không thuộc Bộ phận Một cửa của cơ quan nào."))
    raw = request.POST.get("co_quan") or request.GET.get("co_quan") or ""
    return next((a for a in agencies if str(a.pk) == raw), agencies[0])


def _receivable(agency: Agency, q: str = ""):
    """Procedures this desk receives: every procedure of the province at a boundary-free desk or a
    service centre (Decree 118/2025 Art. 14.2), else those with an internal process here (all, if
    none is set up)."""
    qs = published_procedures(q)
    if agency.boundary_free or agency.kind == Agency.Kind.SERVICE_CENTRE:
        return qs
    here = ProcessTemplate.objects.filter(agency=agency, active=True)
    if here.exists():
        qs = qs.filter(pk__in=here.values("procedure_id"))
    return qs


def _competent_choices(agency: Agency, procedure) -> list[Agency]:
    """Who may decide the procedure, the receiving agency first when it is one of them."""
    found = authority.competent_candidates(procedure.pk)
    return sorted(found, key=lambda a: (a.pk != agency.pk, a.name))


def _competent(p, agency: Agency, procedure) -> Agency | None:
    """The authority chosen on the form; without a choice, the one the applicant's place designates
    (a commune procedure received elsewhere goes to the applicant's commune), else None."""
    raw = (p.get("co_quan_tham_quyen") or "").strip()
    if not raw:
        return authority.by_place(procedure.pk, authority.place(p.get("noi_cu_tru"), timezone.localdate()))
    chosen = next((a for a in _competent_choices(agency, procedure) if str(a.pk) == raw), None)
    if chosen is None:
        raise InvalidInput(_("Cơ quan có thẩm quyền đã chọn không giải quyết thủ tục này."))
    return chosen


@officer_required
def procedures(request):
    """htmx fragment: procedures matching the typed words, with or without diacritics."""
    agency = _agency(request, _desk_agencies(request.user))
    q = request.GET.get("q", "")
    found = list(_receivable(agency, q)[:15]) if q.strip() else []
    return render(
        request,
        "desk/reception/_procedures.html",
        {"found": found, "agency": agency, "q": q, "ticket": request.GET.get("ve", "")},
    )


def applicant(request):
    """htmx fragment: who this ID number is, their earlier dossiers here and reusable results.

    Only for a desk officer (today, in some agency), and each look-up is logged (issue 14,
    item 6). It tells what the reception needs and no more: the name on record (to prefill the
    form and to compare with the ID card the person shows), the kind of applicant, and the phone
    masked (enough to ask "is 09******78 still your number?"). The phone, e-mail and address in
    full are not shown: the person is at the counter and gives the contact details for this
    dossier, which belong to this dossier (item 5); showing them would let any officer collect
    anyone's contact details by typing ID numbers.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    agencies = _desk_agencies(request.user)
    if not agencies:
        raise PermissionDenied(
            _("Chỉ công chức Bộ phận Một cửa đang được phân công mới tra cứu được người nộp hồ sơ.")
        )
    agency = _agency(request, agencies)
    identifier = (request.GET.get("so") or request.GET.get("so_dinh_danh") or "").strip()[:32]
    person = Applicant.objects.filter(identifier=identifier).first() if identifier else None
    if identifier:
        record_read(request, request.user, What.APPLICANT_LOOKUP, subject=identifier, agency=agency)
    earlier = (
        visible_dossiers(request.user)
        .filter(applicant__identifier=identifier)
        .select_related("procedure_version__procedure")
        .order_by("-submitted_at")[:10]
        if person
        else []
    )
    results = [d for d in earlier if d.state in (State.READY_FOR_RETURN, State.RETURNED)]
    return render(
        request,
        "desk/reception/_applicant.html",
        {
            "person": person,
            "masked_phone": mask_phone(person.phone) if person and person.phone else "",
            "earlier": earlier,
            "results": results,
            "identifier": identifier,
        },
    )


def _components(version, data) -> tuple[list[dict], list[dict]]:
    """(rows for the checklist, items for the write path) from the posted checkboxes."""
    rows, items = [], []
    for c in version.components.all().order_by("order"):
        checked = data.get(f"tp_{c.pk}") == "on" if data is not None else False
        raw = (data.get(f"sl_{c.pk}") if data is not None else "") or ""
        try:
            count = int(raw) if raw.strip() else (c.count or 1)
        except ValueError:
            count = 0
        rows.append({"c": c, "checked": checked, "count": count})
        if checked and c.mode == "nop":
            items.append({"component_id": c.pk, "count": count if count > 0 else "?"})
    return rows, items


def _context(request, agency, agencies, procedure, data=None, error="") -> dict:
    version = version_detail(procedure) if procedure else None
    rows, _items = _components(version, data) if version else ([], [])
    preview = None
    if version is not None:
        preview = deadlines.due_at(deadlines.calendar_for(agency), version, timezone.now(), [])
    competent = _competent_choices(agency, procedure) if procedure else []
    raw_place = (data or {}).get("noi_cu_tru") or request.GET.get("noi_cu_tru", "")
    try:
        place = authority.place(raw_place, timezone.localdate())
    except InvalidInput as exc:
        place, error = None, error or exc.message
    by_place = authority.by_place(procedure.pk, place) if procedure else None
    return {
        "agency": agency,
        "agencies": agencies,
        "competent_choices": competent,
        # Pre-selected when the applicant's place designates one, when unique, or when the
        # receiving agency decides it itself.
        "competent_preselected": (
            str(by_place.pk)
            if by_place
            else str(competent[0].pk)
            if competent and (len(competent) == 1 or competent[0].pk == agency.pk)
            else ""
        ),
        "places": authority.place_choices(timezone.localdate()) if len(competent) > 1 else [],
        "place": place,
        "procedure": procedure,
        "version": version,
        "rows": rows,
        "fees": list(version.fees.all()) if version else [],
        "preview": preview,
        "data": data or {},
        "error": error,
        "idem": (data or {}).get("idem") or uuid.uuid4().hex,
        "ticket": (data or {}).get("ve") or request.GET.get("ve", ""),
        "kinds": Applicant.Kind.choices,
        "max_mb": uploads.max_megabytes(),
    }


@officer_required
def new(request):
    agencies = _desk_agencies(request.user)
    agency = _agency(request, agencies)
    raw = request.POST.get("thu_tuc") or request.GET.get("thu_tuc") or ""
    procedure = Procedure.objects.filter(pk=raw).first() if raw.isdigit() else None
    if request.method != "POST":
        return render(request, "desk/reception/new.html", _context(request, agency, agencies, procedure))
    if procedure is None:
        ctx = _context(request, agency, agencies, None, request.POST, _("Cần chọn thủ tục hành chính."))
        return render(request, "desk/reception/new.html", ctx, status=422)
    try:
        dossier, created = _receive(request, agency, procedure)
    except DossierError as exc:
        ctx = _context(request, agency, agencies, procedure, request.POST, exc.message)
        return render(request, "desk/reception/new.html", ctx, status=422)
    if not created:
        messages.warning(request, _("Hồ sơ này đã được ghi nhận trước đó (gửi trùng); không tạo hồ sơ mới."))
    else:
        messages.success(request, _received_message(dossier))
    return redirect("dossier_detail", dossier_id=dossier.pk)


def _received_message(d) -> str:
    if d.state == State.RECEIVED:
        return _("Đã tiếp nhận hồ sơ %(code)s. In giấy tiếp nhận và hẹn trả kết quả (mẫu 01).") % {
            "code": d.code
        }
    if d.state == State.AWAITING_SUPPLEMENT:
        return _("Đã lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (mẫu 02).")
    if d.state == State.REFUSED:
        return _("Đã lập phiếu từ chối tiếp nhận giải quyết hồ sơ (mẫu 03).")
    return _("Đã nộp hồ sơ trực tuyến thay người dân; hồ sơ chờ tiếp nhận.")


def _receive(request, agency: Agency, procedure: Procedure):
    p = request.POST
    version = version_detail(procedure)
    if version is None:
        raise InvalidInput(_("Thủ tục không có phiên bản đang có hiệu lực."))
    _rows, items = _components(version, p)
    for item in items:
        if item["count"] == "?":
            raise InvalidInput(_("Số lượng bản của mỗi giấy tờ phải là số nguyên dương."))
    outcome = p.get("outcome", "accept")
    assisted = p.get("ho_tro") == "on"
    try:
        kind = int(p.get("loai") or Applicant.Kind.INDIVIDUAL)
        sets = int(p.get("so_bo") or 1)
    except ValueError:
        raise InvalidInput(_("Số bộ hồ sơ phải là số nguyên.")) from None
    channel = (
        Channel.ONLINE if assisted else (Channel.POST if p.get("kenh") == str(Channel.POST) else Channel.DESK)
    )
    scans = uploads.checked(request.FILES, version)  # refuses a bad file before anything is written
    reasons = [line.strip() for line in (p.get("noi_dung") or "").splitlines() if line.strip()]
    with transaction.atomic():
        result = services.receive(
            actor=request.user,
            version=version,
            agency=agency,
            applicant={
                "kind": kind,
                "identifier": p.get("so_dinh_danh", ""),
                "name": p.get("ho_ten", ""),
                "address": p.get("dia_chi", ""),
                "phone": p.get("dien_thoai", ""),
                "email": p.get("email", ""),
            },
            channel=channel,
            assisted=assisted,
            summary=p.get("trich_yeu", ""),
            sets=sets,
            components=items,
            submitter_name=p.get("nguoi_nop", ""),
            submitter_phone=p.get("dien_thoai_nguoi_nop", ""),
            idempotency_key=f"desk-{request.user.pk}-{p.get('idem', '')}" if p.get("idem") else None,
            outcome=outcome,
            items=reasons,
            competent_agency=_competent(p, agency, procedure),
        )
        if result.created:
            uploads.store(result.dossier, scans, request.user)
            uploads.link_ticket(p.get("ve"), agency, result.dossier, request.user)
    return result.dossier, result.created


@officer_required
def awaiting(request):
    """Online dossiers waiting for reception come into the desk's queue (same worklist tab)."""
    return redirect(f"{_worklist()}?tab=reception")


@officer_required
def returns(request):
    return redirect(f"{_worklist()}?tab=return")


def _worklist() -> str:
    from django.urls import reverse

    return reverse("worklist")
