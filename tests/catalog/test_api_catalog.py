"""The public catalogue API: search typed with or without accents, and the procedure detail."""

from decimal import Decimal

import pytest

from motcua.catalog.models import Component, FeeLine

from .factories import make_field, make_level, make_procedure, make_version, on

pytestmark = pytest.mark.django_db

URL = "/api/v1/catalog/procedures"


@pytest.fixture
def catalogue():
    birth = make_procedure("1.001193", "Thủ tục đăng ký khai sinh")
    version = make_version(
        birth, time_limit=Decimal(1), time_limit_unit="same_day", online_level="toan_trinh"
    )
    Component.objects.create(
        version=version, order=1, name="Tờ khai đăng ký khai sinh", copy_type="ban_chinh", count=1
    )
    FeeLine.objects.create(
        version=version, order=1, kind="le_phi", name="Lệ phí đăng ký khai sinh", amount_vnd=None
    )
    marriage = make_procedure("1.000894", "Thủ tục đăng ký kết hôn")
    make_version(
        marriage,
        time_limit=None,
        time_limit_unit="",
        unverified_fields=["time_limit", "legal_basis"],
    )
    licence = make_procedure(
        "2.000001",
        "Thủ tục đổi giấy phép lái xe",
        level=make_level("province"),
        field=make_field("Giao thông", "giao-thong"),
    )
    make_version(licence, time_limit=Decimal(5))
    retired = make_procedure("2.000002", "Thủ tục khai sinh đã bãi bỏ")
    make_version(retired, valid_from=on("2000-01-01"), valid_to=on("2001-01-01"))
    return birth


@pytest.mark.parametrize(
    "query",
    [
        "khai sinh",
        "KHAI SINH",
        "đăng ký khai sinh",
        "dang ky khai sinh",
        "Đăng Ký khai",
        "sinh dang ky",
    ],
)
def test_search_finds_the_procedure_with_or_without_accents(client, catalogue, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    body = response.json()
    assert [item["code"] for item in body["items"]] == ["1.001193"]
    assert body["count"] == 1


def test_filters_and_listing(client, catalogue):
    assert client.get(URL).json()["count"] == 3  # the one that ended in 2001 is not in force
    province = client.get(URL, {"level": "province"}).json()["items"]
    assert [p["code"] for p in province] == ["2.000001"]
    online = client.get(URL, {"online_level": "toan_trinh"}).json()["items"]
    assert [(p["code"], p["online_level_label"]) for p in online] == [("1.001193", "Toàn trình")]
    assert client.get(URL, {"field": "giao-thong"}).json()["count"] == 1
    assert client.get(URL, {"online_level": "none"}).json()["count"] == 2
    assert client.get(URL, {"q": "1.000894"}).json()["items"][0]["has_unverified"] is True
    past = client.get(URL, {"q": "bai bo", "on": "2000-06-01"}).json()
    assert past["count"] == 1


def test_detail_shows_the_version_in_force_and_unverified_fields(client, catalogue):
    body = client.get(f"{URL}/1.000894").json()
    assert body["unverified_fields"] == ["time_limit", "legal_basis"]
    assert body["version"]["online_level_label"] == "Chưa cung cấp trực tuyến"
    assert body["version"]["unverified_fields"] == ["time_limit", "legal_basis"]
    assert body["version"]["time_limit"] == {
        "value": None,
        "unit": None,
        "unit_label": None,
        "confirmed": False,
        "text": "15 ngày làm việc",
        "display": "Chưa xác nhận",
        "same_day_cutoff": "15:00",
    }


def test_detail_lists_components_and_fees(client, catalogue):
    body = client.get(f"{URL}/1.001193").json()
    version = body["version"]
    assert body["name"] == "Thủ tục đăng ký khai sinh"
    assert version["online_level"] == "toan_trinh" and version["fully_online"] is True
    assert version["time_limit"]["unit"] == "same_day"
    assert [c["copy_type_label"] for c in version["components"]] == ["Bản chính"]
    [fee] = version["fees"]
    assert (fee["amount_vnd"], fee["amount_display"]) == (None, "do HĐND tỉnh quy định")
    assert version["has_fees"] is True


def test_unknown_code_is_404_in_vietnamese(client, catalogue):
    response = client.get(f"{URL}/9.999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy thủ tục mã «9.999999» đang có hiệu lực."


def test_a_procedure_without_code_is_found_by_its_import_id(client):
    make_version(
        make_procedure("", "Thủ tục chứng thực bản sao từ sổ gốc", source_id="chung-thuc/ban-sao-tu-so-goc")
    )
    response = client.get(f"{URL}/chung-thuc/ban-sao-tu-so-goc")
    assert response.status_code == 200
    assert response.json()["id"] == "chung-thuc/ban-sao-tu-so-goc"
