"""Commands of the documents app: store a validated file, render and sign the result, verify.

These functions never change a dossier: they only read it (and lock its row while a new file
version replaces the current one). Moving the dossier on — issuing or returning the result —
stays with ``motcua.dossiers.services``.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.dossiers.forms_pdf import fmt, long_date, lookup_url, place_of, render_pdf
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import ENDED, PROCESSORS, State
from motcua.org.models import Agency, Membership, Role, User
from motcua.org.selectors import has_role

from . import signing
from .models import DossierFile
from .signing import Verification
from .validation import validate_upload

__all__ = ["Verification", "result_pdf", "sign_result", "store_file", "verify"]

SIGN_REASON = "Ký số kết quả giải quyết TTHC"
RESULT_MARKER = "motcua-ket-qua"  # in the PDF keywords: the layout below, so the stamp box fits
SIGNING_ROLES = {Role.LEADER, Role.CLERK}  # the leader signs; the clerk applies the agency's seal
STAFF_ROLES = PROCESSORS | {Role.DESK_OFFICER}
SIGNABLE = {State.PROCESSING, State.READY_FOR_RETURN}

# A4 in millimetres from the top-left corner (margins of Decree 30/2020/NĐ-CP, Annex I).
PAGE_W, PAGE_H = 210, 297
MARGIN = {"top": 20, "right": 15, "bottom": 20, "left": 30}


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float = 0

    def css(self) -> dict:
        """The same box relative to the page area, where CSS absolute positions start."""
        return {"left": self.left - MARGIN["left"], "top": self.top - MARGIN["top"], "width": self.width}

    def pdf(self) -> tuple[int, int, int, int]:
        """Lower-left and upper-right corners in PDF points."""
        pt = 72 / 25.4
        bottom = PAGE_H - self.top - self.height
        return (
            round(self.left * pt),
            round(bottom * pt),
            round((self.left + self.width) * pt),
            round((bottom + self.height) * pt),
        )


RECIPIENTS = Box(30, 178, 80)
SIGN_TITLE = Box(112, 178, 88)
STAMP = Box(118, 195, 76, 24)
SIGNER_LINE = Box(112, 223, 88)


# ------------------------------------------------------------------------------- storing files


def _clean_name(name: str) -> str:
    return os.path.basename((name or "").replace("\\", "/"))[:255]


def _check_uploader(dossier: Dossier, user: User | None, kind: str) -> None:
    """Staff of the agencies holding the dossier, or the applicant themselves (by personal ID)."""
    if user is None:
        if kind == DossierFile.Kind.RESULT:
            raise Forbidden(_("Cần đăng nhập bằng tài khoản cán bộ để lưu kết quả giải quyết."))
        return  # the portal, which has already checked who submits
    agencies = {dossier.agency_id, dossier.current_agency_id}
    if any(has_role(user, a, STAFF_ROLES) for a in agencies):
        return
    personal_id = getattr(user, "personal_id", None)
    own = bool(personal_id) and personal_id == dossier.applicant.identifier
    if own and kind != DossierFile.Kind.RESULT:
        return
    raise Forbidden(_("Tài khoản không có quyền tải tệp lên hồ sơ %(code)s.") % {"code": dossier})


def _check_component(dossier: Dossier, kind: str, component_code: str) -> str:
    code = str(component_code or "").strip()
    if kind == DossierFile.Kind.COMPONENT:
        known = {str(pk) for pk in dossier.procedure_version.components.values_list("pk", flat=True)}
        if not code:
            raise InvalidInput(_("Cần chọn thành phần hồ sơ mà tệp số hóa thuộc về."), code="component")
        if code not in known:
            raise InvalidInput(
                _("Thành phần hồ sơ không thuộc thủ tục này (mã %(id)s).") % {"id": code}, code="component"
            )
    return code


def _save(
    dossier: Dossier,
    data: bytes,
    *,
    name: str,
    content_type: str,
    ext: str,
    kind: str,
    component_code: str,
    user: User | None,
    verification: Verification | None = None,
) -> DossierFile:
    """Write the file, then the row, superseding the current version in the same slot."""
    record = DossierFile(
        dossier=dossier,
        kind=kind,
        component_code=component_code,
        original_name=_clean_name(name),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
        uploaded_at=timezone.now(),
        signed=bool(verification and verification.signed),
        signature=verification.as_json() if verification and verification.signed else {},
    )
    record.file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            # Lock only, never write: uploads to one slot queue behind each other.
            Dossier.objects.select_for_update().only("pk").get(pk=dossier.pk)
            previous = []
            if kind != DossierFile.Kind.OTHER:
                previous = list(
                    DossierFile.objects.select_for_update().filter(
                        dossier=dossier, kind=kind, component_code=component_code, is_current=True
                    )
                )
                DossierFile.objects.filter(pk__in=[p.pk for p in previous]).update(is_current=False)
            record.save()
            DossierFile.objects.filter(pk__in=[p.pk for p in previous]).update(superseded_by=record)
    except BaseException:
        record.file.delete(save=False)  # nothing stored when the row is not
        raise
    return record


def store_file(
    dossier: Dossier,
    uploaded: IO[bytes] | bytes,
    *,
    kind: str,
    component_code: str = "",
    user: User | None,
    name: str | None = None,
) -> DossierFile:
    """Validate and store one upload (an ``UploadedFile``, a file object, or bytes with ``name``).

    A signed PDF has its signature checked and recorded. Refused input stores nothing.
    """
    if kind not in DossierFile.Kind.values:
        raise InvalidInput(_("Loại tệp không hợp lệ: %(kind)s.") % {"kind": kind})
    if kind != DossierFile.Kind.RESULT and dossier.state in ENDED - {State.READY_FOR_RETURN}:
        raise NotAllowed(
            _("Hồ sơ đang ở trạng thái «%(state)s» nên không nhận thêm tệp.") % {"state": dossier.state_label}
        )
    _check_uploader(dossier, user, kind)
    code = _check_component(dossier, kind, component_code)
    name = _clean_name(name or getattr(uploaded, "name", "") or "")
    content_type, ext = validate_upload(name, uploaded)
    data = uploaded if isinstance(uploaded, bytes) else _read_all(uploaded)
    verification = verify(data) if ext == "pdf" else None
    return _save(
        dossier,
        data,
        name=name,
        content_type=content_type,
        ext=ext,
        kind=kind,
        component_code=code,
        user=user,
        verification=verification,
    )


def _read_all(handle: IO[bytes]) -> bytes:
    if hasattr(handle, "seek"):
        handle.seek(0)
    return handle.read()


# ------------------------------------------------------------------------------ the result PDF


def _approval(dossier: Dossier):
    return (
        dossier.events.filter(action="approve").select_related("actor").order_by("-seq").first()
        if dossier.pk
        else None
    )


def _signer_title(agency: Agency, actor: User | None) -> tuple[str, str]:
    """``(on behalf line, title)``: "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", or the leader's own title."""
    on_behalf = "TM. Ủy ban nhân dân" if agency.kind == Agency.Kind.PEOPLES_COMMITTEE else ""
    if actor is not None:
        title = (
            Membership.objects.filter(user=actor, agency=agency, role=Role.LEADER)
            .exclude(title="")
            .values_list("title", flat=True)
            .first()
        )
        if title:
            return on_behalf, title
    defaults = {
        Agency.Kind.PEOPLES_COMMITTEE: "Chủ tịch",
        Agency.Kind.DEPARTMENT: "Giám đốc",
        Agency.Kind.SERVICE_CENTRE: "Giám đốc",
        Agency.Kind.OFFICE: "Trưởng phòng",
    }
    return on_behalf, defaults.get(agency.kind, "Thủ trưởng cơ quan")


