"""The unit's form: points with the rule shown, evidence checked, submission rules and deadline."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from motcua.dossiers.errors import InvalidInput, NotAllowed
from motcua.reform.parindex import services

from .conftest import score


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = pdf_bytes()


def test_form_shows_rule_and_saves_points(world, client):
    e = world.edition()
    a = e.assessments.get(agency=world.a)
    client.force_login(world.leader_a)
    url = reverse("parindex_assessment", args=[a.pk])
    page = client.get(url).content.decode()
    assert "Kịp thời: 4" in page
    s = score(e, world.a, "1.1")
    client.post(url, {f"diem_{s.pk}": "3,5", f"giai_trinh_{s.pk}": "Ban hành ngày 10/1"})
    s.refresh_from_db()
    assert str(s.self_points) == "3.50"
    page = client.post(url, {f"diem_{s.pk}": "9", f"giai_trinh_{s.pk}": ""}).content.decode()
    assert "phải từ 0 đến 4" in page
    s.refresh_from_db()
    assert str(s.self_points) == "3.50"


def test_survey_points_are_not_self_scored(world):
    e = world.edition()
    a = e.assessments.get(agency=world.a)
    with pytest.raises(InvalidInput):
        services.save_self_scores(
            world.leader_a, a, {score(e, world.a, "2.1").pk: ("5", "")}, today=date(2026, 6, 1)
        )


def test_evidence_is_checked_and_stored(world, client):
    e = world.edition()
    a = e.assessments.get(agency=world.a)
    s = score(e, world.a, "1.1")
    client.force_login(world.leader_a)
    url = reverse("parindex_evidence_upload", args=[a.pk, s.pk])
    client.post(url, {"tep": SimpleUploadedFile("gia.pdf", b"not a pdf at all", "application/pdf")})
    assert not s.evidence_files.exists()
    client.post(url, {"tep": SimpleUploadedFile("ke-hoach.pdf", PDF, "application/pdf")})
    ev = s.evidence_files.get()
    assert ev.name == "ke-hoach.pdf"
    assert client.get(reverse("parindex_evidence", args=[ev.pk])).status_code == 200
    client.force_login(world.leader_b)
    assert client.get(reverse("parindex_evidence", args=[ev.pk])).status_code == 404


def test_submit_needs_points_and_evidence_or_comment(world):
    e = world.edition()
    a = e.assessments.get(agency=world.a)
    with pytest.raises(InvalidInput) as refused:
        services.submit(world.leader_a, a, today=date(2026, 6, 1))
    assert "1.1 chưa có điểm tự chấm" in refused.value.message
    services.save_self_scores(
        world.leader_a,
        a,
        {score(e, world.a, "1.1").pk: ("4", ""), score(e, world.a, "1.2").pk: ("0", "")},
        today=date(2026, 6, 1),
    )
    with pytest.raises(InvalidInput) as refused:
        services.submit(world.leader_a, a, today=date(2026, 6, 1))
    assert "1.1 chưa có tài liệu kiểm chứng hoặc giải trình" in refused.value.message
    services.save_self_scores(
        world.leader_a, a, {score(e, world.a, "1.1").pk: ("4", "Có kế hoạch")}, today=date(2026, 6, 1)
    )
    services.submit(world.leader_a, a, today=date(2026, 6, 1))
    a.refresh_from_db()
    assert a.state == "submitted" and a.measured_frozen
    with pytest.raises(NotAllowed):
        services.save_self_scores(
            world.leader_a, a, {score(e, world.a, "1.1").pk: ("1", "x")}, today=date(2026, 6, 2)
        )


def test_submit_after_the_deadline_is_refused(world):
    e = world.edition()
    a = e.assessments.get(agency=world.a)
    with pytest.raises(NotAllowed) as refused:
        services.submit(world.leader_a, a, today=date(2027, 1, 1))
    assert "quá hạn tự đánh giá (31/12/2026)" in refused.value.message
