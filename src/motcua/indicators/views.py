"""Indicator pages: the dashboard per unit, the drill-down, the wall screen, the public statistics.

Officers choose among the units and agencies of ``dashboard.reach``; anything else answers 404,
the same as a unit that does not exist (no hint that it does). The public page shows only
aggregated counts of a unit, never a dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.selectors import visible_dossiers
from motcua.org.access import officer_required
from motcua.org.models import AdministrativeUnit, Agency

from . import charts, dashboard, exports, succession
from .formulas import INDICATORS
from .periods import Period, Scope
from .scoring import scorecard
from .selectors import DOSSIER_FIGURES, behind
from .values import Value

PAGE_SIZE = 50
CHANNEL_LABELS = {
    "desk": gettext_lazy("Trực tiếp"),
    "online": gettext_lazy("Trực tuyến"),
    "post": gettext_lazy("Bưu chính công ích"),
}
CHANNEL_KEYS = {"desk": "received_desk", "online": "received_online", "post": "received_post"}


@dataclass(frozen=True)
class Figure:
    """A value with the links to the dossiers behind its part and its whole (when it has them)."""

    value: Value
    part_url: str = ""
    whole_url: str = ""
    rest_url: str = ""  # what the whole has and the part lacks: not synchronised, late…

    @property
    def rest(self) -> int | None:
        if not self.rest_url or self.value.whole is None or self.value.part is None:
            return None
        return int(self.value.whole - self.value.part)


class Links:
    """Drill-down addresses for one subject and period."""

    def __init__(self, subject, choice: dashboard.PeriodChoice, predecessors: bool = False):
        self.base = {**dashboard.subject_params(subject), **choice.params()}
        if predecessors:
            self.base[succession.PARAM] = "1"
        self._encoded = urlencode(self.base)  # a dashboard makes some 120 links: encode once
        self._drill_url = reverse("indicator_drilldown")

    def query(self, **extra) -> str:
        extra = {k: v for k, v in extra.items() if v not in (None, "")}
        if not extra:
            return self._encoded
        if extra.keys() & self.base.keys():  # overrides a parameter of the page
            return urlencode({**self.base, **extra})
        return f"{self._encoded}&{urlencode(extra)}"

    def drill(self, key: str, part: str = "part", **extra) -> str:
        if key not in dashboard.DRILLABLE:
            return ""
        return f"{self._drill_url}?{self.query(chi_so=key, phan=part, **extra)}"

    def figure(self, value: Value) -> Figure:
        if not value.measured or value.key not in dashboard.DRILLABLE:
            return Figure(value)
        if value.measure == "days":
            return Figure(value, "", self.drill(value.key, "whole"))
        rest = self.drill(value.key, "rest") if value.key in DOSSIER_FIGURES else ""
        return Figure(value, self.drill(value.key, "part"), self.drill(value.key, "whole"), rest)


def _subject_or_404(request, allowed: dashboard.Reach):
    params = request.GET.copy()
    kind, _sep, pk = params.get("chon", "").partition(":")
    if kind in {"don_vi", "co_quan"}:  # the dashboard's one select for units and agencies
        params.pop("don_vi", None)
        params.pop("co_quan", None)
        params[kind] = pk
    subject = dashboard.chosen_subject(params, allowed)
    if subject is None:
        raise Http404(_("Không tìm thấy đơn vị, hoặc tài khoản không có quyền xem số liệu của đơn vị này."))
    return subject


def _predecessors(request, subject) -> bool:
    """``truoc_sap_xep=1``: a unit's figures with its predecessors' (never for an agency)."""
    return succession.asked(request.GET) and isinstance(subject, AdministrativeUnit)


def _file(content: bytes, kind: str, stem: str) -> HttpResponse:
    types = {"pdf": "application/pdf", "xlsx": exports.XLSX}
    response = HttpResponse(content, content_type=types[kind])
    disposition = "inline" if kind == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{stem}.{kind}"'
    return response


def _group_chart(dash: dashboard.Dashboard):
    items = [
        charts.Bar(
            f"{g.code}. {g.label}",
            g.points if g.measured else None,
            g.max_points,
            "" if g.measured else str(_("chưa đo được")),
        )
        for g in dash.groups
    ]
    return charts.bars(_("Điểm theo nhóm chỉ số (Quyết định 766/QĐ-TTg)"), items)


def _channel_chart(dash: dashboard.Dashboard, links: Links):
    parts = [(str(CHANNEL_LABELS[c]), n, links.drill(CHANNEL_KEYS[c])) for c, n in dash.channels.items()]
    return charts.split(_("Hồ sơ tiếp nhận theo kênh"), parts)


@officer_required
def indicator_dashboard(request):
    """Bảng chỉ số: the Decision 766 scorecard, the seed-era figures, targets and charts."""
    allowed = dashboard.reach(request.user)
    subject = _subject_or_404(request, allowed)
    choice = dashboard.period_from(request.GET, timezone.localdate())
    now = timezone.now()
    fmt = request.GET.get("dinh_dang")
    predecessors = _predecessors(request, subject)
    dash = dashboard.build(
        subject, choice.period, now, trend=fmt not in {"xlsx", "pdf"}, predecessors=predecessors
    )
    code = getattr(subject, "code", None) or subject.identifier_code
    stem = f"chi-so-{code}-{choice.period.start:%Y%m%d}-{choice.period.end:%Y%m%d}"
    if fmt == "pdf":
        return _file(exports.dashboard_pdf(dash), "pdf", stem)
    if fmt == "xlsx":
        _kind, ranked = dashboard.rank(subject, allowed, "score_total", choice.period, now=now)
        return _file(exports.dashboard_xlsx(dash, ranked), "xlsx", stem)
    links = Links(subject, choice, predecessors)
    units, agencies = dashboard.choices(allowed)
    time_rows = [
        (t, links.drill("average_processing_days", "whole", thu_tuc=t.procedure_id)) for t in dash.times
    ]
    step_rows = [
        (
            s,
            dash.agency_names.get(s.agency_id, ""),
            links.drill("steps_over_budget", "part", thu_tuc=s.procedure_id, buoc=s.step_order),
        )
        for s in dash.bottlenecks[:20]
    ]
    return render(
        request,
        "indicators/dashboard.html",
        {
            "dash": dash,
            "subject": subject,
            "is_agency": isinstance(subject, Agency),
            "with_predecessors": predecessors,
            "choice": choice,
            "units": units,
            "agencies": agencies,
            "groups": [(g, [links.figure(v) for v in g.values]) for g in dash.groups],
            "figures": [links.figure(v) for v in dash.figures],
            "time_rows": time_rows,
            "step_rows": step_rows,
            "group_chart": _group_chart(dash),
            "channel_chart": _channel_chart(dash, links),
            "trend_chart": charts.trend(
                _("Hồ sơ tiếp nhận và giải quyết đúng hạn, 12 tháng"),
                [(m.label, m.received, m.on_time) for m in dash.trend],
            ),
            "query": links.query(),
            "ranking_url": f"{reverse('indicator_ranking')}?{links.query()}",
            "wall_url": f"{reverse('indicator_wall')}?{links.query()}",
            "public_url": reverse("indicator_public", args=[subject.pk])
            if isinstance(subject, AdministrativeUnit)
            else "",
        },
    )


@officer_required
def indicator_ranking(request):
    """Xếp hạng the child units (or agencies) of the chosen subject by the total or an indicator."""
    allowed = dashboard.reach(request.user)
    subject = _subject_or_404(request, allowed)
    choice = dashboard.period_from(request.GET, timezone.localdate())
    keys = dashboard.rank_keys()
    key = request.GET.get("theo") if request.GET.get("theo") in dict(keys) else "score_total"
    kind, ranked = dashboard.rank(subject, allowed, key, choice.period, request.GET.get("xep_hang", ""))
    rows = []
    for r in ranked:
        sub_links = Links(r.subject, choice)
        rows.append((r, f"{reverse('indicator_dashboard')}?{sub_links.query()}", sub_links.figure(r.value)))
    links = Links(subject, choice)
    return render(
        request,
        "indicators/_ranking.html",
        {
            "rows": rows,
            "keys": keys,
            "key": key,
            "kind": kind,
            "hidden": list(links.base.items()),
            "is_agency": isinstance(subject, Agency),
        },
    )


def _rows_for(key: str, qs, request, wide: bool):
    """(kind, page, rows) of the drill-down list; links only to what the caller may open."""
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    items = list(page.object_list)
    if key.startswith("g5_petitions_"):
        return "petition", page, [(p, reverse("petition_detail", args=[p.pk])) for p in items]
    dossiers = [e.dossier for e in items] if key == "steps_over_budget" else items
    ids = {d.pk for d in dossiers}
    if wide:
        ids = set(visible_dossiers(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    rows = [
        (item, d, reverse("dossier_detail", args=[d.pk]) if d.pk in ids else "")
        for item, d in zip(items, dossiers, strict=True)
    ]
    return ("step" if key == "steps_over_budget" else "dossier"), page, rows


@officer_required
def indicator_drilldown(request):
    """Hồ sơ sau số liệu: the rows counted in a figure's part or whole; the count is the figure's."""
    allowed = dashboard.reach(request.user)
    subject = _subject_or_404(request, allowed)
    key = request.GET.get("chi_so", "")
    if key not in dashboard.DRILLABLE:
        raise Http404(_("Chỉ số này không có danh sách hồ sơ."))
    part = request.GET.get("phan") if request.GET.get("phan") in {"whole", "rest"} else "part"
    if part == "rest" and key not in DOSSIER_FIGURES:
        part = "part"
    choice = dashboard.period_from(request.GET, timezone.localdate())
    predecessors = _predecessors(request, subject)
    (scope, _units), now = succession.scope_for(subject, predecessors), timezone.now()
    wide = allowed.wide(scope)
    qs = behind(key, scope, choice.period, part, user=None if wide else request.user, now=now)
    procedure = dashboard._int(request.GET.get("thu_tuc"))
    step = dashboard._int(request.GET.get("buoc"))
    if key == "steps_over_budget":
        if procedure:
            qs = qs.filter(dossier__procedure_version__procedure_id=procedure)
        if step:
            qs = qs.filter(data__step_order=step)
        qs = qs.select_related("dossier__procedure_version__procedure", "dossier__agency").order_by(
            "-at", "-pk"
        )
    elif key.startswith("g5_petitions_"):
        qs = qs.select_related("agency").order_by("-received_at", "-pk")
    else:
        if procedure:
            qs = qs.filter(procedure_version__procedure_id=procedure)
        qs = qs.select_related("procedure_version__procedure", "agency").order_by("-received_at", "-pk")
    kind, page, rows = _rows_for(key, qs, request, wide)
    links = Links(subject, choice, predecessors)
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "indicators/drilldown.html",
        {
            "subject": subject,
            "choice": choice,
            "value": INDICATORS[key].func(scope, choice.period, now),
            "part": part,
            "count": page.paginator.count,
            "kind": kind,
            "page": page,
            "rows": rows,
            "params": params.urlencode(),
            "back_url": f"{reverse('indicator_dashboard')}?{links.query()}",
            "other_links": [
                (other, links.drill(key, other, thu_tuc=procedure, buoc=step))
                for other in ("part", "whole", "rest")
                if other != part and (other != "rest" or key in DOSSIER_FIGURES)
            ],
        },
    )


WALL_KEYS = ("on_time_rate", "online_submission_rate", "satisfaction_rate", "open_late")


@officer_required
def indicator_wall(request):
    """Màn hình lớn: big numbers and the group bars, refreshed by htmx every 30 seconds."""
    allowed = dashboard.reach(request.user)
    subject = _subject_or_404(request, allowed)
    choice = dashboard.period_from(request.GET, timezone.localdate())
    (scope, _units), now = succession.scope_for(subject, _predecessors(request, subject)), timezone.now()
    card = scorecard(scope, choice.period, now)
    dash = dashboard.Dashboard(
        subject, choice.period, card, dashboard.groups_of(card), [], {}, [], [], [], []
    )
    received = INDICATORS["received_desk"].func(scope, choice.period, now).whole or 0
    context = {
        "subject": subject,
        "choice": choice,
        "card": card,
        "received": received,
        "values": [INDICATORS[k].func(scope, choice.period, now) for k in WALL_KEYS],
        "group_chart": _group_chart(dash),
        "updated": timezone.localtime(now),
    }
    template = "indicators/_wall.html" if request.htmx else "indicators/wall.html"
    return render(request, template, context)


def indicator_public(request, unit_id: int):
    """Thống kê công khai of a unit: counts and rates only — no dossier, code or name."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    scope, today = Scope.of(unit), timezone.localdate()
    year, month = Period.year(today.year), Period.month(today.year, today.month)
    return render(
        request,
        "indicators/public.html",
        {
            "unit": unit,
            "parent": unit.parent,
            "children": unit.children.order_by("code"),
            "year": year,
            "month": month,
            "today": today,
            "columns": [
                (_("Năm %(y)s") % {"y": today.year}, dashboard.public_figures(scope, year)),
                (
                    _("Tháng %(m)s/%(y)s") % {"m": today.month, "y": today.year},
                    dashboard.public_figures(scope, month),
                ),
            ],
            "fields": dashboard.by_field(scope, year),
        },
    )
