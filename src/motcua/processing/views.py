"""Officers' pages: home, worklists, search, warnings, the dossier page and its actions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.audit.reads import What, record_read
from motcua.catalog.models import Procedure
from motcua.dossiers.errors import DossierError, NotFound
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import get_visible
from motcua.dossiers.states import Channel, State
from motcua.org.access import officer_required
from motcua.org.models import Agency
from motcua.org.selectors import roles_by_agency
from motcua.params import day as _day
from motcua.params import period
from motcua.params import whole as _int

from . import actions, applicant_requests, selectors, timeline

PAGE_SIZE = 50


def _visible_or_404(request, dossier_id: int) -> Dossier:
    try:
        return get_visible(request.user, dossier_id)
    except NotFound as exc:
        raise Http404(exc.message) from None


def _filters(request) -> dict:
    g = request.GET
    return {
        "q": g.get("q", ""),
        "procedure": g.get("thu_tuc", ""),
        "state": _int(g.get("trang_thai")),
        "channel": _int(g.get("kenh")),
        "date_from": _day(g.get("tu_ngay")),
        "date_to": _day(g.get("den_ngay")),
    }


def _rows(page, now, user=None):
    """(dossier, urgency, officers to assign to — only where the caller may assign)."""
    people: dict[tuple, list] = {}
    rows = []
    for d in page:
        choices = []
        if user is not None and actions.can(user, d, "assign"):
            target = actions.assign_target(d)  # those holding the role of the dossier's step
            if target not in people:
                people[target] = actions.officers(*target)
            choices = people[target]
        rows.append((d, selectors.urgency(d, now), choices))
    return rows


def _list_context(request, qs, assign: bool = False, **extra) -> dict:
    filters = _filters(request)
    qs = selectors.filtered(qs, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    return {
        "page": page,
        "rows": _rows(page, timezone.now(), request.user if assign else None),
        "filters": filters,
        "params": params.urlencode(),
        "states": State.choices,
        "channels": Channel.choices,
        # By id: a procedure whose national code is not confirmed has none, and an empty value
        # would both mean "all" and mark that procedure as chosen.
        "procedures": [(str(p), n) for p, n in Procedure.objects.order_by("name").values_list("pk", "name")],
        **extra,
    }


@officer_required
def home(request):
    """Start page after login: the officer's counts, each linking to its list."""
    counts = [
        (tab, selectors.worklist(request.user, tab.key).count()) for tab in selectors.tabs_for(request.user)
    ]
    warning_count = len(selectors.warnings(request.user))
    arrivals = selectors.awaiting_reception(request.user)
    agencies = Agency.objects.filter(pk__in=roles_by_agency(request.user).keys()).order_by("name")
    return render(
        request,
        "processing/home.html",
        {
            "counts": counts,
            "warning_count": warning_count,
            "arrivals": arrivals,
            "proposals": _proposals(request.user),
            "agencies": agencies,
            "roles": roles_by_agency(request.user),
        },
    )


def _proposals(user) -> list:
    """Supplements the appraising agency proposed and the receiving desk has not issued yet
    (Decree 118/2025 Art. 19.5), each with its proposal event: the agency and the items."""
    from motcua.dossiers import closing

    waiting = closing.proposed_supplements(user)[:50]
    return [(d, closing.proposal(d)) for d in waiting]


@officer_required
def worklist(request):
    tabs = selectors.tabs_for(request.user)
    key = request.GET.get("tab") or "mine"
    tab = next((t for t in tabs if t.key == key), tabs[0])
    ctx = _list_context(
        request,
        selectors.worklist(request.user, tab.key),
        assign=tab.key in {"unassigned", "agency"},
        tabs=tabs,
        tab=tab,
    )
    template = "processing/_rows.html" if request.htmx else "processing/worklist.html"
    return render(request, template, ctx)


@officer_required
def search(request):
    from motcua.dossiers.selectors import visible_dossiers

    qs = visible_dossiers(request.user).select_related(
        "applicant", "procedure_version__procedure", "agency", "current_agency", "assignee"
    )
    qs = qs.order_by("-received_at", "-id")
    ctx = _list_context(request, qs, searched=bool(request.GET))
    template = "processing/_rows.html" if request.htmx else "processing/search.html"
    return render(request, template, ctx)


@officer_required
def warnings(request):
    # Each row with the late dossier's next step under its regime (apology or extension).
    rows = [(d, u, actions.late_step(d)) for d, u in selectors.warnings(request.user)]
    route_legs = _overdue_legs(request.user)  # Decree 118/2025 Art. 20.2
    return render(request, "processing/warnings.html", {"rows": rows, "route_legs": route_legs})


def _overdue_legs(user) -> list:
    """Decree 118/2025 Art. 20.2: open legs past their own due time, for the lead and the leg's agency."""
    from motcua.dossiers import routing

    return routing.overdue_legs(user)


def _route_block(user, dossier: Dossier) -> dict:
    """The inter-agency route as a table, and the legs the caller may record as done."""
    from motcua.dossiers import routing

    return {"route": routing.table(dossier), "my_legs": routing.finishable_legs(user, dossier)}


