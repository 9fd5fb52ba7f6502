"""Upload checks: only PDF, JPEG and PNG, whose content really is what the name says.

Uploads are checked before anything is stored (architecture rule 7). The declared name and
content type are the citizen's claim; the magic bytes and a real parse are the truth. A
refusal raises ``InvalidInput`` with a message the person can act on. A PDF that would run
something when an officer opens it (JavaScript, a launch action) or that hides another file inside
it is refused too.
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
    try:
        found = _active_content(reader)
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
        raise InvalidInput(invalid, code="file_content") from exc
    if found == "script":
        raise InvalidInput(
            _("Tệp PDF “%(name)s” chứa mã lệnh (JavaScript) hoặc lệnh khởi chạy; không được phép tải lên.")
            % {"name": name},
            code="file_active_content",
            details={"name": name},
        )
    if found == "attachment":
        raise InvalidInput(
            _(
                "Tệp PDF “%(name)s” có tệp khác đính kèm bên trong; không được phép tải lên "
                "(hãy gửi từng tệp riêng)."
            )
            % {"name": name},
            code="file_active_content",
            details={"name": name},
        )


# What makes a PDF act when it is opened or clicked. Officers open citizens' files on office PCs
# whose readers run document JavaScript and may start programs (/Launch); a scan or a form printed
# to PDF never needs either, nor a file hidden inside it, so a file with any of them is refused.
_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript", "/XFA"})  # action code, names tree, XFA forms
_SCRIPT_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})
_ATTACHMENT_KEYS = frozenset({"/EmbeddedFiles", "/EF"})  # names tree, file specification
# A scan of a hundred pages has a few thousand objects; a file with far more is not a scan and
# would make the walk a way to keep a worker busy.
_MAX_NODES = 200_000


def _active_content(reader) -> str | None:
    """``"script"``, ``"attachment"`` or None, after walking every object reachable from the
    document catalog: the open action and additional actions, the names tree, pages, their
    annotations and form fields, bookmarks — wherever an action can hide, including behind
    ``/Next`` chains. Content streams are not decoded: an action cannot live inside one.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    containers = (ArrayObject, DictionaryObject, IndirectObject)

    def name_of(value) -> str:
        value = value.get_object() if isinstance(value, IndirectObject) else value
        return value if isinstance(value, str) else ""

    seen: set[tuple[int, int]] = set()
    stack = [dict.get(reader.trailer, "/Root")]
    nodes = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            item = item.get_object()
        nodes += 1
        if nodes > _MAX_NODES:
            raise ValueError("too many objects")
        if isinstance(item, DictionaryObject):
            # dict's own methods: the raw values, references not yet resolved (the loop does it once).
            keys = set(dict.keys(item))
            if keys & _SCRIPT_KEYS or name_of(dict.get(item, "/S")) in _SCRIPT_ACTIONS:
                return "script"
            if keys & _ATTACHMENT_KEYS or name_of(dict.get(item, "/Type")) == "/EmbeddedFile":
                return "attachment"
            stack.extend(v for v in dict.values(item) if isinstance(v, containers))
        elif isinstance(item, ArrayObject):
            stack.extend(v for v in list.__iter__(item) if isinstance(v, containers))
    return None


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