def _outcome(dossier: Dossier) -> str:
    issued = dossier.events.filter(action="issue_result").order_by("-seq").first()
    if issued is not None and issued.note:
        return issued.note
    return _("Hồ sơ đã được giải quyết theo đúng quy định của pháp luật.")


def _render(template: str, context: dict) -> bytes:
    return render_pdf(f"documents/{template}", context)


def result_pdf(dossier: Dossier) -> bytes:
    """Kết quả giải quyết TTHC as an unsigned PDF, ready for ``sign_result``."""
    if not dossier.code or dossier.received_at is None:
        raise NotAllowed(_("Hồ sơ chưa được tiếp nhận nên chưa có kết quả giải quyết."))
    agency = dossier.current_agency
    approval = _approval(dossier)
    leader = approval.actor if approval is not None else None
    on_behalf, title = _signer_title(agency, leader)
    return _render(
        "result.html",
        {
            "marker": RESULT_MARKER,
            "dossier": dossier,
            "agency": agency,
            "applicant": dossier.contact,
            "procedure": dossier.procedure_version.procedure,
            "place": place_of(agency),
            "signed_on": long_date(dossier.approved_at or timezone.now()),
            "received_at": fmt(dossier.received_at),
            "due_at": fmt(dossier.due_at, _("Không xác định")),
            "outcome": _outcome(dossier),
            "lookup_url": lookup_url(dossier.code),
            "on_behalf": on_behalf,
            "signer_title": title,
            "signer_name": (leader.full_name or str(leader)) if leader else "",
            "margin": MARGIN,
            "recipients": RECIPIENTS.css(),
            "sign_title": SIGN_TITLE.css(),
            "signer_line": SIGNER_LINE.css(),
        },
    )


