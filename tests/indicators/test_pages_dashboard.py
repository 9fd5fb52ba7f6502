"""The indicator dashboard: who may open which unit, what it shows, and what it must never show."""

import re

import pytest
from django.urls import reverse

from motcua.indicators.models import Target
from motcua.indicators.scoring import scorecard
from motcua.org.models import Role
from tests.factories import make_user

from .conftest import PERIOD

RANGE = {"ky": "khoang", "tu_ngay": PERIOD.start.isoformat(), "den_ngay": PERIOD.end.isoformat()}
UNMEASURED = ["g1_published_on_time", "g1_synchronised", "g3_certified_copies", "g3_population_data"]


@pytest.fixture
def manager(province):
    return make_user(province.a.agency, Role.REFORM_MANAGER)


def get(client, user, name="indicator_dashboard", **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def test_a_reform_manager_sees_the_province_and_every_unit_and_agency_below(client, province, manager):
    page = get(client, manager, **RANGE)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Chỉ số, thống kê: Tỉnh mẫu" in html  # the widest unit by default
    assert "Xã mẫu" in html and province.b.agency.name in html  # both choosable
    total = scorecard(province.province, PERIOD).total
    assert re.search(rf'id="total-score">{str(total).replace(".", "[.,]")}<', html)
    for params in ({"don_vi": province.commune.pk}, {"co_quan": province.b.agency.pk}):
        assert get(client, manager, **params, **RANGE).status_code == 200


@pytest.mark.parametrize("role", ["desk", "head", "leader", "inspector"])
def test_agency_officers_open_their_agency_and_find_the_menu_entry(client, province, role):
    user = make_user(province.a.agency, Role.INSPECTOR) if role == "inspector" else getattr(province.a, role)
    html = get(client, user, **RANGE).content.decode()
    assert f"Chỉ số, thống kê: {province.a.agency.name}" in html
    assert f'href="{reverse("indicator_dashboard")}"' in html  # the header menu


@pytest.mark.parametrize(
    "name,params",
    [
        ("indicator_dashboard", {"don_vi": "province"}),
        ("indicator_dashboard", {"co_quan": "b"}),
        ("indicator_dashboard", {"chon": "co_quan:b"}),
        ("indicator_dashboard", {"don_vi": "commune", "dinh_dang": "xlsx"}),
        ("indicator_drilldown", {"co_quan": "b", "chi_so": "received_desk", "phan": "whole"}),
        ("indicator_drilldown", {"don_vi": "province", "chi_so": "g2_timeliness"}),
        ("indicator_ranking", {"don_vi": "province"}),
        ("indicator_wall", {"co_quan": "b"}),
    ],
)
def test_an_agency_officer_cannot_choose_another_unit(client, province, name, params):
    ids = {"province": province.province.pk, "commune": province.commune.pk, "b": province.b.agency.pk}
    params = {k: ids.get(v, v) if k != "chon" else f"co_quan:{ids['b']}" for k, v in params.items()}
    page = get(client, province.a.desk, name, **params, **RANGE)
    assert page.status_code == 404
    assert province.b.agency.name not in page.content.decode()


def test_an_agency_officer_is_offered_nothing_of_another_agency(client, province):
    html = get(client, province.a.desk, **RANGE).content.decode()
    assert province.b.agency.name not in html and "Xã mẫu" not in html
    assert province.d["e1"].code not in html
    # The commune's own officer sees the commune: every agency below it is theirs.
    assert get(client, province.b.desk, don_vi=province.commune.pk, **RANGE).status_code == 200


def test_people_without_a_role_are_turned_away(client, province):
    assert client.get(reverse("indicator_dashboard")).status_code == 302  # to the login page
    client.force_login(make_user())
    assert client.get(reverse("indicator_dashboard")).status_code == 403


def test_unmeasured_indicators_say_so_with_their_reason_and_no_number(client, province, manager):
    html = get(client, manager, **RANGE).content.decode()
    for key in UNMEASURED:
        row = re.search(rf'<tr data-key="{key}">(.*?)</tr>', html, re.S).group(1)
        value_cell = row.split("</td>")[3]
        assert "chưa đo được" in value_cell
        assert not re.search(r"\d", value_cell.replace("QPPL", "")), value_cell
    assert "cần dữ liệu ngày văn bản QPPL có hiệu lực" in html


def test_an_unconfirmed_band_is_flagged(client, province, manager, settings):
    settings.MOTCUA_SCORE_BANDS = [{"low": 0, "code": "thu", "label": "Mức thử", "confirmed": False}]
    html = get(client, manager, **RANGE).content.decode()
    assert "Mức thử" in html and "chưa được văn bản quy định chính thức" in html


def test_targets_show_live_compliance_and_the_gap(client, province, manager):
    Target.objects.create(
        unit=province.province,
        indicator="on_time_rate",
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        threshold=80,
        decision_number="15/QĐ-UBND",
    )
    html = get(client, manager, **RANGE).content.decode()
    section = html[html.index('id="h-tg"') :]
    assert "15/QĐ-UBND" in section and "Chưa đạt" in section
    assert re.search(r"-8[,.]57", section)  # 5 of 7 on time = 71.43 %, 8.57 points short of 80


def test_child_units_and_agencies_are_ranked(client, province, manager):
    units = get(client, manager, "indicator_ranking", don_vi=province.province.pk, **RANGE).content.decode()
    assert "Xã mẫu" in units and 'hx-trigger="change"' in units
    agencies = get(
        client,
        manager,
        "indicator_ranking",
        don_vi=province.province.pk,
        xep_hang="co_quan",
        theo="on_time_rate",
        **RANGE,
    ).content.decode()
    assert province.a.agency.name in agencies
    assert "83.3%" in agencies  # agency A alone: 5 of its 6 ended dossiers in time


def test_the_period_is_chosen_by_month_quarter_year_or_range(client, province, manager):
    cases = [
        ({"ky": "quy", "nam": 2026, "quy": 1}, "01/01/2026–31/03/2026"),
        ({"ky": "thang", "nam": 2026, "thang": 2}, "01/02/2026–28/02/2026"),
        ({"ky": "nam", "nam": 2025}, "01/01/2025–31/12/2025"),
        (RANGE, "01/02/2026–31/03/2026"),
    ]
    for params, shown in cases:
        assert shown in get(client, manager, **params).content.decode()


def test_charts_are_inline_svg_with_titles_and_no_outside_script(client, province, manager):
    html = get(client, manager, **RANGE).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 3
    # 9 of 11 at the desk = 81.818…% → one decimal, with the Vietnamese decimal comma (it read 81.8%).
    assert "<title" in html and "Trực tiếp: 9 (81,8%)" in html
    # The score bars too: values with a decimal comma, whole maxima without decimals ("14,8 / 20").
    assert not re.search(r">\d+\.\d+ / \d+<", html)
    assert not re.search(r'src="https?://', html)
