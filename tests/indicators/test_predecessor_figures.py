"""A successor unit's indicators with its predecessors' history, on request (issue 15, item 9).

Units (all under province P):
  W  old commune, merged into X on 1/1/2025          1 dossier  received 10/02/2025
  X  old commune, merged into Y on 1/7/2025          3 dossiers received 10, 11, 12/06/2025
  Y  new commune (from 1/7/2025)                     2 dossiers received 07, 08/07/2025
  Z  old commune split between Y and another unit:   1 dossier  received 13/06/2025
     no successor (flagged), never counted with Y
Period 01/01/2025–31/07/2025. By hand:
  Y alone                     = 2
  Y with predecessors         = 2 (Y) + 3 (X) + 1 (W, through X: transitive) = 6   (Z: no successor)
  X with predecessors         = 3 + 1 (W) = 4
  P (its whole tree, as ever) = 1 + 3 + 2 + 1 = 7, and P has no predecessor: 7 either way
"""

from datetime import date

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.indicators import dashboard
from motcua.indicators.periods import Period
from motcua.org.models import AdministrativeUnit, Agency, Role
from tests.dossiers.conftest import vn
from tests.factories import APPLICANT, Desk, make_unit, make_user, make_version, required_components

PERIOD = Period(date(2025, 1, 1), date(2025, 7, 31))
RANGE = {"ky": "khoang", "tu_ngay": PERIOD.start.isoformat(), "den_ngay": PERIOD.end.isoformat()}
MERGER = date(2025, 7, 1)


def _receive(scene: Desk, at: str) -> None:
    services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        components=required_components(scene.version),
        at=vn(at),
    )


@pytest.fixture
def towns(db):
    p = make_unit("01", "Tỉnh mẫu")
    y = make_unit("00010", "Phường Mới", level="commune", parent=p)
    y.valid_from = MERGER
    y.save()
    x = make_unit("00007", "Phường Cũ", level="commune", parent=p)
    w = make_unit("00004", "Xã Cũ Hơn", level="commune", parent=p)
    z = make_unit("00005", "Xã Chia Tách", level="commune", parent=p)
    AdministrativeUnit.objects.filter(pk=x.pk).update(valid_to=MERGER, successor=y)
    AdministrativeUnit.objects.filter(pk=w.pk).update(valid_to=date(2025, 1, 1), successor=x)
    AdministrativeUnit.objects.filter(pk=z.pk).update(valid_to=MERGER, succession_unconfirmed=True)
    version = make_version()
    scenes = {}
    for n, (key, unit) in enumerate({"w": w, "x": x, "y": y, "z": z}.items(), start=20):
        scene = Desk(f"000.00.{n}.H31", f"Ủy ban nhân dân {unit.name.lower()}", version=version)
        Agency.objects.filter(pk=scene.agency.pk).update(unit=unit)
        scenes[key] = scene
    _receive(scenes["w"], "2025-02-10 09:00")
    for day in (10, 11, 12):
        _receive(scenes["x"], f"2025-06-{day} 09:00")
    _receive(scenes["z"], "2025-06-13 09:00")
    for day in (7, 8):
        _receive(scenes["y"], f"2025-07-0{day} 09:00")
    # The old desks closed with the merger.
    Agency.objects.filter(unit__valid_to__isnull=False).update(active=False)
    for unit in (p, x, y, w, z):
        unit.refresh_from_db()
    return {"p": p, "w": w, "x": x, "y": y, "z": z, **{f"{k}_desk": s for k, s in scenes.items()}}


def received(subject, predecessors=False) -> int:
    return sum(dashboard.build(subject, PERIOD, predecessors=predecessors).channels.values())


def test_a_successor_counts_its_predecessors_only_when_asked(towns):
    assert received(towns["y"]) == 2
    assert received(towns["y"], predecessors=True) == 6  # 2 + 3 (X) + 1 (W through X)
    assert received(towns["x"], predecessors=True) == 4  # 3 + 1 (W)
    assert received(towns["p"]) == 7 and received(towns["p"], predecessors=True) == 7
    included = dashboard.build(towns["y"], PERIOD, predecessors=True).predecessors
    assert {u.name for u in included} == {"Phường Cũ", "Xã Cũ Hơn"}  # never the split Z


