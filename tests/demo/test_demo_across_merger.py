"""The demo spans 1 July 2025: the old districts and communes with their successor links, their
desks' history under Decree 61/2018, the new communes' under Decree 118/2025 (issue 15, item 9)."""

from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from motcua.demo.predecessors import MERGER_DAY, read_old_communes

ROWS = [  # three new units as province.yaml writes them (names invented for the test)
    {"code": "1", "merged_from": ["Xã A", "Xã B"], "old_districts": ["Huyện H"]},
    {
        "code": "2",
        "merged_from": ["Xã B", "Xã C", "Phường D"],
        "merged_in_part": ["Xã B"],
        "old_districts": ["Huyện H", "Quận Q"],
    },
    {"code": "3", "merged_from": ["Phường D", "Phường E"], "old_districts": ["Quận Q"]},
]


def test_old_communes_know_where_they_went_and_which_district_they_were_in():
    old = {o.name: o for o in read_old_communes(ROWS)}
    assert old["Xã A"].whole_into == "1" and old["Xã A"].district == "Huyện H"
    # B went partly to 2 and to 1: split, no single successor.
    assert old["Xã B"].into == ["1", "2"] and old["Xã B"].partial and old["Xã B"].whole_into is None
    # D is named by 2 (two districts) and 3 (Quận Q only): its district is Quận Q; two new units.
    assert old["Phường D"].district == "Quận Q" and old["Phường D"].whole_into is None
    # C is named only by 2, with two old districts: its district is unknown (not guessed).
    assert old["Xã C"].district is None and old["Xã C"].whole_into == "2"


@pytest.mark.django_db
def test_the_demo_units_before_the_merger_and_their_successors(tmp_path, settings, client):
    from motcua import demo
    from motcua.org.models import AdministrativeUnit, Membership, User
    from motcua.org.selectors import agency_ids

    settings.DATA_DIR = tmp_path
    province, _password = demo.load()
    old = AdministrativeUnit.objects.filter(valid_to=MERGER_DAY)
    # Phường Hồng Bàng (11311) = 7 old wards; Gia Viên was split (also into Ngô Quyền, Gia Viên).
    hong_bang = AdministrativeUnit.objects.get(code="11311")
    assert set(hong_bang.predecessors.values_list("name", flat=True)) == {
        "Phường Hùng Vương",
        "Phường Sở Dầu",
        "Phường Thượng Lý",
        "Phường Minh Khai",
        "Phường Hoàng Văn Thụ",
        "Phường Phan Bội Châu",
    }
    gia_vien = old.get(name="Phường Gia Viên")
    assert gia_vien.successor is None and gia_vien.succession_unconfirmed and gia_vien.code is None
    assert "Phường Hồng Bàng, Phường Ngô Quyền, Phường Gia Viên" in gia_vien.succession_note
    assert gia_vien.parent.name == "Quận Ngô Quyền"  # the one district shared by its three new units
    # Districts were abolished: no successor, said so; the old province of Hải Dương merged.
    district = old.get(name="Quận Ngô Quyền")
    assert district.successor is None and "không có đơn vị kế thừa" in district.succession_note
    hai_duong = old.get(name="Tỉnh Hải Dương")
    assert hai_duong.code == "30" and hai_duong.successor == province.unit
    assert old.get(name="Huyện Thanh Miện").parent == hai_duong
    # No code was invented for an old district or commune.
    assert not old.exclude(pk=hai_duong.pk).exclude(code__isnull=True).exists()

    # The old desks exist, inactive, with officers whose posts ended on 30/06/2025.
    assert province.old_districts and province.old_communes
    assert all(not a.active and a.receives_dossiers for a in province.old_agencies)
    ended = Membership.objects.filter(agency__in=province.old_agencies)
    assert ended.count() == 5 * len(province.old_agencies)
    assert set(ended.values_list("valid_to", flat=True)) == {date(2025, 6, 30)}
    officer = User.objects.get(pk=ended.first().user_id)
    assert agency_ids(officer) == set()  # no role today
    assert province.receiving_on(date(2025, 6, 30))[1:] == province.old_agencies
    assert province.receiving_on(MERGER_DAY) == province.receiving

    # The administrator sees the flagged units in the admin list.
    root = User.objects.get(username="administrator")
    client.force_login(root)
    url = reverse("admin:org_administrativeunit_changelist")
    page = client.get(url, {"succession_unconfirmed__exact": "1"}).content.decode()
    assert "Phường Gia Viên" in page and "Phường Sở Dầu" not in page


