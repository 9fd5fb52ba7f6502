"""No inline script anywhere, and a Content-Security-Policy that says so on every page.

Issue 14 item 10. A script injected into a page (a name, a note, a file name shown back) does not
run: the policy allows scripts only from the site's own static files, and the templates give it
nothing to make an exception for. The browser walk (tests/e2e/test_csp_walk.py) checks the pages
still work under the policy.
"""

import re
from pathlib import Path

import pytest

import motcua

SOURCE = Path(motcua.__file__).parent
TEMPLATES = sorted(p for p in SOURCE.rglob("templates/**/*") if p.is_file())
# A <script> element with something between its tags (JSON data blocks would be allowed, none exist).
SCRIPT_WITH_BODY = re.compile(r"<script\b(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>\s*[^<\s]", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
SCRIPT_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.I)
# htmx evaluates these as JavaScript (``js:`` values, ``[...]`` trigger filters): 'unsafe-eval'.
HTMX_EVAL = re.compile(
    r"hx-(?:vals|vars|headers)\s*=\s*[\"']\s*(?:js|javascript):|hx-trigger=\"[^\"]*\[", re.I
)


def test_templates_are_found():
    assert len(TEMPLATES) > 100
    assert SOURCE / "templates" / "motcua" / "base.html" in TEMPLATES


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("<script> with code", SCRIPT_WITH_BODY),
        ("on…= attribute", EVENT_ATTRIBUTE),
        ("javascript: URL", SCRIPT_URL),
        ("htmx expression", HTMX_EVAL),
    ],
)
def test_no_template_has_inline_script(name, pattern):
    found = [
        f"{p.relative_to(SOURCE)}:{text.count(chr(10), 0, m.start()) + 1}"
        for p in TEMPLATES
        for text in [p.read_text(encoding="utf-8", errors="replace")]
        for m in pattern.finditer(text)
    ]
    assert found == [], f"{name}: {found}"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/dang-nhap/", "/thu-tuc/", "/tra-cuu/", "/api/v1/docs"])
def test_every_page_forbids_inline_and_foreign_script(client, path):
    response = client.get(path)
    assert response.status_code == 200
    p = policy(response)
    assert p["script-src"] == ["'self'"]
    assert p["default-src"] == ["'self'"]
    assert p["object-src"] == ["'none'"] and p["base-uri"] == ["'self'"]
    assert p["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_htmx_is_told_not_to_evaluate_code(client):
    page = client.get("/dang-nhap/").content.decode()
    assert '<meta name="htmx-config"' in page
    assert '"allowEval":false' in page.replace(" ", "") and '"allowScriptTags":false' in page.replace(" ", "")
