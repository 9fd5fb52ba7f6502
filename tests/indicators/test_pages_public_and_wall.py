"""The public statistics page (counts only) and the wall screen (refreshes itself)."""

import re

from django.urls import reverse

from motcua.org.models import Role
from tests.factories import APPLICANT, make_user


def test_the_public_page_shows_counts_without_login_and_no_dossier(client, province):
    page = client.get(reverse("indicator_public", args=[province.province.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Tỉnh mẫu" in html
    assert "Hộ tịch" in html  # by procedure field
    assert "Xã mẫu" in html  # a link to the commune's page
    codes = [d.code for d in province.d.values() if d.code]
    assert len(codes) == 11 and not any(code in html for code in codes)
    for secret in (APPLICANT["name"], APPLICANT["identifier"], APPLICANT["phone"], "PAKN-"):
        assert secret not in html
    assert client.get(reverse("indicator_public", args=[987654])).status_code == 404


def test_the_wall_screen_polls_every_30_seconds_without_the_header(client, province):
    client.force_login(make_user(province.a.agency, Role.REFORM_MANAGER))
    url = reverse("indicator_wall")
    page = client.get(url, {"don_vi": province.province.pk}).content.decode()
    assert 'hx-trigger="every 30s"' in page and 'hx-select="#wall"' in page
    assert '<header class="top">' not in page and "vendor/htmx" in page
    assert re.search(r'class="huge">[\d.,]+<', page)
    fragment = client.get(url, {"don_vi": province.province.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="wall"') and "<html" not in fragment
    assert 'hx-trigger="every 30s"' in fragment