def test_the_dashboard_offers_the_option_and_names_the_units_included(client, towns):
    officer = towns["y_desk"].head
    client.force_login(officer)
    url = reverse("indicator_dashboard")
    plain = client.get(url, {"don_vi": towns["y"].pk, **RANGE}).content.decode()
    assert "Gồm số liệu của đơn vị trước sắp xếp" in plain
    assert 'name="truoc_sap_xep" value="1">' in plain  # off by default
    assert 'id="predecessors"' not in plain

    page = client.get(url, {"don_vi": towns["y"].pk, "truoc_sap_xep": "1", **RANGE})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="truoc_sap_xep" value="1" checked' in html
    section = html[html.index('id="predecessors"') :]
    assert "Phường Cũ (Cấp xã, hết hiệu lực từ 01/07/2025; kế thừa: Phường Mới)" in section
    assert "Xã Cũ Hơn" in section and "Xã Chia Tách" not in section
    # The drill-down keeps the option. Its figure counts the 6; the list holds only what this
    # officer may see (Y's 2: the old desks' dossiers are not theirs).
    assert "truoc_sap_xep=1" in html
    drill = client.get(
        reverse("indicator_drilldown"),
        {"don_vi": towns["y"].pk, "truoc_sap_xep": "1", "chi_so": "received_desk", "phan": "whole", **RANGE},
    ).content.decode()
    assert "(6 / 6)" in drill  # received at the desk / received: 6 of 6
    assert 'id="drill-count">2<' in drill


def test_an_agency_has_no_predecessor_option_and_odd_values_mean_off(client, towns):
    client.force_login(towns["y_desk"].head)
    url = reverse("indicator_dashboard")
    agency = client.get(url, {"co_quan": towns["y_desk"].agency.pk, "truoc_sap_xep": "1", **RANGE})
    html = agency.content.decode()
    assert agency.status_code == 200
    assert "Gồm số liệu của đơn vị trước sắp xếp" not in html and 'id="predecessors"' not in html
    odd = client.get(url, {"don_vi": towns["y"].pk, "truoc_sap_xep": "có", **RANGE})
    assert odd.status_code == 200 and 'id="predecessors"' not in odd.content.decode()


def test_an_officer_of_the_successor_cannot_open_a_predecessor_on_its_own(client, towns):
    client.force_login(towns["y_desk"].head)
    page = client.get(reverse("indicator_dashboard"), {"don_vi": towns["x"].pk, **RANGE})
    assert page.status_code == 404
    assert "không có quyền xem số liệu" in page.content.decode()


def test_a_reform_manager_of_the_province_may_choose_the_old_units(client, towns):
    manager = make_user(towns["y_desk"].agency, Role.REFORM_MANAGER)
    client.force_login(manager)
    html = client.get(reverse("indicator_dashboard"), RANGE).content.decode()
    # Y's manager reaches Y and, through the successor links, X and W (not the split Z).
    assert "Chỉ số, thống kê: Phường Mới" in html  # today's unit first
    assert "Phường Cũ (Cấp xã, hết hiệu lực từ 01/07/2025)" in html
    assert "Xã Chia Tách" not in html


def test_a_ranking_holds_the_units_that_existed_in_its_period(towns):
    manager_reach = dashboard.Reach(
        frozenset(AdministrativeUnit.objects.values_list("pk", flat=True)), frozenset(), frozenset()
    )

    def names(period):
        ranked = dashboard.rank(towns["p"], manager_reach, "score_total", period)[1]
        return {r.subject.name for r in ranked}

    # June 2025: the old communes (ended 1/7/2025) rank; Y, formed on 1/7/2025, does not yet.
    assert names(Period(date(2025, 6, 1), date(2025, 6, 30))) == {"Phường Cũ", "Xã Chia Tách"}
    # July: Y only (W ended on 1/1/2025, X and Z on 1/7/2025).
    assert names(Period(date(2025, 7, 1), date(2025, 7, 31))) == {"Phường Mới"}
    # A period across the merger holds both.
    assert names(PERIOD) == {"Phường Cũ", "Xã Chia Tách", "Phường Mới"}


def test_the_spreadsheet_says_which_old_units_it_counts(client, towns):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(towns["y_desk"].head)
    params = {"don_vi": towns["y"].pk, "truoc_sap_xep": "1", "dinh_dang": "xlsx", **RANGE}
    book = load_workbook(BytesIO(client.get(reverse("indicator_dashboard"), params).content))
    first = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
    assert first[:2] == ["Đơn vị", "Phường Mới"]
    assert first[4:6] == ["Gồm số liệu của các đơn vị trước sắp xếp", "Phường Cũ, Xã Cũ Hơn"]
    pdf = client.get(reverse("indicator_dashboard"), {**params, "dinh_dang": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
