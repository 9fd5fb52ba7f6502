"""Every figure of the dashboard links to the dossiers behind it, and the list counts what the figure says."""

import re
from html import unescape

import pytest
from django.urls import reverse

from motcua.indicators.dashboard import DRILLABLE
from motcua.indicators.formulas import INDICATORS
from motcua.org.models import Role
from tests.factories import make_user

from .conftest import PERIOD

RANGE = {"ky": "khoang", "tu_ngay": PERIOD.start.isoformat(), "den_ngay": PERIOD.end.isoformat()}
DRILL_LINK = re.compile(r'<a href="(/chi-so/ho-so/\?[^"]+)"[^>]*>(\d+)</a>')


def drill_count(client, url, params=None) -> int:
    page = client.get(url, params)
    assert page.status_code == 200, url
    return int(re.search(r'id="drill-count">(\d+)<', page.content.decode()).group(1))


@pytest.fixture
def manager(province):
    return make_user(province.a.agency, Role.REFORM_MANAGER)


@pytest.mark.parametrize("key", sorted(DRILLABLE - {"g1_synchronised"}))  # no portal here (conftest)
def test_the_list_counts_what_the_figure_says(client, province, manager, key):
    client.force_login(manager)
    value = INDICATORS[key].func(province.province, PERIOD)
    params = {"don_vi": province.province.pk, "chi_so": key, **RANGE}
    url = reverse("indicator_drilldown")
    assert drill_count(client, url, {**params, "phan": "whole"}) == value.whole
    if value.measure != "days":
        assert drill_count(client, url, {**params, "phan": "part"}) == value.part


@pytest.mark.parametrize("who", ["manager", "desk"])
def test_every_number_linked_from_the_dashboard_is_the_length_of_its_list(client, province, manager, who):
    user = manager if who == "manager" else province.a.desk
    client.force_login(user)
    subject = {"don_vi": province.province.pk} if who == "manager" else {"co_quan": province.a.agency.pk}
    page = client.get(reverse("indicator_dashboard"), {**subject, **RANGE}).content.decode()
    links = DRILL_LINK.findall(page)
    assert len(links) > 20
    for href, number in links:
        assert drill_count(client, unescape(href)) == int(number), href


def test_the_list_links_only_to_dossiers_the_officer_may_open(client, province, manager):
    client.force_login(manager)
    params = {"don_vi": province.province.pk, "chi_so": "g2_timeliness", "phan": "whole", **RANGE}
    html = client.get(reverse("indicator_drilldown"), params).content.decode()
    own, other = province.d[3], province.d["e1"]
    assert f'<a href="{reverse("dossier_detail", args=[own.pk])}">{own.code}</a>' in html
    assert other.code in html and reverse("dossier_detail", args=[other.pk]) not in html


def test_rows_of_the_tables_link_to_their_own_dossiers(client, province, manager):
    client.force_login(manager)
    base = {"don_vi": province.province.pk, **RANGE}
    html = client.get(
        reverse("indicator_drilldown"),
        {**base, "chi_so": "average_processing_days", "phan": "whole", "thu_tuc": province.v2.procedure_id},
    ).content.decode()
    assert re.search(r'id="drill-count">2<', html)  # D9 and D10, the two ended V2 dossiers
    assert province.d[9].code in html and province.d[1].code not in html
