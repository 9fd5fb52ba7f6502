"""Online submission (domain §4 rule 1): e-form, one upload slot per component or an earlier
result reused, how to receive the result, drafts, and a submit that is safe to repeat.

A draft lives in ``Submission``; submitting turns it into a dossier "awaiting reception" through
``dossiers.services.receive`` with the submission's own idempotency key, under a lock on the
submission row — double clicks, retries and two tabs all end in the one dossier.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import version_detail
from motcua.dossiers import services
from motcua.dossiers.errors import DossierError, InvalidInput
from motcua.dossiers.states import Channel, State
from motcua.org.models import Applicant

from .catalogue import receiving_agencies
from .models import DraftFile, Submission
from .selectors import citizen_identifier, my_dossiers
from .verification import is_proven

SUMMARY_FIELD = {"name": "noi_dung", "label": _("Nội dung đề nghị"), "type": "textarea", "required": False}


def _fields(version) -> list[dict]:
    return [*(version.form_fields or []), SUMMARY_FIELD]


def reusable_results(user) -> list:
    """Signed results of the citizen's earlier dossiers (the data store: "declare once")."""
    from motcua.documents.models import DossierFile

    done = my_dossiers(user).filter(state__in=[State.READY_FOR_RETURN, State.RETURNED])
    return list(
        DossierFile.objects.filter(dossier__in=done, kind="result", is_current=True)
        .select_related("dossier__procedure_version__procedure")
        .order_by("-uploaded_at")[:50]
    )


def _draft(request, procedure) -> Submission:
    raw = request.POST.get("nhap") or request.GET.get("nhap") or ""
    if raw.isdigit():
        found = Submission.objects.filter(pk=raw, user=request.user, procedure=procedure).first()
        if found is None:
            raise Http404(_("Không tìm thấy bản nháp."))
        return found
    return Submission(user=request.user, procedure=procedure)


def _checked_uploads(request, components) -> list[tuple[int, object, str]]:
    """Every uploaded file validated before anything is kept (bad input changes nothing)."""
    from motcua.documents.validation import validate_upload

    out = []
    for c in components:
        for f in request.FILES.getlist(f"tep_{c.pk}"):
            content_type, _ext = validate_upload(f.name, f)
            f.seek(0)
            out.append((c.pk, f, content_type))
    return out


def _read_form(sub: Submission, data, version, agencies, results) -> None:
    raw = data.get("co_quan", "")
    sub.agency = next(
        (a for a in agencies if str(a.pk) == raw), sub.agency or (agencies[0] if agencies else None)
    )
    sub.form_data = {f["name"]: (data.get(f"f_{f['name']}") or "").strip() for f in _fields(version)}
    sub.form_data["dia_chi"] = (data.get("dia_chi") or "").strip()
    delivery = data.get("nhan_ket_qua", Submission.Delivery.DESK)
    sub.delivery = delivery if delivery in Submission.Delivery.values else Submission.Delivery.DESK
    sub.delivery_address = (data.get("dia_chi_nhan") or "").strip()
    allowed = {str(r.pk) for r in results}
    sub.reuse = {
        str(c.pk): data.get(f"dung_lai_{c.pk}")
        for c in version.components.all()
        if data.get(f"dung_lai_{c.pk}") in allowed
    }


def _problems(sub: Submission, version) -> list[str]:
    out = []
    if sub.agency is None:
        out.append(_("Cần chọn cơ quan tiếp nhận hồ sơ."))
    for f in _fields(version):
        if f.get("required") and not sub.form_data.get(f["name"]):
            out.append(_("Cần nhập “%(label)s” trong tờ khai.") % {"label": f["label"]})
    have = set(sub.files.values_list("component_id", flat=True)) if sub.pk else set()
    have |= {int(k) for k in sub.reuse}
    missing = [
        c.name for c in version.components.all() if c.required and c.mode == "nop" and c.pk not in have
    ]
    if missing:
        out.append(_("Thiếu tệp của thành phần hồ sơ bắt buộc: %(names)s.") % {"names": "; ".join(missing)})
    if sub.delivery == Submission.Delivery.POST and not sub.delivery_address:
        out.append(_("Cần ghi địa chỉ nhận kết quả qua bưu chính."))
    return out


