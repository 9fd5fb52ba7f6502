"""Only real PDF, JPEG and PNG files pass; the content decides, not the name."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

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


# --- PDFs that would run something when opened: JavaScript, launch actions, hidden files ---------

SCRIPT_REFUSAL = "Tệp PDF “{}” chứa mã lệnh (JavaScript) hoặc lệnh khởi chạy; không được phép tải lên."


def js_action(code: str = "app.alert('xin chao')") -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )


def launch_action() -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )


def scan_with(change) -> bytes:
    """A one-page scan, changed by ``change(writer)`` before it is written."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def catalog_entry(key: str, value):
    def change(writer):
        writer.root_object[NameObject(key)] = value

    return change


def link_annotation(action: DictionaryObject, key: str = "/A"):
    def change(writer):
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 200, 40)]),
                NameObject(key): action,
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([link])

    return change


def page_additional_action(action: DictionaryObject):
    def change(writer):
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})

    return change


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(catalog_entry("/OpenAction", js_action()), id="open-action-javascript"),
        pytest.param(catalog_entry("/OpenAction", launch_action()), id="open-action-launch"),
        pytest.param(
            catalog_entry("/AA", DictionaryObject({NameObject("/WC"): js_action()})),
            id="document-additional-action",
        ),
        pytest.param(
            catalog_entry(
                "/Names",
                DictionaryObject(
                    {
                        NameObject("/JavaScript"): DictionaryObject(
                            {NameObject("/Names"): ArrayObject([TextStringObject("in"), js_action()])}
                        )
                    }
                ),
            ),
            id="names-tree-javascript",
        ),
        pytest.param(link_annotation(js_action()), id="page-annotation-javascript"),
        pytest.param(link_annotation(launch_action()), id="page-annotation-launch"),
        pytest.param(
            link_annotation(DictionaryObject({NameObject("/U"): js_action()}), key="/AA"),
            id="annotation-additional-action",
        ),
        pytest.param(page_additional_action(js_action()), id="page-open-action"),
        pytest.param(
            # The action chained after a harmless one (/Next) runs all the same.
            catalog_entry(
                "/OpenAction",
                DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/GoTo"),
                        NameObject("/D"): ArrayObject([NumberObject(0), NameObject("/Fit")]),
                        NameObject("/Next"): js_action(),
                    }
                ),
            ),
            id="chained-after-goto",
        ),
    ],
)
def test_a_pdf_that_runs_code_when_opened_is_refused(change):
    error = refusal("to-khai.pdf", scan_with(change))
    assert error.message == SCRIPT_REFUSAL.format("to-khai.pdf")
    assert error.code == "file_active_content"


def test_a_pdf_carrying_another_file_inside_is_refused():
    data = scan_with(lambda w: w.add_attachment("hoa-don.exe", b"MZ\x90\x00" + b"\x00" * 60))
    error = refusal("to-khai.pdf", data)
    assert error.message == (
        "Tệp PDF “to-khai.pdf” có tệp khác đính kèm bên trong; không được phép tải lên "
        "(hãy gửi từng tệp riêng)."
    )
    assert error.code == "file_active_content"


def raw_pdf(catalog_extra: bytes) -> bytes:
    """A one-page PDF written byte by byte, for what pypdf would not write itself."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_an_obfuscated_javascript_name_is_recognised():
    """``/J#61vaScript`` is ``/JavaScript`` to a PDF reader, and so to the check."""
    data = raw_pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>")
    assert refusal("to-khai.pdf", data).message == SCRIPT_REFUSAL.format("to-khai.pdf")


def test_harmless_links_and_bookmarks_are_accepted():
    uri = DictionaryObject(
        {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://dichvucong.gov.vn"),
        }
    )
    goto = DictionaryObject(
        {
            NameObject("/S"): NameObject("/GoTo"),
            NameObject("/D"): ArrayObject([NumberObject(0), NameObject("/Fit")]),
        }
    )
    data = scan_with(lambda w: (link_annotation(uri)(w), catalog_entry("/OpenAction", goto)(w)))
    assert validate_upload("to-khai.pdf", data) == ("application/pdf", "pdf")


def test_a_broken_pdf_is_checked_without_a_server_error():
    # An action pointing to an object that does not exist: nothing to run, nothing to crash on.
    assert validate_upload("to-khai.pdf", raw_pdf(b"/OpenAction 99 0 R")) == ("application/pdf", "pdf")
    # Arrays nested far deeper than any real file: refused with a message, not a crash.
    deep = raw_pdf(b"/PieceInfo " + b"[" * 20000 + b"]" * 20000)
    assert refusal("to-khai.pdf", deep).code == "file_content"
    # A catalog whose action names itself (a loop) is read once, not forever.
    loop = raw_pdf(b"/OpenAction 1 0 R")
    assert validate_upload("to-khai.pdf", loop) == ("application/pdf", "pdf")
