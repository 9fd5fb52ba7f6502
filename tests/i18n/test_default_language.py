"""Pages are Vietnamese for an English browser; English only when the user chooses it."""

from django.test import Client


def test_english_browser_still_gets_vietnamese(db):
    page = Client().get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Tên đăng nhập" in page.content.decode()
    assert page.headers["Content-Language"] == "vi"


def test_choosing_english_switches_the_language(db):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/admin/login/"})
    page = client.get("/admin/login/")
    assert "Username" in page.content.decode()
    assert page.headers["Content-Language"] == "en"
