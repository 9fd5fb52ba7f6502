"""The manager's pages: create an edition from a template, unknown points shown, a bad file refused."""

from django.urls import reverse

from motcua.reform.parindex.models import Edition


def test_create_from_template_shows_unknown_points(world, client):
    client.force_login(world.manager)
    response = client.post(
        reverse("parindex_home"), {"don_vi": world.province.pk, "nam": 2026, "mau": "hanoi-5666-2025.yaml"}
    )
    e = Edition.objects.get()
    assert response.url == reverse("parindex_edition", args=[e.pk])
    page = client.get(response.url).content.decode()
    assert "5666/QĐ-UBND" in page and "chưa xác định" in page
    assert "Còn tiêu chí chưa có điểm tối đa" in page
    assert "không phải quy định chung của cả nước" in page


def test_a_bad_upload_creates_nothing(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.manager)
    page = client.post(
        reverse("parindex_home"),
        {
            "don_vi": world.province.pk,
            "nam": 2026,
            "ten": "Bộ thử",
            "tep": SimpleUploadedFile("x.yaml", b"tree: [{code: '1'}]"),
        },
    ).content.decode()
    assert "Tiêu chí 1: thiếu tên tiêu chí." in page
    assert not Edition.objects.exists()


def test_units_cannot_create_editions(world, client):
    client.force_login(world.leader_a)
    page = client.get(reverse("parindex_home")).content.decode()
    assert "Tạo kỳ đánh giá mới" not in page
    assert (
        client.post(reverse("parindex_home"), {"don_vi": world.province.pk, "nam": 2026}).status_code == 404
    )
