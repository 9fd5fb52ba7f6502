"""A logged-in citizen's own dossiers: list, timeline, the signed result to download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from motcua.dossiers.forms_pdf import refusal_is_result
from motcua.dossiers.states import State

from . import stop_and_adjust
from .selectors import citizen_identifier, get_my_dossier, my_dossiers, public_timeline
from .verification import is_proven


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
        request,
        "portal/mine.html",
        {"dossiers": my_dossiers(request.user)[:200], "drafts": drafts, "proven": is_proven(request.user)},
    )


def _refusal_download(d):
    """Form 03 of a refusal after appraisal, the dossier's result under Decree 118 (Art. 19.3)."""
    from django.http import HttpResponse

    from motcua.dossiers.forms_pdf import render_refusal

    response = HttpResponse(render_refusal(d), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{d.code or d.pk}-phieu-tu-choi.pdf"'
    return response


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
            "refusal_result": result is None and refusal_is_result(d),
            "verification": verify(result) if result else None,
            "pay_url": _url("payment_start", d.pk),
            "rate_url": _url("rating_new", d.pk) if result or d.state == State.RETURNED else "",
            "supplement_url": _url("portal_supplement", d.pk) if d.state == State.AWAITING_SUPPLEMENT else "",
            "requests": stop_and_adjust.panel(d),  # Decree 118/2025 Art. 21
        },
    )


@login_required(login_url="portal_login")
def result_download(request, dossier_id: int):
    from motcua.documents.selectors import current_result

    d = get_my_dossier(request.user, dossier_id)
    result = current_result(d) if d is not None else None
    if result is None and d is not None and refusal_is_result(d):
        return _refusal_download(d)
    if result is None:
        raise Http404(_("Hồ sơ chưa có kết quả điện tử."))
    return FileResponse(result.file.open("rb"), content_type="application/pdf", filename=result.original_name)


@login_required(login_url="portal_login")
def supplement(request, dossier_id: int):
    """Answer a supplement request online: files per component and a note (checked first)."""
    from django.contrib import messages
    from django.db import transaction
    from django.shortcuts import redirect

    from motcua.documents.services import store_file
    from motcua.documents.validation import validate_upload
    from motcua.dossiers.errors import DossierError

    from .models import SupplementReply

    d = get_my_dossier(request.user, dossier_id)
    if d is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    if d.state != State.AWAITING_SUPPLEMENT:
        messages.error(request, _("Hồ sơ không ở trạng thái chờ bổ sung."))
        return redirect("portal_mine_detail", dossier_id=d.pk)
    if request.method == "POST":
        components = {str(c.pk) for c in d.procedure_version.components.all()}
        uploads = []
        try:
            for key in request.FILES:
                code = key.removeprefix("tep_")
                for f in request.FILES.getlist(key):
                    validate_upload(f.name, f)
                    f.seek(0)
                    uploads.append((code if code in components else "", f))
            note = (request.POST.get("noi_dung") or "").strip()
            if not uploads and not note:
                raise DossierError(_("Cần tải lên giấy tờ bổ sung hoặc ghi nội dung bổ sung."))
            with transaction.atomic():
                names = []
                for code, f in uploads:
                    stored = store_file(
                        d, f, kind="component" if code else "other", component_code=code, user=request.user
                    )
                    names.append(stored.original_name)
                SupplementReply.objects.create(dossier=d, user=request.user, note=note, files=names)
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã gửi hồ sơ bổ sung. Cơ quan sẽ kiểm tra và tiếp tục giải quyết."))
            return redirect("portal_mine_detail", dossier_id=d.pk)
    items = []
    for e in d.events.filter(action="request_supplement").order_by("-seq")[:1]:
        data = e.data if isinstance(e.data, dict) else {}
        items = [i.get("reason", "") if isinstance(i, dict) else str(i) for i in data.get("items", [])]
    return render(
        request,
        "portal/supplement.html",
        {
            "d": d,
            "items": items,
            "components": d.procedure_version.components.filter(mode="nop").order_by("order"),
        },
    )
