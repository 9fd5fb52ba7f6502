"""The demo's province fact file (Thành phố Hải Phòng after 1/7/2025) is well formed and invents nothing."""

import re
from pathlib import Path

import pytest
import yaml

PROVINCE_FILE = Path(__file__).resolve().parents[2] / "src" / "motcua" / "demo_data" / "province.yaml"

COMMUNE_KINDS = {"phường", "xã", "đặc khu"}
IDENTIFIER_PATTERN = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.H\d{2}$")


@pytest.fixture(scope="module")
def data():
    with PROVINCE_FILE.open(encoding="utf-8") as fh:
        loaded = yaml.safe_load(fh)
    assert isinstance(loaded, dict)
    return loaded


def _has_sources(record):
    sources = record.get("sources")
    return isinstance(sources, list) and sources and all(isinstance(s, str) and s.strip() for s in sources)


def test_header_comment_explains_sources():
    text = PROVINCE_FILE.read_text(encoding="utf-8")
    header = text.split("\nschema_version:", 1)[0]
    assert header.startswith("# province.yaml")
    assert "Sources actually read" in header
    assert "unverified" in header


def test_province_record(data):
    province = data["province"]
    assert province["code"] == "31"
    assert province["name"] == "Thành phố Hải Phòng"
    assert province["kind"] == "thành phố"
    assert _has_sources(province)


def test_communes_have_unique_official_codes(data):
    communes = data["communes"]
    assert len(communes) >= 16
    codes = [c["code"] for c in communes]
    assert all(isinstance(code, str) and re.fullmatch(r"\d{5}", code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert len({c["name"] for c in communes}) == len(communes)
    assert data["communes_listed"] == len(communes)


def test_communes_are_well_formed(data):
    for commune in data["communes"]:
        assert commune["kind"] in COMMUNE_KINDS, commune["code"]
        prefix = {"phường": "Phường ", "xã": "Xã ", "đặc khu": "Đặc khu "}[commune["kind"]]
        assert commune["name"].startswith(prefix), commune["code"]
        assert isinstance(commune["merged_from"], list), commune["code"]
        assert set(commune.get("merged_in_part", [])) <= set(commune["merged_from"]), commune["code"]
        assert _has_sources(commune), commune["code"]


def test_communes_mix_all_kinds(data):
    kinds = {c["kind"] for c in data["communes"]}
    assert kinds == COMMUNE_KINDS


def test_departments(data):
    departments = data["departments"]
    assert len(departments) >= 6
    names = [d["name"] for d in departments]
    assert len(set(names)) == len(names)
    assert "Ủy ban nhân dân thành phố Hải Phòng" in names
    assert "Trung tâm Phục vụ hành chính công thành phố Hải Phòng" in names
    for department in departments:
        assert _has_sources(department), department["name"]


def test_no_identifier_code_is_made_up(data):
    for department in data["departments"]:
        assert "identifier_code" in department, department["name"]
        code = department["identifier_code"]
        if code is None:
            unverified = " ".join(department.get("unverified", []))
            assert "identifier_code" in unverified, department["name"]
        else:
            assert IDENTIFIER_PATTERN.fullmatch(code), department["name"]
            assert department.get("identifier_code_verified") is True, department["name"]
            assert department.get("identifier_code_source"), department["name"]


def test_top_level_unverified_lists_gaps(data):
    unverified = data["unverified"]
    assert isinstance(unverified, list) and unverified
    if any(d["identifier_code"] is None for d in data["departments"]):
        assert any("identifier_code" in item for item in unverified)
