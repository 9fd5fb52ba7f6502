"""Citizen pages. For now: tracking a dossier by its code and the owner's ID number (QR on form 01)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .selectors import lookup, public_timeline


@require_GET
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
