"""Only real PDF, JPEG and PNG files pass; the content decides, not the name."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from motcua.documents.validation import validate_upload
from motcua.dossiers.errors import InvalidInput
from tests.documents.conftest import jpeg_bytes, pdf_bytes, png_bytes


def refusal(name, data, **kwargs) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        validate_upload(name, data, **kwargs)
    return info.value


def test_real_pdf_jpeg_and_png_are_accepted():
    assert validate_upload("to-khai.pdf", pdf_bytes()) == ("application/pdf", "pdf")
    assert validate_upload("anh-the.JPG", jpeg_bytes()) == ("image/jpeg", "jpg")
    assert validate_upload("anh-the.jpeg", jpeg_bytes()) == ("image/jpeg", "jpg")
    assert validate_upload("so-do.png", png_bytes()) == ("image/png", "png")


def test_an_uploaded_file_is_read_with_its_declared_type():
    upload = SimpleUploadedFile("giay-xac-nhan.pdf", pdf_bytes(), content_type="application/pdf")
    assert validate_upload(upload.name, upload) == ("application/pdf", "pdf")
    assert upload.read(5) == b"%PDF-"  # left readable from the start for whoever stores it


def test_a_png_renamed_to_pdf_is_refused():
    error = refusal("to-khai.pdf", png_bytes())
    assert error.message == "Tệp “to-khai.pdf” không phải là tệp PDF hợp lệ."
    assert error.code == "file_content"


def test_a_program_renamed_to_pdf_is_refused():
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    assert refusal("hop-dong.pdf", exe).message == "Tệp “hop-dong.pdf” không phải là tệp PDF hợp lệ."


def test_a_pdf_header_followed_by_junk_is_refused():
    fake = b"%PDF-1.7\n" + b"day khong phai la PDF " * 50
    assert refusal("ket-qua.pdf", fake).message == "Tệp “ket-qua.pdf” không phải là tệp PDF hợp lệ."


def test_a_pdf_named_as_an_image_is_refused():
    assert refusal("anh.png", pdf_bytes()).message == "Tệp “anh.png” không phải là ảnh PNG hợp lệ."
    broken_png = png_bytes()[:20]
    assert refusal("anh.png", broken_png).message == "Tệp “anh.png” không phải là ảnh PNG hợp lệ."


def test_a_declared_content_type_that_contradicts_the_file_is_refused():
    upload = SimpleUploadedFile("anh.png", png_bytes(), content_type="application/pdf")
    assert refusal("anh.png", upload).code == "file_content"
    # A browser that does not know says octet-stream: the content decides.
    upload = SimpleUploadedFile("anh.png", png_bytes(), content_type="application/octet-stream")
    assert validate_upload("anh.png", upload) == ("image/png", "png")


def test_other_kinds_of_file_are_refused():
    error = refusal("don.docx", b"PK\x03\x04" + b"\x00" * 50)
    assert error.message == "Chỉ nhận tệp PDF, JPG hoặc PNG (tệp “don.docx”)."
    assert refusal("khong-duoi", pdf_bytes()).code == "file_type"


def test_an_empty_file_is_refused():
    assert refusal("to-khai.pdf", b"").message == "Tệp “to-khai.pdf” không có nội dung."


def test_an_oversized_file_is_refused(settings):
    data = pdf_bytes()
    error = refusal("to-khai.pdf", data, max_bytes=len(data) - 1)
    assert error.code == "file_too_large"
    settings.MOTCUA_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    assert refusal("scan.pdf", big).message == "Tệp “scan.pdf” vượt quá dung lượng cho phép (10 MB)."
    settings.MOTCUA_MAX_UPLOAD_BYTES = len(data)
    assert validate_upload("to-khai.pdf", data) == ("application/pdf", "pdf")


def test_a_password_protected_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password="1234", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    error = refusal("to-khai.pdf", buffer.getvalue())
    assert error.code == "file_encrypted"