@login_required(login_url="portal_login")
def submit(request, procedure_id: int):
    identifier = citizen_identifier(request.user)
    procedure = Procedure.objects.filter(pk=procedure_id).first()
    version = version_detail(procedure) if procedure else None
    if not identifier or version is None or not version.online_level:
        raise Http404(_("Thủ tục không nhận hồ sơ trực tuyến, hoặc tài khoản không phải tài khoản công dân."))
    agencies = list(receiving_agencies(procedure))
    results = reusable_results(request.user)
    components = list(version.components.all().order_by("order"))
    sub = _draft(request, procedure)
    if sub.state == Submission.State.SUBMITTED:
        return redirect("portal_mine_detail", dossier_id=sub.dossier_id)
    problems: list[str] = []
    if request.method == "POST":
        try:
            uploads = _checked_uploads(request, components)
        except DossierError as exc:
            problems = [exc.message]
        else:
            with transaction.atomic():
                if sub.pk:
                    # Another request (double click, second tab) may have sent it since it was read:
                    # saving this stale copy would turn it back into a draft and send it twice.
                    state, dossier_id = (
                        Submission.objects.select_for_update()
                        .values_list("state", "dossier_id")
                        .get(pk=sub.pk)
                    )
                    if state == Submission.State.SUBMITTED:
                        return redirect("portal_mine_detail", dossier_id=dossier_id)
                _read_form(sub, request.POST, version, agencies, results)
                sub.save()
                for component_id, f, content_type in uploads:
                    sub.files.filter(component_id=component_id).delete()
                    DraftFile.objects.create(
                        submission=sub,
                        component_id=component_id,
                        file=f,
                        original_name=f.name[:255],
                        content_type=content_type,
                        size=f.size,
                    )
            if request.POST.get("hanh_dong") == "nop":
                problems = _problems(sub, version)
                if not problems:
                    try:
                        dossier = send(sub, version, request.user)
                    except DossierError as exc:
                        problems = [exc.message]
                    else:
                        messages.success(
                            request, _("Đã nộp hồ sơ trực tuyến. Hồ sơ đang chờ cơ quan tiếp nhận kiểm tra.")
                        )
                        return redirect("portal_mine_detail", dossier_id=dossier.pk)
            else:
                messages.success(request, _("Đã lưu bản nháp."))
                return redirect(f"{request.path}?nhap={sub.pk}")
    # The address on record pre-fills the form only for the proven holder of the ID.
    applicant = Applicant.objects.filter(identifier=identifier).first() if is_proven(request.user) else None
    return render(
        request,
        "portal/submit.html",
        {
            "p": procedure,
            "v": version,
            "sub": sub,
            "fields": _fields(version),
            "agencies": agencies,
            "components": components,
            "files": {f.component_id: f for f in sub.files.all()} if sub.pk else {},
            "results": results,
            "problems": problems,
            "address": sub.form_data.get("dia_chi") or (applicant.address if applicant else ""),
            "deliveries": Submission.Delivery.choices,
            "fees": list(version.fees.all()),
        },
        status=422 if problems else 200,
    )


def send(sub: Submission, version, user):
    """Draft → dossier awaiting reception, exactly once."""
    from motcua.documents.services import store_file

    with transaction.atomic():
        sub = Submission.objects.select_for_update().get(pk=sub.pk)
        if sub.state == Submission.State.SUBMITTED:
            return sub.dossier
        uploaded = {f.component_id for f in sub.files.all()}
        items = [
            {"component_id": c.pk, "count": 1, "source": "upload" if c.pk in uploaded else "reuse"}
            for c in version.components.all()
            if c.pk in uploaded or str(c.pk) in sub.reuse
        ]
        identifier = citizen_identifier(user)
        result = services.receive(
            actor=user,
            version=version,
            agency=sub.agency,
            applicant={
                "kind": Applicant.Kind.ENTERPRISE if user.enterprise_code else Applicant.Kind.INDIVIDUAL,
                "identifier": identifier,
                "name": user.full_name or user.username,
                "address": sub.form_data.get("dia_chi", ""),
                "phone": user.phone,
                "email": user.email,
                # Until the account has proven the ID, its phone and e-mail stay on this dossier
                # and never become the ones on record (which receive the proving code).
                "record_contact": is_proven(user),
            },
            channel=Channel.ONLINE,
            summary=sub.form_data.get("noi_dung", "")[:500],
            components=items,
            idempotency_key=f"portal-{sub.pk}",
            form_data=sub.form_data,
            result_delivery=sub.delivery,
        )
        dossier = result.dossier
        for f in sub.files.all():
            with f.file.open("rb") as handle:
                store_file(
                    dossier,
                    handle.read(),
                    kind="component",
                    component_code=str(f.component_id),
                    user=user,
                    name=f.original_name,
                )
        _copy_reused(dossier, sub, user)
        sub.state, sub.dossier = Submission.State.SUBMITTED, dossier
        sub.save(update_fields=["state", "dossier", "updated_at"])
    return dossier


def _copy_reused(dossier, sub: Submission, user) -> None:
    from motcua.documents.models import DossierFile
    from motcua.documents.services import store_file

    for component_id, file_id in sub.reuse.items():
        source = DossierFile.objects.filter(pk=file_id, kind="result").first()
        if source is None or not my_dossiers(user).filter(pk=source.dossier_id).exists():
            raise InvalidInput(_("Kết quả được chọn để tái sử dụng không thuộc về bạn."))
        with source.file.open("rb") as handle:
            store_file(
                dossier,
                handle.read(),
                kind="component",
                component_code=component_id,
                user=user,
                name=f"tai-su-dung-{source.original_name}",
            )
