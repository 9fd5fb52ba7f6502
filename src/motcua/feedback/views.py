"""Pages: the citizen's rating, the public petition form, status and list; the officers' pages."""

from calendar import monthrange
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua import params
from motcua.dossiers.errors import DossierError, NotFound
from motcua.org.access import officer_required
from motcua.org.models import Agency
from motcua.org.selectors import agency_ids, has_role
from motcua.portal.selectors import citizen_identifier, get_my_dossier
from motcua.ratelimit import limit_lookups

from . import selectors, services
from .forms import PetitionForm, RatingForm
from .models import SIPAS_ELEMENTS, Level, PetitionState, Rating

PAGE_SIZE = 50


# ------------------------------------------------------------------------------- citizen


@login_required
def rating_new(request, dossier_id: int):
    """Đánh giá: the citizen's own dossier only (someone else's is a 404), once, after the result."""
    dossier = get_my_dossier(request.user, dossier_id)
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    rating = Rating.objects.filter(dossier=dossier).first()
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate(
                dossier,
                request.user,
                form.cleaned_data["level"],
                form.cleaned_data["comment"],
                form.sipas(),
            )
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Cảm ơn bạn đã đánh giá. Ý kiến của bạn đã được ghi nhận."))
            return redirect("rating_new", dossier_id=dossier.pk)
    return render(
        request,
        "feedback/rating_new.html",
        {
            "d": dossier,
            "form": form,
            "rating": rating,
            "ratable": dossier.state in services.RATABLE,
            "elements": SIPAS_ELEMENTS,
        },
    )


def _apply_error(form, exc: DossierError) -> None:
    field = exc.details.get("field")
    form.add_error(field if field in form.fields else None, exc.message)


def petition_new(request):
    """Gửi phản ánh, kiến nghị: no account needed; gives back the code and the answer deadline."""
    initial = {}
    if citizen_identifier(request.user):
        initial = {
            "personal_id": citizen_identifier(request.user),
            "sender_name": getattr(request.user, "full_name", "") or "",
            "phone": getattr(request.user, "phone", "") or "",
            "email": request.user.email,
        }
    if params.whole(request.GET.get("co_quan")) is not None:
        initial["agency"] = params.whole(request.GET["co_quan"])
    initial["dossier_code"] = request.GET.get("ho_so", "")
    form = PetitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.submit_petition(
                agency=data["agency"],
                kind=data["kind"],
                sender_name=data["sender_name"],
                personal_id=data["personal_id"],
                content=data["content"],
                phone=data["phone"],
                email=data["email"],
                dossier_code=data["dossier_code"],
                idempotency_key=data["key"] or None,
            )
        except DossierError as exc:
            _apply_error(form, exc)
        else:
            return render(request, "feedback/petition_sent.html", {"p": result.petition})
    return render(request, "feedback/petition_new.html", {"form": form})


@limit_lookups("petition")  # guesses of the sender's ID are counted (issue 14, item 7)
def petition_status(request):
    """Tra cứu phản ánh by code + personal ID; after the answer the sender says if it satisfied."""
    source = request.POST if request.method == "POST" else request.GET
    code, personal_id = source.get("ma", "").strip(), source.get("so", "").strip()
    if request.method == "POST":
        found = {str(p.pk): p for p in selectors.lookup(code, personal_id)}
        petition = found.get(request.POST.get("phan_anh", ""))
        if petition is None:
            raise Http404(_("Không tìm thấy phản ánh."))
        try:
            services.confirm_satisfaction(
                petition, request.POST.get("hai_long") == "1", personal_id=personal_id
            )
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Cảm ơn bạn đã cho biết ý kiến về kết quả trả lời."))
        return redirect(f"{reverse('petition_status')}?{urlencode({'ma': code, 'so': personal_id})}")
    petitions = selectors.lookup(code, personal_id)
    error = ""
    if code and personal_id and not petitions:
        error = _("Không tìm thấy phản ánh với mã và số định danh đã nhập.")
    return render(
        request,
        "feedback/petition_status.html",
        {"code": code, "personal_id": personal_id, "petitions": petitions, "error": error},
    )


