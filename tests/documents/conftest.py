"""A dossier received at the desk through the real write path, files kept in a temporary folder."""

import io
import struct
import zlib

import pytest
from pypdf import PdfReader, PdfWriter

from motcua.dossiers import services as dossier_services
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


@pytest.fixture
def dossier(scene):
    return receive(scene, "2026-02-10 09:00", summary="Đăng ký kết hôn")


def approve(scene, d, day: str = "2026-02-11"):
    """Assignment, appraisal and the leader's approval: the moment the result may be signed."""
    dossier_services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn(f"{day} 08:00"))
    dossier_services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn(f"{day} 09:00"))
    dossier_services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn(f"{day} 10:00"))
    return dossier_services.approve(d.pk, actor=scene.leader, at=vn(f"{day} 11:00"))


@pytest.fixture
def approved(scene, dossier):
    return approve(scene, dossier)


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    """A valid 1×1 PNG, built chunk by chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1×1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xff\x00\x00")  # filter byte + one red pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg_bytes() -> bytes:
    from PIL import Image  # installed with WeasyPrint

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def text(pdf: bytes) -> str:
    """The text of a PDF with runs of white space folded, for phrases that may wrap."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())
