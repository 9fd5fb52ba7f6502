"""Unconfirmed facts stay visible to administrators, highlighted, and cannot be typed over."""

import pytest

from .factories import make_procedure, make_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    return make_version(
        make_procedure(),
        time_limit=None,
        time_limit_unit="",
        unverified_fields=["time_limit", "fees.amount_vnd"],
    )


def test_version_page_highlights_unverified_fields(admin_client, version):
    page = admin_client.get(f"/admin/catalog/procedureversion/{version.pk}/change/").content.decode()
    assert "background:#fff3cd" in page
    assert ">time_limit</span>" in page and ">fees.amount_vnd</span>" in page
    assert 'name="unverified_fields"' not in page  # read-only


def test_lists_and_procedure_page_show_them_too(admin_client, version):
    listing = admin_client.get("/admin/catalog/procedureversion/").content.decode()
    assert ">fees.amount_vnd</span>" in listing
    procedure_page = admin_client.get(
        f"/admin/catalog/procedure/{version.procedure.pk}/change/"
    ).content.decode()
    assert ">time_limit</span>" in procedure_page


def test_admin_search_ignores_accents(admin_client, version):
    page = admin_client.get("/admin/catalog/procedure/", {"q": "dang ky khai sinh"}).content.decode()
    assert "Thủ tục đăng ký khai sinh" in page
