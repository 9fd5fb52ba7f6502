"""Ranking and scorecard exports: Excel and PDF read back."""

import io

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from .test_scores_and_ranking import run_year


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_ranking_excel_and_pdf(world, client):
    e = run_year(world)
    client.force_login(world.leader_b)
    url = reverse("parindex_ranking", args=[e.pk])
    sheet = load_workbook(io.BytesIO(client.get(url + "?dinh_dang=xlsx").content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [1, "Ủy ban nhân dân xã An Lão", 17, 20, 85, "Tốt"] in [r[:6] for r in rows]
    assert [2, "Ủy ban nhân dân xã Bình Hà", 14, 20, 70, "Khá"] in [r[:6] for r in rows]
    text = pdf_text(client.get(url + "?dinh_dang=pdf").content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Ủy ban nhân dân xã An Lão" in text and "85,00" in text and "Hải Phòng" in text


def test_scorecard_excel_and_pdf_show_original_and_adjusted(world, client):
    e = run_year(world)
    a = e.assessments.get(agency=world.b)
    client.force_login(world.leader_b)
    url = reverse("parindex_assessment", args=[a.pk])
    sheet = load_workbook(io.BytesIO(client.get(url + "?dinh_dang=xlsx").content)).active
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0]}
    assert rows["1.1"][2:9] == (4, 4, None, None, 2, "Kế hoạch ban hành chậm 2 tháng", 2)
    assert any(r[1] == "Tổng điểm" and r[8] == 14 for r in sheet.iter_rows(values_only=True))
    text = pdf_text(client.get(url + "?dinh_dang=pdf").content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Kế hoạch ban hành chậm 2 tháng" in text and "Khá" in text
