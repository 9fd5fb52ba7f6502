"""The citizen's stop and adjustment of their own dossier (Decree 118/2025 Art. 21) on its page.

Only the citizen's own dossiers (``get_my_dossier``): someone else's id is a 404, as everywhere on
these pages. The write path (``dossiers.applicant_requests``) is the judge of the window; a refusal
comes back as the page's error message and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.dossiers import applicant_requests as ar
from motcua.dossiers.errors import DossierError

from .selectors import get_my_dossier


def _mine_or_404(request, dossier_id: int):
    d = get_my_dossier(request.user, dossier_id)
    if d is None:
        raise Http404(_("Không tìm thấy hồ sơ."))
    return d


def panel(d) -> dict:
    """What the citizen's dossier page shows about Art. 21: whether they may still ask, and the
    stop that ended the dossier, if any."""
    return {
        "stop_refusal": ar.refusal(d, "withdraw"),
        "withdrawal": ar.applicant_withdrawal(d),
        "legal_basis": (d.procedure_version.legal_basis or "").strip().splitlines()[:3],
    }


@require_POST
@login_required(login_url="portal_login")
def stop(request, dossier_id: int):
    """«Yêu cầu dừng giải quyết hồ sơ»: a reason and a ticked confirmation; it takes effect at once."""
    d = _mine_or_404(request, dossier_id)
    if request.POST.get("xac_nhan") != "1":
        messages.error(request, _("Cần đánh dấu xác nhận dừng giải quyết hồ sơ trước khi gửi yêu cầu."))
        return redirect("portal_mine_detail", dossier_id=d.pk)
    try:
        ar.withdraw(d.pk, reason=request.POST.get("ly_do", ""), source=ar.CITIZEN_PAGE)
    except DossierError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Hồ sơ đã được dừng giải quyết theo yêu cầu của Ông/Bà. Cơ quan giải quyết đã nhận "
                "được thông tin; xác nhận được gửi về thư điện tử, tin nhắn của Ông/Bà."
            ),
        )
    return redirect("portal_mine_detail", dossier_id=d.pk)


CONTACT = ("summary", "contact_address", "contact_phone", "contact_email")


def _form_rows(d, post=None) -> list[dict]:
    """The e-form's fields with the value shown: what was just posted, else what the dossier holds."""
    fields = [f for f in (d.procedure_version.form_fields or []) if isinstance(f, dict) and f.get("name")]
    return [
        {
            "name": f["name"],
            "label": f.get("label") or f["name"],
            "value": post.get(f"tk_{f['name']}", "") if post else (d.form_data or {}).get(f["name"], ""),
        }
        for f in fields
    ]


def _changes(request, d) -> dict:
    post = request.POST
    changes = {name: post.get(name) for name in CONTACT}
    changes = {k: v for k, v in changes.items() if v is not None}
    form = {row["name"]: (post.get(f"tk_{row['name']}") or "").strip() for row in _form_rows(d)}
    # Only fields the page shows are sent; an unchanged one is dropped by the write path.
    changes["form_data"] = {k: v for k, v in form.items() if f"tk_{k}" in post}
    return changes


def _replace_files(request, d) -> list[ar.FileChange]:
    """Store each replacement file in its component's slot (the previous one is superseded)."""
    from motcua.documents.models import DossierFile
    from motcua.documents.services import store_file

    components = {str(c.pk): c.name for c in d.procedure_version.components.all()}
    out = []
    for key in request.FILES:
        code = key.removeprefix("tep_")
        if code not in components:
            continue
        for f in request.FILES.getlist(key):
            previous = (
                DossierFile.objects.filter(dossier=d, kind="component", component_code=code, is_current=True)
                .values_list("original_name", flat=True)
                .first()
            )
            stored = store_file(d, f, kind="component", component_code=code, user=request.user)
            out.append(ar.FileChange(components[code], stored.original_name, previous or ""))
    return out


@login_required(login_url="portal_login")
def adjust(request, dossier_id: int):
    """«Điều chỉnh nội dung hồ sơ»: summary, e-form answers, contact details, component files."""
    d = _mine_or_404(request, dossier_id)
    refused = ar.refusal(d, "amend")
    if refused:
        messages.error(request, refused)
        return redirect("portal_mine_detail", dossier_id=d.pk)
    post = request.POST if request.method == "POST" else None
    if post is not None:
        try:
            with transaction.atomic():
                files = _replace_files(request, d)
                ar.amend(
                    d.pk,
                    changes=_changes(request, d),
                    reason=request.POST.get("ly_do", ""),
                    files=files,
                    source=ar.CITIZEN_PAGE,
                )
        except DossierError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Đã điều chỉnh nội dung hồ sơ. Cơ quan giải quyết sẽ kiểm tra lại; ngày hẹn trả kết "
                    "quả không thay đổi."
                ),
            )
            return redirect("portal_mine_detail", dossier_id=d.pk)
    return render(
        request,
        "portal/adjust.html",
        {
            "d": d,
            "values": {n: (post.get(n, "") if post else ar.current(d, n)) for n in CONTACT},
            "form_rows": _form_rows(d, post),
            "components": d.procedure_version.components.filter(mode="nop").order_by("order"),
        },
    )
