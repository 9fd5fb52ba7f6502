"""The English catalogue: complete, faithful to placeholders, compiled, and used once chosen.

Vietnamese is the source language (the msgids); English comes from
``src/motcua/locale/en/LC_MESSAGES/django.po``, compiled to ``django.mo`` and committed so that a
machine without gettext still serves English.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import Desk

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]")


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr (or msgstr[n]) and flags.

    Small on purpose (no polib in the dependencies); obsolete ``#~`` entries are skipped.
    """
    entries: list[dict] = []
    current: dict = {"flags": set(), "msgstr": {}}
    field: tuple[str, int | None] | None = None

    def flush() -> None:
        nonlocal current
        if "msgid" in current:
            entries.append(current)
        current = {"flags": set(), "msgstr": {}}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            field = None
        elif line.startswith("#,"):
            current["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert field is not None, raw
            name, index = field
            value = ast.literal_eval(line)
            if name == "msgstr":
                current["msgstr"][index] += value
            else:
                current[name] += value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else None
                current["msgstr"][index] = value
                field = ("msgstr", index)
            else:
                if keyword == "msgid" and current["msgstr"]:
                    flush()  # entries not separated by a blank line
                current[keyword] = value
                field = (keyword, None)
    flush()
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return parse_po(PO)


def english_client() -> Client:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


# --------------------------------------------------------------------------- pages


def test_login_page_in_english(db):
    page = english_client().get("/dang-nhap/")
    html = page.content.decode()
    assert page.headers["Content-Language"] == "en"
    assert "Log in to the system" in html
    assert "Username" in html
    assert "Password" in html
    assert "Đăng nhập hệ thống" not in html
    assert "Tên đăng nhập" not in html
    assert "Mật khẩu" not in html


def test_login_page_stays_vietnamese_without_a_choice(db):
    html = Client().get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập hệ thống" in html
    assert "Log in to the system" not in html


def test_officer_home_in_english(db):
    scene = Desk()
    client = english_client()
    client.force_login(scene.desk)
    page = client.get("/can-bo/")
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Queue", "Reception", "My dossiers", "Search dossiers", "Nearly overdue", "Log out"):
        assert f">{label}<" in html, label
    for label in ("Xếp hàng", "Hồ sơ của tôi", "Tra cứu hồ sơ", "Sắp quá hạn", "Đăng xuất"):
        assert label not in html, label
    assert "Dossiers overdue or due within one working day" in html


def test_officer_home_in_vietnamese_by_default(db):
    scene = Desk()
    client = Client()
    client.force_login(scene.desk)
    html = client.get("/can-bo/").content.decode()
    assert ">Hồ sơ của tôi<" in html
    assert ">My dossiers<" not in html


# --------------------------------------------------------------------------- catalogue


def test_catalogue_is_parsed(entries):
    assert len(entries) > 500
    assert any(e["msgid"] == "Bộ phận Một cửa" for e in entries)


def test_every_msgid_is_translated(entries):
    untranslated = [e["msgid"] for e in entries if not all(s.strip() for s in e["msgstr"].values())]
    assert untranslated == []


def test_no_fuzzy_translations(entries):
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []


def test_plural_entries_have_both_forms(entries):
    plurals = [e for e in entries if "msgid_plural" in e]
    assert plurals
    for e in plurals:
        assert set(e["msgstr"]) == {0, 1}, e["msgid"]


def test_placeholders_are_kept(entries):
    wrong = []
    for e in entries:
        wanted = set(PLACEHOLDER.findall(e["msgid"])) | set(PLACEHOLDER.findall(e.get("msgid_plural", "")))
        for text in e["msgstr"].values():
            if set(PLACEHOLDER.findall(text)) != wanted:
                wrong.append((e["msgid"], text))
    assert wrong == []


def test_compiled_catalogue_matches_the_po(entries):
    """The committed .mo is what Django reads; it must not lag behind the .po."""
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for e in entries:
        if "msgid_plural" in e:
            got = (compiled.ngettext(e["msgid"], e["msgid_plural"], 1),)
            want = (e["msgstr"][0],)
        else:
            got, want = (compiled.gettext(e["msgid"]),), (e["msgstr"][None],)
        if got != want:
            stale.append(e["msgid"])
    assert stale == []
