"""A logged-in citizen's own dossiers: list, timeline, the signed result to download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from motcua.dossiers.states import State

from .selectors import citizen_identifier, get_my_dossier, my_dossiers, public_timeline


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # payments or feedback not installed in this deployment
        return ""


@login_required(login_url="portal_login")
def mine(request):
    if not citizen_identifier(request.user):
        raise Http404(_("Tài khoản này không phải tài khoản công dân, doanh nghiệp."))
    from .models import Submission

    drafts = Submission.objects.filter(user=request.user, state=Submission.State.DRAFT).select_related(
        "procedure"
    )
    return render(
        request, "portal/mine.html", {"dossiers": my_dossiers(request.user)[:200], "drafts": drafts}
    )


@login_required(login_url="portal_login")
def mine_detail(request, dossier_id: int):
    from motcua.documents.selectors import current_result
    from motcua.documents.services import verify

    d = get_my_dossier(request.user, dossier_id)
    if d is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    result = current_result(d) if d.state in (State.READY_FOR_RETURN, State.RETURNED) else None
    return render(
        request,
        "portal/mine_detail.html",
        {
            "d": d,
            "timeline": public_timeline(d),
            "result": result,
            "verification": verify(result) if result else None,
            "pay_url": _url("payment_start", d.pk),
            "rate_url": _url("rating_new", d.pk) if result or d.state == State.RETURNED else "",
        },
    )


@login_required(login_url="portal_login")
def result_download(request, dossier_id: int):
    from motcua.documents.selectors import current_result

    d = get_my_dossier(request.user, dossier_id)
    result = current_result(d) if d is not None else None
    if result is None:
        raise Http404(_("Hồ sơ chưa có kết quả điện tử."))
    return FileResponse(result.file.open("rb"), content_type="application/pdf", filename=result.original_name)