# ------------------------------------------------------------------------------------- signing


def _is_our_layout(pdf_bytes: bytes) -> bool:
    from pypdf import PdfReader

    try:
        meta = PdfReader(io.BytesIO(pdf_bytes), strict=False).metadata or {}
    except Exception:  # validated already; a metadata quirk only costs the visible stamp
        return False
    return RESULT_MARKER in str(meta.get("/Keywords", ""))


def _stamp(agency: Agency, signer) -> signing.Stamp:
    subject = signer.signing_cert.subject.native
    pdf = _render(
        "stamp.html",
        {
            "width": STAMP.width,
            "height": STAMP.height,
            "signer": subject.get("common_name", agency.name),
            "organisation": subject.get("organization_name", ""),
            "at": fmt(timezone.now()),
            "reason": SIGN_REASON,
        },
    )
    return signing.Stamp(pdf=pdf, box=STAMP.pdf(), page=0)


def _check_signable(dossier: Dossier, user: User) -> Agency:
    agency = dossier.current_agency
    if user is None or not user.is_authenticated or not has_role(user, agency.pk, SIGNING_ROLES):
        raise Forbidden(
            _("Chỉ lãnh đạo hoặc văn thư của %(agency)s được ký số kết quả giải quyết.") % {"agency": agency}
        )
    from motcua.dossiers import corrections

    # Decree 118/2025 Art. 23.1: a returned result sent back for correction is signed again.
    if dossier.state not in SIGNABLE and not corrections.awaiting_agency(dossier):
        raise NotAllowed(
            _("Không thể ký số kết quả khi hồ sơ đang ở trạng thái «%(state)s».")
            % {"state": dossier.state_label}
        )
    needs_approval = any(s.get("role") == Role.LEADER for s in dossier.process_steps or [])
    if needs_approval and dossier.approved_at is None:
        raise NotAllowed(_("Hồ sơ chưa được lãnh đạo phê duyệt nên chưa thể ký số kết quả."))
    return agency


def sign_result(
    dossier: Dossier, pdf_bytes: bytes, *, user: User, visible: bool | None = None
) -> DossierFile:
    """Sign the result with the agency's certificate (PAdES) and store it as the current result.

    ``visible``: draw the signature box; by default only on a PDF made by ``result_pdf``, whose
    layout keeps the box free.
    """
    agency = _check_signable(dossier, user)
    name = f"ket-qua-{dossier.code}.pdf"
    validate_upload(name, pdf_bytes)
    backend = signing.get_backend()
    signer = backend.signer_for(agency)
    if visible is None:
        visible = _is_our_layout(pdf_bytes)
    signed = signing.sign_pdf(
        pdf_bytes,
        signer,
        reason=SIGN_REASON,
        location=agency.name,
        stamp=_stamp(agency, signer) if visible else None,
    )
    verification = signing.verify_pdf(signed, roots=signing.trust_roots(backend))
    return _save(
        dossier,
        signed,
        name=name,
        content_type="application/pdf",
        ext="pdf",
        kind=DossierFile.Kind.RESULT,
        component_code="",
        user=user,
        verification=verification,
    )


def verify(file_or_bytes: DossierFile | bytes | IO[bytes], *, roots=None) -> Verification:
    """Check the digital signatures of a PDF: signer, time, intact since signing, trusted.

    ``roots``: the trusted root certificates, when the caller verifies several files at once.
    """
    if isinstance(file_or_bytes, DossierFile):
        data = file_or_bytes.read()
    elif isinstance(file_or_bytes, bytes | bytearray | memoryview):
        data = bytes(file_or_bytes)
    else:
        data = _read_all(file_or_bytes)
    return signing.verify_pdf(data, roots=roots)