@officer_required
def detail(request, dossier_id: int):
    dossier = _visible_or_404(request, dossier_id)
    record_read(request, request.user, What.DOSSIER_PAGE, dossier=dossier)
    available = actions.available(request.user, dossier)
    names = {a.name for a in available}
    return render(
        request,
        "processing/detail.html",
        {
            "d": dossier,
            "due_action": actions.due_action(dossier, names),
            "late_kind": actions.late_kind(dossier),
            "proposed_items": _proposed_items(dossier, names),
            "urgency": selectors.urgency(dossier),
            "applicant": applicant_requests.panel(dossier),  # Decree 118/2025 Art. 21, 22.5
            "actions": available,
            "choices": timeline.choices_for(dossier, {a.name for a in available}),
            "steps": timeline.steps(dossier),
            "events": timeline.events(dossier),
            "forms": timeline.printable_forms(dossier),
            "files": timeline.files(dossier),
            "online": timeline.online_answers(dossier),
            "components": timeline.components(dossier),
            "corrections": _corrections_block(dossier),
            **_route_block(request.user, dossier),
        },
    )


def _corrections_block(dossier: Dossier) -> list:
    """Decree 118/2025 Art. 23.1: each correction with its due time and whether it is late."""
    from motcua.dossiers.corrections import for_dossier

    now = timezone.now()
    return [(c, c.late or c.overdue(now)) for c in for_dossier(dossier)]


def _proposed_items(dossier: Dossier, names: set[str]) -> str:
    """The appraising agency's proposed items, one a line, to pre-fill the desk's request."""
    from motcua.dossiers import closing

    if "request_supplement" not in names or not actions.proposal_waiting(dossier):
        return ""
    proposal = closing.proposal(dossier)
    items = proposal.data.get("items", []) if proposal else []
    return "\n".join(i.get("name", "") if isinstance(i, dict) else str(i) for i in items)


@require_POST
@officer_required
def act(request, dossier_id: int, name: str):
    dossier = _visible_or_404(request, dossier_id)
    action = actions.ACTIONS.get(name)
    if action is None:
        raise Http404(_("Không có thao tác này."))
    payload = request.POST.copy()
    payload.files = request.FILES  # the result document of "issue_result", when one is uploaded
    try:
        with transaction.atomic():
            action.call(request.user, dossier, payload)
    except DossierError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã thực hiện: %(a)s.") % {"a": action.label})
        follow = timeline.form_after(name, dossier)
        if follow:
            messages.info(request, _("In %(form)s từ mục “Biểu mẫu” bên dưới.") % {"form": follow})
    if request.POST.get("next") == "list":
        return redirect(request.META.get("HTTP_REFERER") or "worklist")
    return redirect("dossier_detail", dossier_id=dossier.pk)


@officer_required
def print_form(request, dossier_id: int, number: str):
    from motcua.dossiers.forms_pdf import RENDERERS

    dossier = _visible_or_404(request, dossier_id)
    render_form = RENDERERS.get(number)
    if render_form is None:
        raise Http404(_("Không có mẫu số này."))
    record_read(request, request.user, What.FORM, dossier=dossier, detail=number)
    try:
        seq = _int(request.GET.get("lan")) if number == "08" else None  # one hand-over's slip
        pdf = render_form(dossier, seq) if seq else render_form(dossier)
    except DossierError as exc:
        messages.error(request, exc.message)
        return redirect("dossier_detail", dossier_id=dossier.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code or dossier.pk}-mau-{number}.pdf"'
    return response


@officer_required
def download_file(request, dossier_id: int, file_id: int):
    """A scan or result of a dossier the caller may see; another unit's file is a 404 too."""
    from django.http import FileResponse

    from motcua.documents.models import DossierFile

    dossier = _visible_or_404(request, dossier_id)
    f = DossierFile.objects.filter(pk=file_id, dossier=dossier).first()
    if f is None:
        raise Http404(_("Không tìm thấy tệp."))
    record_read(request, request.user, What.FILE, dossier=dossier, detail=f.original_name)
    return FileResponse(f.file.open("rb"), content_type=f.content_type, filename=f.original_name)


@officer_required
def ledger_page(request):
    """Sổ theo dõi hồ sơ (form 06) of one of the caller's agencies for a period; PDF and Excel."""
    from motcua.dossiers.forms_pdf import LEDGER_COLUMNS, ledger_xlsx, render_ledger
    from motcua.dossiers.ledger import ledger

    agencies = list(
        Agency.objects.filter(pk__in=roles_by_agency(request.user).keys(), receives_dossiers=True).order_by(
            "name"
        )
    )
    if not agencies:
        raise Http404(_("Tài khoản không thuộc cơ quan tiếp nhận hồ sơ nào."))
    raw = request.GET.get("co_quan", "")
    agency = next((a for a in agencies if str(a.pk) == raw), agencies[0])
    today = timezone.localdate()
    date_from, date_to = period(request, today)
    rows = ledger(request.user, agency, date_from, date_to)
    fmt = request.GET.get("dang")
    stem = f"so-theo-doi-{agency.identifier_code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"
    if fmt == "pdf":
        response = HttpResponse(
            render_ledger(agency, rows, date_from, date_to), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{stem}.pdf"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(
            ledger_xlsx(agency, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    params = request.GET.copy()
    params.pop("dang", None)
    params.update({"co_quan": agency.pk, "tu_ngay": date_from.isoformat(), "den_ngay": date_to.isoformat()})
    return render(
        request,
        "processing/ledger.html",
        {
            "agencies": agencies,
            "agency": agency,
            "date_from": date_from,
            "date_to": date_to,
            "rows": rows[:500],
            "total": len(rows),
            "columns": [label for _, label in LEDGER_COLUMNS],
            "params": params.urlencode(),
        },
    )
