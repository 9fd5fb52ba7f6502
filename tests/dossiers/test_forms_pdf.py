"""The official forms 01–06 as PDF (and the ledger as Excel): read back, QR decoded, API scoped."""

import io
import shutil
import subprocess
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.dossiers import forms_pdf, services
from motcua.dossiers.errors import NotAllowed
from motcua.dossiers.ledger import ledger
from tests.dossiers.conftest import receive, vn
from tests.dossiers.test_lifecycle import walk_to_result
from tests.factories import Desk

HEADER = "Độc lập - Tự do - Hạnh phúc"
CODE = "000.00.06.H56-260210-0001"


def text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def flat(pdf: bytes) -> str:
    """The text with line breaks and runs of spaces folded, for phrases that may wrap."""
    return " ".join(text(pdf).split())


def test_receipt_has_code_applicant_times_and_components(scene):
    d = receive(scene, "2026-02-10 09:00", summary="Đăng ký kết hôn")
    out = flat(forms_pdf.render_receipt(d))
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        HEADER,
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Hà Nội, ngày 10 tháng 02 năm 2026",
        "ỦY BAN NHÂN DÂN PHƯỜNG",
        CODE,
        "Nguyễn Văn An",
        "12 Phố Huế, Hà Nội",
        "0912345678",
        "an@example.vn",
        "001090012345",
        "Tờ khai đăng ký kết hôn",
        "Bản chính",
        "15 ngày làm việc",
        "Thời gian nhận hồ sơ: 09:00 10/02/2026",
        "09:00 10/03/2026",
        "năm 2026, số thứ tự 1",
        str(scene.desk),
    ]:
        assert expected in out, expected


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="poppler/zbar")
def test_receipt_qr_code_decodes_to_the_lookup_link(scene, tmp_path, settings):
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.example.vn/"
    d = receive(scene)
    (tmp_path / "mau-01.pdf").write_bytes(forms_pdf.render_receipt(d))
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "mau-01.pdf", "page"],  # noqa: S607
        cwd=tmp_path,
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    decoded = subprocess.run(  # noqa: S603
        ["zbarimg", "--raw", "-q", str(png)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert decoded == f"https://dichvucong.example.vn/tra-cuu/?ma={CODE}"


def test_receipt_without_time_limit_says_not_determined(db):
    from tests.factories import make_version

    scene = Desk(version=make_version(limit=None, unit=""), with_process=False)
    d = receive(scene)
    assert d.due_at is None
    assert "Không xác định" in flat(forms_pdf.render_receipt(d))


def test_supplement_request_lists_items_with_reasons(scene):
    d = receive(scene)
    services.request_supplement(
        d.pk,
        actor=scene.desk,
        items=[
            {"name": "Giấy xác nhận tình trạng hôn nhân", "reason": "Đã hết hạn sử dụng"},
            "Bản sao giấy khai sinh",
        ],
        at=vn("2026-02-10 10:00"),
    )
    d.refresh_from_db()
    out = flat(forms_pdf.render_supplement_request(d))
    for expected in [
        HEADER,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        CODE,
        "Nguyễn Văn An",
        "Đăng ký kết hôn",
        "Giấy xác nhận tình trạng hôn nhân",
        "Đã hết hạn sử dụng",
        "Bản sao giấy khai sinh",
        "Hà Nội, ngày 10 tháng 02 năm 2026",
        str(scene.desk),
    ]:
        assert expected in out, expected


def test_refusal_at_reception_lists_reasons(scene):
    # Received before 1/7/2025: the 2018 form (Circular 01/2018); forms_by_regime has the 118 one.
    d = receive(
        scene, "2025-06-10 09:00", outcome="refuse", items=["Thủ tục không thuộc thẩm quyền của phường"]
    )
    out = flat(forms_pdf.render_refusal(d))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in out
    assert "Mẫu số 03 - Thông tư 01/2018/TT-VPCP" in out
    assert "Thủ tục không thuộc thẩm quyền của phường" in out
    assert "Nguyễn Văn An" in out and HEADER in out
    assert "Hà Nội, ngày 10 tháng 06 năm 2025" in out


def test_refusal_after_appraisal(scene):
    d = receive(scene)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-02-11 08:00"))
    d = services.refuse(d.pk, actor=scene.head, reasons=["Hai bên chưa đủ tuổi kết hôn"])
    assert "Hai bên chưa đủ tuổi kết hôn" in flat(forms_pdf.render_refusal(d))


def test_apology_needs_an_apology_event_then_shows_both_appointments(scene):
    # The apology letter is the 2018 form: a dossier received before 1/7/2025 (Decree 61/2018).
    # Tue 10/6/2025 09:00 + 15 working days (no holiday in June) → Tue 1/7/2025 09:00.
    d = receive(scene, "2025-06-10 09:00")
    with pytest.raises(NotAllowed, match="xin lỗi"):
        forms_pdf.render_apology(d)
    with pytest.raises(NotAllowed):
        forms_pdf.render_refusal(d)
    with pytest.raises(NotAllowed):
        forms_pdf.render_supplement_request(d)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2025-06-11 08:00"))
    d = services.issue_apology(
        d.pk,
        actor=scene.head,
        reason="Cần xác minh thêm với cơ quan đăng ký hộ tịch nơi cư trú trước đây",
        new_due_at=vn("2025-07-08 09:00"),
        at=vn("2025-06-27 10:00"),
    )
    out = flat(forms_pdf.render_apology(d))
    for expected in [
        HEADER,
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Kính gửi: Nguyễn Văn An",
        "000.00.06.H56-250610-0001",
        "Ngày 10/06/2025",
        "09:00 01/07/2025",
        "09:00 08/07/2025",
        "Cần xác minh thêm với cơ quan đăng ký hộ tịch",
        str(scene.head),
    ]:
        assert expected in out, expected


def test_control_sheet_has_one_row_per_hand_off_with_step_result(scene):
    d = receive(scene, "2026-02-10 09:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn("2026-02-10 09:30"))
    # Reception has ½ working day: passing it on two days later is late.
    services.forward(
        d.pk, actor=scene.desk, to_user=scene.specialist, note="Chuyển thẩm định", at=vn("2026-02-12 09:00")
    )
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn("2026-02-12 10:00"))
    services.approve(d.pk, actor=scene.leader, at=vn("2026-02-12 11:00"))
    services.forward(d.pk, actor=scene.leader, to_user=scene.clerk, at=vn("2026-02-12 11:05"))
    d = services.issue_result(d.pk, actor=scene.clerk, at=vn("2026-02-12 14:00"))
    rows = forms_pdf.control_rows(d)
    assert [r["action"] for r in rows] == [
        "Tiếp nhận hồ sơ",
        "Phân công xử lý",
        "Chuyển bước tiếp theo",
        "Chuyển bước tiếp theo",
        "Phê duyệt",
        "Chuyển bước tiếp theo",
        "Ban hành kết quả",
    ]
    assert rows[2]["result"] == "Quá hạn" and rows[3]["result"] == "Trước/đúng hạn"
    assert rows[3]["receiver"].endswith(str(scene.leader))
    out = flat(forms_pdf.render_control_sheet(d))
    for expected in [
        HEADER,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        CODE,
        "Nguyễn Văn An",
        "09:00 10/02/2026",
        "09:00 10/03/2026",
        "09:30 10/02/2026",
        "14:00 12/02/2026",
        "Chuyển thẩm định",
        "Quá hạn",
        "Trước/đúng hạn",
        "Thẩm định hồ sơ",
    ]:
        assert expected in out, expected


def _ledger_scene(scene):
    first = receive(scene, "2026-02-10 09:00", summary="Đăng ký kết hôn lần đầu")
    walk_to_result(scene, first)
    services.return_result(
        first.pk, actor=scene.desk, method="desk", receiver="Trần Thị Bình", at=vn("2026-02-12 08:00")
    )
    receive(scene, "2026-02-10 10:30", summary="Đăng ký kết hôn có yếu tố nước ngoài")
    return ledger(scene.desk, scene.agency, date(2026, 2, 1), date(2026, 2, 28))


def test_ledger_pdf_and_xlsx_have_the_rows(scene):
    rows = _ledger_scene(scene)
    pdf = forms_pdf.render_ledger(scene.agency, rows, date(2026, 2, 1), date(2026, 2, 28))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    out = flat(pdf)
    for expected in [
        HEADER,
        "SỔ THEO DÕI HỒ SƠ",
        "01/02/2026",
        CODE,
        "000.00.06.H56-260210-0002",
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Trước hạn",
    ]:
        assert expected in out, expected

    sheet = load_workbook(io.BytesIO(forms_pdf.ledger_xlsx(scene.agency, rows))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("STT", "Mã hồ sơ", "Trích yếu")
    assert len(values) == 3
    assert values[1][:3] == (1, CODE, "Đăng ký kết hôn lần đầu")
    assert values[1][7] == "09:00 10/02/2026" and values[1][8] == "09:00 10/03/2026"
    assert values[1][14] == "Trần Thị Bình"
    assert values[2][1] == "000.00.06.H56-260210-0002" and values[2][7] == "10:30 10/02/2026"


# --------------------------------------------------------------------------------------- API


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_api_serves_forms_to_the_agency_and_hides_them_from_others(scene):
    d = receive(scene)
    response = _client(scene.desk).get(f"/api/v1/dossiers/{d.pk}/forms/01")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{CODE}-mau-01.pdf"'
    assert CODE in flat(response.content)

    other = Desk(identifier="000.00.07.H56", name="Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version)
    assert _client(other.desk).get(f"/api/v1/dossiers/{d.pk}/forms/01").status_code == 404
    # A form that does not apply is a clear refusal, not a server error.
    refused = _client(scene.desk).get(f"/api/v1/dossiers/{d.pk}/forms/04")
    assert refused.status_code == 409
    assert _client(scene.desk).get(f"/api/v1/dossiers/{d.pk}/forms/09").status_code == 404


def test_api_ledger_pdf_and_xlsx(scene):
    _ledger_scene(scene)
    query = f"agency={scene.agency.identifier_code}&date_from=2026-02-01&date_to=2026-02-28"
    client = _client(scene.desk)
    pdf = client.get(f"/api/v1/ledger.pdf?{query}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert CODE in flat(pdf.content)
    xlsx = client.get(f"/api/v1/ledger.xlsx?{query}")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[1][1] == CODE
    other = Desk(identifier="000.00.07.H56", name="Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version)
    assert _client(other.desk).get(f"/api/v1/ledger.xlsx?{query}").status_code == 403
