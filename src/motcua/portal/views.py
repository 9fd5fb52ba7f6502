"""Citizen pages: the public catalogue, a procedure's page, an agency's page, tracking by code."""

from datetime import timedelta

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from motcua.catalog.models import Field, Procedure
from motcua.catalog.selectors import version_detail
from motcua.org.models import Agency, DutyShift, Membership, Role, UnitLevel
from motcua.ratelimit import limit_lookups

from . import catalogue
from .selectors import lookup, public_timeline

PAGE = 30


@require_GET
@limit_lookups("track")  # guesses of the owner's ID are counted (issue 14, item 7)
def track(request):
    code = request.GET.get("ma", "")
    identifier = request.GET.get("so", "")
    context = {"code": code, "identifier": identifier}
    if code and identifier:
        dossier = lookup(code, identifier)
        if dossier is None:
            # The same answer whether the code does not exist or belongs to someone else.
            context["error"] = _("Không tìm thấy hồ sơ với mã hồ sơ và số định danh đã nhập.")
        else:
            context["dossier"] = dossier
            context["timeline"] = public_timeline(dossier)
    elif code:
        context["hint"] = _("Nhập số định danh cá nhân (hoặc mã số doanh nghiệp) của chủ hồ sơ để xem.")
    return render(request, "portal/track.html", context)


@require_GET
def procedures(request):
    """Danh mục thủ tục: search and filters; htmx swaps only the results."""
    g = request.GET
    agency = (
        Agency.objects.filter(pk=g.get("co_quan")).first() if (g.get("co_quan") or "").isdigit() else None
    )
    online = g.get("truc_tuyen")
    found, fuzzy = catalogue.search(
        g.get("q", ""),
        field=g.get("linh_vuc", ""),
        level=g.get("cap", ""),
        agency=agency,
        online=online if online in {"toan_trinh", "mot_phan", ""} and "truc_tuyen" in g else None,
    )
    found = found.prefetch_related("versions")
    context = {
        "q": g.get("q", ""),
        "results": list(found[:PAGE]),
        "total": found.count(),
        "fuzzy": fuzzy,
        "fields": Field.objects.order_by("name"),
        "levels": UnitLevel.objects.order_by("rank"),
        "agencies": Agency.objects.filter(receives_dossiers=True, active=True).order_by("name"),
        "filters": g,
    }
    template = "portal/_procedure_results.html" if request.htmx else "portal/procedures.html"
    return render(request, template, context)


@require_GET
def procedure(request, procedure_id: int):
    """Every mandatory component of a procedure (Decree 63/2010 Art. 8) and where to submit it."""
    proc = Procedure.objects.select_related("field", "level").filter(pk=procedure_id).first()
    version = version_detail(proc) if proc else None
    if version is None:
        raise Http404(_("Không tìm thấy thủ tục, hoặc thủ tục không còn hiệu lực."))
    return render(
        request,
        "portal/procedure.html",
        {
            "p": proc,
            "v": version,
            "components": version.components.all().order_by("order"),
            "fees": version.fees.all().order_by("order"),
            "agencies": catalogue.receiving_agencies(proc),
            "legal_basis": [line for line in version.legal_basis.splitlines() if line.strip()],
        },
    )


WEEKDAYS = [
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
]


def _hours(a: Agency) -> list[tuple[str, str]]:
    periods = a.office_hours().periods
    return [
        (
            str(WEEKDAYS[day]),
            ", ".join(f"{o:%H:%M}–{c:%H:%M}" for o, c in periods[day]) if periods.get(day) else "",
        )
        for day in range(7)
    ]


@require_GET
def agency(request, agency_id: int):
    """An agency's public page: office hours, who receives dossiers, leaders, contacts, procedures."""
    a = Agency.objects.filter(pk=agency_id, active=True).select_related("unit", "parent").first()
    if a is None:
        raise Http404(_("Không tìm thấy cơ quan."))
    today = timezone.localdate()
    staff = (
        Membership.objects.filter(
            Membership.active_q(today), agency=a, role__in=[Role.LEADER, Role.DESK_OFFICER]
        )
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    found, _fuzzy = catalogue.search(agency=a)
    return render(
        request,
        "portal/agency.html",
        {
            "a": a,
            "hours": _hours(a),
            "leaders": [m for m in staff if m.role == Role.LEADER],
            "desk": [m for m in staff if m.role == Role.DESK_OFFICER],
            "children": Agency.objects.filter(parent=a, active=True).order_by("name"),
            "duty": DutyShift.objects.filter(agency=a, day__gte=today, day__lte=today + timedelta(days=13))
            .select_related("user")
            .order_by("day"),
            "procedures": found.select_related("field")[:200],
        },
    )
