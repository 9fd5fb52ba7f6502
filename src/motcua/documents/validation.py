"""Upload checks: only PDF, JPEG and PNG, whose content really is what the name says.

Uploads are checked before anything is stored (architecture rule 7). The declared name and
content type are the citizen's claim; the magic bytes and a real parse are the truth. A
refusal raises ``InvalidInput`` with a message the person can act on.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.dossiers.errors import InvalidInput

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    ext: str  # the normalised extension the stored file gets
    content_type: str
    label: str
    extensions: frozenset[str]
    aliases: frozenset[str]  # content types browsers send for it


PDF = FileType("pdf", "application/pdf", "PDF", frozenset({"pdf"}), frozenset({"application/x-pdf"}))
JPEG = FileType(
    "jpg",
    "image/jpeg",
    "JPG",
    frozenset({"jpg", "jpeg", "jpe"}),
    frozenset({"image/jpg", "image/pjpeg"}),
)
PNG = FileType("png", "image/png", "PNG", frozenset({"png"}), frozenset({"image/x-png"}))
TYPES = (PDF, JPEG, PNG)
# What a browser says when it does not know: the content decides.
UNKNOWN_CONTENT_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})


def max_upload_bytes() -> int:
    return int(getattr(settings, "MOTCUA_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES))


def _sniff(head: bytes) -> FileType | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".removesuffix(".0")


def _read(data_or_file: bytes | IO[bytes], limit: int) -> bytes:
    """At most ``limit + 1`` bytes: enough to know the file is too big without reading all of it."""
    if isinstance(data_or_file, bytes | bytearray | memoryview):
        return bytes(data_or_file)
    if hasattr(data_or_file, "seek"):
        data_or_file.seek(0)
    data = data_or_file.read(limit + 1)
    if hasattr(data_or_file, "seek"):
        data_or_file.seek(0)
    return data


def _check_pdf(name: str, data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    invalid = _("Tệp “%(name)s” không phải là tệp PDF hợp lệ.") % {"name": name}
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise InvalidInput(invalid, code="file_content") from exc
    if encrypted:
        raise InvalidInput(
            _("Tệp “%(name)s” được đặt mật khẩu; hãy gửi bản PDF không đặt mật khẩu.") % {"name": name},
            code="file_encrypted",
        )
    if pages < 1:
        raise InvalidInput(invalid, code="file_content")


def _check_image(name: str, data: bytes, kind: FileType) -> None:
    try:
        from PIL import Image  # installed with WeasyPrint
    except ImportError:  # pragma: no cover - the magic bytes were already checked
        return
    invalid = _("Tệp “%(name)s” không phải là ảnh %(type)s hợp lệ.") % {"name": name, "type": kind.label}
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            image.verify()
    except Exception as exc:  # Pillow raises many kinds of errors for a broken image
        raise InvalidInput(invalid, code="file_content") from exc
    if fmt != {"jpg": "JPEG", "png": "PNG"}[kind.ext]:
        raise InvalidInput(invalid, code="file_content")


def validate_upload(
    name: str,
    data_or_file: bytes | IO[bytes],
    *,
    max_bytes: int | None = None,
    content_type: str | None = None,
) -> tuple[str, str]:
    """Check one upload; return ``(content_type, ext)`` of what it really is.

    ``content_type`` is the browser's claim (read from an ``UploadedFile`` when not given); it may
    be missing or generic, but it may not contradict the content.
    """
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    name = os.path.basename((name or "").replace("\\", "/")) or _("(không tên)")
    if content_type is None:
        content_type = getattr(data_or_file, "content_type", None) or ""
    ext = os.path.splitext(name)[1].lower().lstrip(".")
    declared = next((t for t in TYPES if ext in t.extensions), None)
    if declared is None:
        raise InvalidInput(
            _("Chỉ nhận tệp PDF, JPG hoặc PNG (tệp “%(name)s”).") % {"name": name},
            code="file_type",
            details={"name": name},
        )
    too_big = _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(mb)s MB).") % {
        "name": name,
        "mb": _megabytes(limit),
    }
    size = getattr(data_or_file, "size", None)
    if isinstance(size, int) and size > limit:
        raise InvalidInput(too_big, code="file_too_large", details={"max_bytes": limit})
    data = _read(data_or_file, limit)
    if not data:
        raise InvalidInput(_("Tệp “%(name)s” không có nội dung.") % {"name": name}, code="empty_file")
    if len(data) > limit:
        raise InvalidInput(too_big, code="file_too_large", details={"max_bytes": limit})
    actual = _sniff(data[:16])
    claimed_type = content_type.split(";")[0].strip().lower()
    type_ok = claimed_type in UNKNOWN_CONTENT_TYPES or claimed_type in (
        {declared.content_type} | declared.aliases
    )
    if actual is not declared or not type_ok:
        if declared is PDF:
            message = _("Tệp “%(name)s” không phải là tệp PDF hợp lệ.") % {"name": name}
        else:
            message = _("Tệp “%(name)s” không phải là ảnh %(type)s hợp lệ.") % {
                "name": name,
                "type": declared.label,
            }
        raise InvalidInput(message, code="file_content", details={"name": name})
    if declared is PDF:
        _check_pdf(name, data)
    else:
        _check_image(name, data, declared)
    return declared.content_type, declared.ext
