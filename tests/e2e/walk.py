"""Small helpers shared by the browser walks: scenes made through the write path, the dossier
page's facts and action forms, crafted posts and PDF text read back from the server."""

import io
from datetime import datetime, timedelta
from urllib.parse import urljoin

from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.factories import APPLICANT, Desk, required_components


def receive(scene: Desk, at: datetime | None = None, applicant: dict | None = None, **kwargs) -> Dossier:
    """A dossier accepted at the desk through the write path (``at`` may lie in the past)."""
    kwargs.setdefault("components", required_components(scene.version))
    return services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(applicant or APPLICANT),
        at=at,
        **kwargs,
    ).dossier


def with_specialist(scene: Desk, at: datetime | None = None, applicant: dict | None = None) -> Dossier:
    """Received, assigned to the desk's step and forwarded to the specialist (appraisal step)."""
    d = receive(scene, at=at, applicant=applicant)
    step = (lambda n: at + timedelta(minutes=n)) if at else (lambda n: None)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=step(10))
    return services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=step(20))


def dossier_url(live_server, d: Dossier | int, tail: str = "") -> str:
    pk = d if isinstance(d, int) else d.pk
    return f"{live_server.url}/ho-so/{pk}/{tail}"


def fact(page: Page, label: str) -> Locator:
    """The value (``dd``) next to a label (``dt``) in the dossier's facts."""
    return page.locator(f"dl.facts dt:text-is('{label}') + dd")


def open_action(page: Page, name: str) -> Locator:
    """Open the action's ``<details>`` (as an officer clicks its summary) and return it."""
    box = page.locator(f"details#{name}")
    expect(box).to_be_visible()
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    return box


def csrf_post(page: Page, url: str, data: dict):
    """A crafted POST with the session and CSRF token of the logged-in browser (no redirect follow)."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    url = urljoin(page.url, url)
    return page.request.post(
        url, form={**data, "csrfmiddlewaretoken": token}, headers={"Referer": url}, max_redirects=0
    )


def pdf_text(page: Page, url: str) -> str:
    """Fetch a form with the browser's session and read its text back."""
    response = page.request.get(urljoin(page.url, url))
    assert response.ok, (response.status, response.text()[:500])
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)


def flat(text: str) -> str:
    """Whitespace folded to single spaces (PDF text breaks lines where the layout did)."""
    return " ".join(text.split())
