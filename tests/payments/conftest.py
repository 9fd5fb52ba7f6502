"""A desk whose marriage-registration fee is 200.000 đồng, a dossier received there, its citizen."""

from __future__ import annotations

import io
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from pypdf import PdfReader

from motcua.catalog.models import FeeLine
from motcua.dossiers import services as dossier_services
from motcua.payments.signals import payment_confirmed
from tests.factories import APPLICANT, Desk, make_user, prove_identity, required_components

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FEE = 200_000
GATEWAY = "/thanh-toan/cong-gia-lap/"


def vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


@pytest.fixture
def scene(db) -> Desk:
    desk = Desk()
    FeeLine.objects.filter(version=desk.version).update(amount_vnd=FEE)
    return desk


def receive(scene: Desk, version=None, at: str = "2026-11-05 09:00", applicant: dict | None = None):
    version = version or scene.version
    return dossier_services.receive(
        actor=scene.desk,
        version=version,
        agency=scene.agency,
        applicant=dict(applicant or APPLICANT),
        components=required_components(version),
        at=vn(at),
    ).dossier


@pytest.fixture
def dossier(scene):
    return receive(scene)


@pytest.fixture
def citizen(db):
    user = make_user(username="nguyenvanan")
    user.personal_id = APPLICANT["identifier"]
    user.full_name = "Nguyễn Văn An"
    user.save()
    return prove_identity(user)


@pytest.fixture
def citizen_client(citizen) -> Client:
    client = Client()
    client.force_login(citizen)
    return client


@pytest.fixture
def confirmed():
    """Payments for which ``payment_confirmed`` was sent."""
    heard: list = []

    def listen(sender, payment, **kwargs):
        heard.append(payment)

    payment_confirmed.connect(listen, weak=False)
    yield heard
    payment_confirmed.disconnect(listen)


def query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def start(client: Client, dossier) -> dict[str, str]:
    """Press "Thanh toán trực tuyến": the signed request the browser carries to the gateway."""
    response = client.post(f"/thanh-toan/ho-so/{dossier.pk}/")
    assert response.status_code == 302
    assert response.url.startswith(GATEWAY)
    return query(response.url)


def choose(client: Client, request_params: dict, choice: str) -> str:
    """Press a button on the gateway page; returns the URL the browser is sent back to."""
    response = client.post(GATEWAY, {**request_params, "choice": choice})
    assert response.status_code == 302, response.content.decode()[:500]
    return response.url


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())
