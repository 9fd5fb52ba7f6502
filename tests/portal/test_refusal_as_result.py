"""Decree 118/2025 (Art. 19.3): a refusal after appraisal is the dossier's result — the citizen
downloads «Phiếu từ chối giải quyết hồ sơ thủ tục hành chính» where a result is offered."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from motcua.dossiers import services
from motcua.org.models import User
from tests.dossiers.conftest import receive, vn
from tests.factories import APPLICANT, Desk, make_user, prove_identity


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


@pytest.fixture
def citizen(scene) -> User:
    user = make_user(username=APPLICANT["identifier"])
    user.personal_id, user.full_name = APPLICANT["identifier"], APPLICANT["name"]
    user.save()
    return prove_identity(user)


def refused_after_appraisal(scene, at: str):
    d = receive(scene, f"{at} 09:00")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn(f"{at} 10:00"))
    return services.refuse(
        d.pk, actor=scene.head, reasons=["Hai bên chưa đủ tuổi kết hôn"], at=vn(f"{at} 14:00")
    )


def test_the_refusal_is_downloadable_as_the_result(client, scene, citizen):
    d = refused_after_appraisal(scene, "2026-03-05")
    client.force_login(citizen)
    page = client.get(reverse("portal_mine_detail", args=[d.pk])).content.decode()
    assert "Phiếu từ chối giải quyết hồ sơ thủ tục hành chính" in page
    assert reverse("portal_result", args=[d.pk]) in page
    r = client.get(reverse("portal_result", args=[d.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(
            p.extract_text()
            for p in PdfReader(
                io.BytesIO(b"".join(r.streaming_content if r.streaming else [r.content]))
            ).pages
        ).split()
    )
    assert (
        "PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH" in text and "Hai bên chưa đủ tuổi kết hôn" in text
    )


def test_an_old_dossier_or_a_refusal_at_reception_offers_no_result(client, scene, citizen):
    old = refused_after_appraisal(scene, "2025-06-10")
    at_desk = receive(scene, "2026-03-05 09:00", outcome="refuse", items=["Không thuộc thẩm quyền"])
    client.force_login(citizen)
    for d in (old, at_desk):
        assert client.get(reverse("portal_result", args=[d.pk])).status_code == 404
        assert (
            reverse("portal_result", args=[d.pk])
            not in client.get(reverse("portal_mine_detail", args=[d.pk])).content.decode()
        )