def petition_public(request, agency_id: int):
    agency = get_object_or_404(Agency, pk=agency_id, active=True)
    page = Paginator(selectors.public_petitions(agency.pk), 20).get_page(request.GET.get("trang"))
    return render(request, "feedback/petition_public.html", {"agency": agency, "page": page})


# ------------------------------------------------------------------------------- officers


def _visible_or_404(request, petition_id: int):
    try:
        return selectors.get_visible_petition(request.user, petition_id)
    except NotFound as exc:
        raise Http404(exc.message) from None


@officer_required
def petition_list(request):
    state = request.GET.get("trang_thai", "")
    raw_agency = request.GET.get("co_quan", "")
    agency_id = params.whole(raw_agency)
    qs = selectors.worklist(request.user, state, agency_id)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    now = timezone.now()
    return render(
        request,
        "feedback/petition_list.html",
        {
            "page": page,
            "rows": [(p, selectors.urgency(p, now)) for p in page],
            "states": PetitionState.choices,
            "state": state,
            "agencies": Agency.objects.filter(pk__in=agency_ids(request.user)).order_by("name"),
            "agency_id": agency_id,
            "warning_count": len(selectors.due_soon(request.user, now)),
        },
    )


def _available(user, p) -> list:
    return [
        s for s in services.STEPS.values() if p.state in s.sources and has_role(user, p.agency_id, s.roles)
    ]


@officer_required
def petition_detail(request, petition_id: int):
    p = _visible_or_404(request, petition_id)
    return render(
        request,
        "feedback/petition_detail.html",
        {
            "p": p,
            "urgency": selectors.urgency(p),
            "actions": _available(request.user, p),
            "events": selectors.events(p),
        },
    )


@require_POST
@officer_required
def petition_act(request, petition_id: int, name: str):
    p = _visible_or_404(request, petition_id)
    step = services.STEPS.get(name)
    if step is None:
        raise Http404(_("Không có thao tác này."))
    post, user = request.POST, request.user
    calls = {
        "publish": lambda: services.publish(
            p, actor=user, public=post.get("public") == "1", note=post.get("note", "")
        ),
        "refuse": lambda: services.refuse(p, actor=user, reason=post.get("reason", "")),
        "request_info": lambda: services.request_info(p, actor=user, note=post.get("note", "")),
        "answer": lambda: services.answer(p, actor=user, text=post.get("text", "")),
        "close": lambda: services.close(p, actor=user, note=post.get("note", "")),
    }
    try:
        calls[name]()
    except DossierError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã thực hiện: %(a)s.") % {"a": step.label})
    return redirect("petition_detail", petition_id=p.pk)


def _month(raw: str | None) -> date:
    return params.month(raw, timezone.localdate().replace(day=1))


@officer_required
def rating_summary(request):
    """Tổng hợp đánh giá per agency and month: levels, SIPAS averages, comments, PAKN figures."""
    agencies = list(Agency.objects.filter(pk__in=agency_ids(request.user)).order_by("name"))
    raw = request.GET.get("co_quan", "")
    chosen = next((a for a in agencies if str(a.pk) == raw), None)
    ids = {chosen.pk} if chosen else {a.pk for a in agencies}
    first = _month(request.GET.get("thang"))
    last = first.replace(day=monthrange(first.year, first.month)[1])
    figures = selectors.satisfaction_figures(ids, first, last)
    averages = selectors.sipas_averages(ids, first, last)
    return render(
        request,
        "feedback/rating_summary.html",
        {
            "agencies": agencies,
            "chosen": chosen,
            "month": first,
            "last": last,
            "levels": [(label, figures.counts[value]) for value, label in Level.choices],
            "figures": figures,
            "averages": [(label, averages[key]) for key, label in SIPAS_ELEMENTS.items()],
            "comments": selectors.rating_comments(ids, first, last),
            "petitions": selectors.petition_figures(ids, first, last),
        },
    )