@pytest.mark.django_db
def test_the_history_spans_both_decrees_with_their_own_behaviours(tmp_path, settings):
    from motcua import demo
    from motcua.demo.history import History
    from motcua.demo.province import old_processes
    from motcua.dossiers import rules
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.dossiers.states import Channel

    settings.DATA_DIR = tmp_path
    province, _password = demo.load()
    old_processes(province)
    tz = timezone.get_current_timezone()
    # From Friday 16/05/2025 to Friday 29/08/2025 16:00 (105 days back): both sides of 1/7/2025.
    history = History(province, target=400, days=105, seed=3, now=datetime(2025, 8, 29, 16, 0, tzinfo=tz))
    assert history.run() == 400
    assert history.refused == []  # every planned action was accepted by the services

    old_ids = {a.pk for a in province.old_agencies}
    dossiers = list(Dossier.objects.select_related("agency", "unit"))
    for d in dossiers:
        moment = d.received_at or d.submitted_at
        assert d.regime == rules.regime_at(moment)
        if timezone.localdate(moment) < MERGER_DAY:
            # Received by an old desk (or the city's centre), kept at its old unit.
            assert d.agency_id in old_ids or d.agency_id == province.centre.pk
            if d.agency_id in old_ids:
                assert d.unit.valid_to == MERGER_DAY and d.unit_id == d.agency.unit_id
        else:
            assert d.agency_id not in old_ids
    regimes = Counter(d.regime for d in dossiers)
    assert regimes["nd61_2018"] > 100 and regimes["nd118_2025"] > 100

    def actions(regime: str) -> Counter:
        return Counter(DossierEvent.objects.filter(dossier__regime=regime).values_list("action", flat=True))

    old, new = actions("nd61_2018"), actions("nd118_2025")
    # Decree 61/2018: the 2018 apology, the clock paused by the supplement, no desk-only steps.
    assert old["issue_apology"] > 0 and old["complete_supplement"] > 0
    assert old["request_extension"] == old["close"] == old["propose_supplement"] == 0
    paused = Dossier.objects.filter(regime="nd61_2018", supplement_count__gt=0).exclude(pauses=[])
    assert paused.exists()
    # Decree 118/2025: never the 2018 apology; extension requested and applied by the desk, the
    # officer proposes and the desk issues the supplement, unsupplemented dossiers closed, paper
    # transferred for boundary-free receptions.
    assert new["issue_apology"] == 0
    assert new["request_extension"] > 0 and new["apply_extension"] > 0
    assert new["propose_supplement"] > 0 and new["close"] > 0 and new["transfer_paper"] > 0
    boundary_free = Dossier.objects.filter(regime="nd118_2025").exclude(competent_agency=F("agency"))
    assert boundary_free.filter(agency__in=province.communes, competent_agency=province.centre).exists()
    for closed in DossierEvent.objects.filter(action="close"):
        notice = (
            DossierEvent.objects.filter(dossier=closed.dossier_id, action="request_supplement")
            .order_by("-seq")
            .first()
        )
        assert closed.at - notice.at >= timedelta(days=15)  # not before 15 days after the notice
    # Online dossiers after 1/7/2025: most answered within 8 working hours, some not.
    online = Dossier.objects.filter(
        regime="nd118_2025", channel=Channel.ONLINE, reception_decided_at__isnull=False
    )
    late = online.filter(reception_decided_at__gt=F("reception_due_at")).count()
    assert 0 < late < online.count() / 4
