"""Payment pages: the citizen's payment and receipt, the provider callbacks, the desk's cash form,
reconciliation and the monthly report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from motcua.dossiers.errors import DossierError, NotFound
from motcua.dossiers.selectors import get_visible
from motcua.org.access import officer_required
from motcua.params import day as _day
from motcua.params import month as _month
from motcua.portal.selectors import get_my_dossier

from . import reports, selectors, services
from .fees import fee_quote
from .models import Payment
from .providers import registry
from .receipt import render_receipt


@login_required
@require_http_methods(["GET", "POST"])
def payment_start(request, dossier_id: int):
    """Thanh toán phí, lệ phí of one of the citizen's own dossiers."""
    dossier = get_my_dossier(request.user, dossier_id)
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    if request.method == "POST":
        if not registry.online_payment_available():
            messages.error(
                request,
                _("Hệ thống chưa kết nối cổng thanh toán trực tuyến; vui lòng nộp phí tại Bộ phận Một cửa."),
            )
            return redirect("payment_start", dossier_id=dossier.pk)
        provider = registry.get_provider()
        return_url = request.build_absolute_uri(reverse("payment_return", args=[provider.code]))
        try:
            _payment, url = services.start_online(
                dossier,
                provider=provider,
                return_url=return_url,
                payer_name=request.user.full_name or dossier.applicant.name,
            )
        except DossierError as exc:
            messages.error(request, exc.message)
            return redirect("payment_start", dossier_id=dossier.pk)
        return redirect(url)
    payments = selectors.dossier_payments(dossier)
    return render(
        request,
        "payments/start.html",
        {
            "dossier": dossier,
            "quote": fee_quote(dossier.procedure_version),
            "payments": payments,
            "paid": next((p for p in payments if p.is_paid), None),
            "online": registry.online_payment_available(),
        },
    )


@require_http_methods(["GET"])
def payment_return(request, provider: str):
    """Where the gateway sends the browser back: signed, so no login is needed to read it."""
    outcome = services.handle_callback(request.GET, provider_code=provider, via="return")
    status = 200 if outcome.accepted else 400
    return render(request, "payments/return.html", {"outcome": outcome}, status=status)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def payment_ipn(request, provider: str):
    """Server-to-server notification (IPN) of a provider; answers in JSON."""
    params = request.POST if request.method == "POST" else request.GET
    outcome = services.handle_callback(params, provider_code=provider, via="ipn")
    return JsonResponse(
        {"status": outcome.status, "message": outcome.message}, status=200 if outcome.accepted else 400
    )


@login_required
def payment_receipt(request, payment_id: int):
    payment = selectors.get_receipt(request.user, payment_id)
    if payment is None:
        raise Http404(_("Không tìm thấy biên lai."))
    response = HttpResponse(render_receipt(payment), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="bien-lai-{payment.receipt_year}-{payment.receipt_number}.pdf"'
    )
    return response


@require_POST
@officer_required
def payment_cash(request, dossier_id: int):
    """Thu phí tại quầy: the desk officer records cash (or a postal payment) for the dossier."""
    try:
        dossier = get_visible(request.user, dossier_id)
    except NotFound as exc:
        raise Http404(exc.message) from None
    try:
        payment = services.record_cash(
            dossier,
            actor=request.user,
            amount_vnd=request.POST.get("amount_vnd"),
            payer_name=request.POST.get("payer_name", ""),
            method=request.POST.get("method", Payment.Method.CASH),
        )
    except DossierError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Đã thu %(amount)s, biên lai số %(number)s.")
            % {"amount": payment.amount_display, "number": payment.receipt_label},
        )
    if request.htmx:
        return render(request, "payments/_dossier_panel.html", {"dossier": dossier})
    return redirect("dossier_detail", dossier_id=dossier.pk)


def _agency(request):
    agencies = list(selectors.report_agencies(request.user))
    if not agencies:
        raise PermissionDenied(
            _("Chỉ Bộ phận Một cửa, trưởng phòng và lãnh đạo cơ quan xem được số liệu thu phí.")
        )
    chosen = request.GET.get("co_quan", "")
    agency = next((a for a in agencies if str(a.pk) == chosen), agencies[0])
    return agencies, agency


@officer_required
def payment_reconciliation(request):
    """Đối soát: payments of a day or period by method and state, with the mismatches flagged."""
    agencies, agency = _agency(request)
    today = timezone.localdate()
    start = _day(request.GET.get("tu_ngay"), today)
    end = max(_day(request.GET.get("den_ngay"), start), start)
    payments = selectors.agency_payments(request.user).filter(agency=agency)
    result = reports.reconciliation(payments, start, end)
    context = {"agencies": agencies, "agency": agency, "report": result, "flags": reports.FLAGS}
    return render(request, "payments/reconciliation.html", context)


@officer_required
def payment_monthly(request):
    """Báo cáo phí, lệ phí đã thu trong tháng của một cơ quan; ``dinh_dang=xlsx`` for Excel."""
    agencies, agency = _agency(request)
    today = timezone.localdate()
    first = _month(request.GET.get("thang"), today.replace(day=1))
    year, month = first.year, first.month
    report = reports.monthly(agency, year, month)
    if request.GET.get("dinh_dang") == "xlsx":
        response = HttpResponse(
            reports.monthly_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"bao-cao-phi-{agency.identifier_code}-{year}-{month:02d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {"agencies": agencies, "agency": agency, "report": report, "month": f"{year}-{month:02d}"}
    return render(request, "payments/monthly.html", context)
