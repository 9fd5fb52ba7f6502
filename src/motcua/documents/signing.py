"""Digital signatures on PDF (PAdES, pyHanko) behind a small plug-in interface.

The core asks a ``SignerBackend`` for the agency's pyHanko signer and for the roots it trusts.
The backend is chosen by the setting ``MOTCUA_SIGNER_BACKEND`` (a dotted path; default: the demo
CA in ``pki.py``); a USB token (``pyhanko.sign.pkcs11``) or a remote signing service
(``pyhanko.sign.signers.csc_signer``) plugs in the same way. ``MOTCUA_TRUSTED_ROOTS`` lists extra
PEM/DER root certificates to trust when verifying (e.g. the national root CAs).
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from pyhanko.sign import fields, signers
from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel

DEFAULT_BACKEND = "motcua.documents.pki.DemoSignerBackend"
logger = logging.getLogger(__name__)


@runtime_checkable
class SignerBackend(Protocol):
    """Where an agency's signing key lives. One small interface, one class per plug-in."""

    def signer_for(self, agency) -> signers.Signer:
        """A pyHanko signer (certificate + key access) for the agency's official signature."""
        ...

    def trust_roots(self) -> list[asn1_x509.Certificate]:
        """Root certificates whose signatures verification accepts as trusted."""
        ...


def get_backend() -> SignerBackend:
    return import_string(getattr(settings, "MOTCUA_SIGNER_BACKEND", "") or DEFAULT_BACKEND)()


def trust_roots(backend: SignerBackend | None = None) -> list[asn1_x509.Certificate]:
    from pyhanko.keys import load_certs_from_pemder

    roots = list((backend or get_backend()).trust_roots())
    extra = list(getattr(settings, "MOTCUA_TRUSTED_ROOTS", []) or [])
    if extra:
        roots.extend(load_certs_from_pemder([str(p) for p in extra]))
    return roots


# ------------------------------------------------------------------------------------- signing


@dataclass(frozen=True)
class Stamp:
    """A visible signature: a one-page PDF drawn into a box (points, lower-left origin) of a page."""

    pdf: bytes
    box: tuple[int, int, int, int]
    page: int = 0


def _field_name(pdf_bytes: bytes) -> str:
    from pyhanko.pdf_utils.reader import PdfFileReader

    taken = len(PdfFileReader(io.BytesIO(pdf_bytes), strict=False).embedded_signatures)
    return f"KySo{taken + 1}"


def sign_pdf(
    pdf_bytes: bytes,
    signer: signers.Signer,
    *,
    reason: str,
    location: str,
    stamp: Stamp | None = None,
) -> bytes:
    """Add one PAdES signature (an incremental update); visible when a ``stamp`` is given."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.stamp import StaticStampStyle

    name = _field_name(pdf_bytes)
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        reason=reason,
        location=location,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    if stamp is None:
        pdf_signer = signers.PdfSigner(meta, signer, new_field_spec=fields.SigFieldSpec(name))
        return pdf_signer.sign_pdf(writer).getvalue()
    # pyHanko imports a stamp page only from a file; it is read while signing, then removed.
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stamp.pdf")
        with open(path, "wb") as handle:
            handle.write(stamp.pdf)
        pdf_signer = signers.PdfSigner(
            meta,
            signer,
            stamp_style=StaticStampStyle.from_pdf_file(path, border_width=0),
            new_field_spec=fields.SigFieldSpec(name, on_page=stamp.page, box=stamp.box),
        )
        return pdf_signer.sign_pdf(writer).getvalue()


# ---------------------------------------------------------------------------------- verifying


@dataclass(frozen=True)
class Verification:
    """Kết quả kiểm tra chữ ký số of a PDF (the last signature when there are several)."""

    signed: bool
    intact: bool  # not changed since signing (bytes and later revisions)
    valid: bool  # the signature is mathematically right over an intact document
    trusted: bool  # the signer's certificate leads to a trusted root
    signer: str
    signed_at: datetime | None
    message: str
    organisation: str = ""
    reason: str = ""
    signatures: int = 0

    @property
    def ok(self) -> bool:
        return self.signed and self.valid and self.trusted

    def as_json(self) -> dict:
        data = asdict(self)
        data["signed_at"] = self.signed_at.isoformat() if self.signed_at else None
        data["ok"] = self.ok
        return data


ACCEPTED_LATER_CHANGES = {
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
}


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def _unsigned(message: str) -> Verification:
    return Verification(False, False, False, False, "", None, message)


def _intact(status) -> bool:
    if not status.intact:
        return False
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    return (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level in ACCEPTED_LATER_CHANGES
        and bool(status.docmdp_ok)
    )


def _message(signer: str, signed_at: datetime | None, intact: bool, valid: bool, status) -> str:
    if not intact:
        return _("Tài liệu đã bị sửa sau khi ký — chữ ký số của “%(signer)s” không còn giá trị.") % {
            "signer": signer
        }
    if not valid:
        return _("Chữ ký số không hợp lệ: giá trị chữ ký không khớp với chứng thư số.")
    if status.revoked:
        return _("Chứng thư số của “%(signer)s” đã bị thu hồi.") % {"signer": signer}
    if not status.trusted:
        return _(
            "Tài liệu nguyên vẹn nhưng chứng thư số của “%(signer)s” không do tổ chức cung cấp dịch vụ "
            "chứng thực chữ ký số tin cậy cấp hoặc đã hết hiệu lực."
        ) % {"signer": signer}
    return _("Chữ ký số hợp lệ — Ký bởi: %(signer)s, lúc %(at)s") % {"signer": signer, "at": _when(signed_at)}


def verify_pdf(data: bytes, *, roots: list[asn1_x509.Certificate] | None = None) -> Verification:
    """Check every signature of a PDF; report on the last, with the first problem found."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        embedded = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception:  # a broken file is an answer, not a crash
        logger.info("unreadable PDF given for verification", exc_info=True)
        return _unsigned(_("Không đọc được tệp: tệp không phải là PDF hợp lệ hoặc đã bị hỏng."))
    if not embedded:
        return _unsigned(_("Tài liệu không có chữ ký số."))
    context = ValidationContext(trust_roots=roots if roots is not None else trust_roots())
    result = None
    for sig in embedded:
        try:
            status = validate_pdf_signature(sig, context)
        except Exception:
            logger.info("signature could not be validated", exc_info=True)
            return Verification(
                True,
                False,
                False,
                False,
                "",
                None,
                _("Không kiểm tra được chữ ký số: tệp đã bị sửa hoặc bị hỏng."),
                signatures=len(embedded),
            )
        subject = status.signing_cert.subject.native
        signer = subject.get("common_name", "") or status.signing_cert.subject.human_friendly
        signed_at = status.signer_reported_dt
        if status.timestamp_validity is not None:
            signed_at = status.timestamp_validity.timestamp
        intact = _intact(status)
        valid = intact and status.valid
        trusted = valid and status.trusted
        current = Verification(
            signed=True,
            intact=intact,
            valid=valid,
            trusted=trusted,
            signer=signer,
            signed_at=signed_at,
            message=_message(signer, signed_at, intact, status.valid, status),
            organisation=subject.get("organization_name", ""),
            reason=str(sig.sig_object.get("/Reason", "")),
            signatures=len(embedded),
        )
        if result is None or result.ok:
            result = current  # keep the first failure, else move on to the last signature
    return result
