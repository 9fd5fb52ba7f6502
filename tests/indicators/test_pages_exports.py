"""The dashboard as an Excel workbook and as a PDF report."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from motcua.indicators.scoring import scorecard
from motcua.org.models import Role
from tests.factories import make_user

from .conftest import PERIOD

RANGE = {"ky": "khoang", "tu_ngay": PERIOD.start.isoformat(), "den_ngay": PERIOD.end.isoformat()}


@pytest.fixture
def download(client, province):
    client.force_login(make_user(province.a.agency, Role.REFORM_MANAGER))

    def fetch(fmt):
        page = client.get(
            reverse("indicator_dashboard"), {"don_vi": province.province.pk, "dinh_dang": fmt, **RANGE}
        )
        assert page.status_code == 200
        return page

    return fetch


def test_the_workbook_opens_and_holds_the_scorecard(download, province):
    page = download("xlsx")
    assert page["Content-Disposition"].startswith("attachment;")
    wb = load_workbook(io.BytesIO(page.content))
    assert wb.sheetnames == ["Bảng điểm", "Số liệu", "Chỉ tiêu", "Xếp hạng"]
    rows = {r[1]: r for r in wb["Bảng điểm"].iter_rows(values_only=True) if r[1]}
    card = scorecard(province.province, PERIOD)
    assert rows["Tổng điểm"][3] == card.total
    assert rows["Tiến độ giải quyết hồ sơ"][3:7] == (14.29, 71.43, 5, 7)
    unmeasured = rows["Hồ sơ đồng bộ lên Cổng DVCQG"]
    assert unmeasured[3] == unmeasured[4] == "chưa đo được"
    ranked = list(wb["Xếp hạng"].iter_rows(values_only=True))
    assert ranked[1][1] == "Xã mẫu"


def test_the_pdf_report_names_the_unit_and_its_total(download, province):
    page = download("pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.content)).pages)
    total = scorecard(province.province, PERIOD).total
    assert "Tỉnh mẫu" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert f"Tổng điểm: {str(total).replace('.', ',')}/100" in text or f"Tổng điểm: {total}/100" in text
    assert "chưa đo được" in text
