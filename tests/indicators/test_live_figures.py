"""A transition shows in the figures at once: no batch between the write path and the dashboard."""

from motcua.dossiers import services
from motcua.indicators.formulas import INDICATORS
from tests.dossiers.conftest import vn

from .conftest import NOW, PERIOD, take


def g2(scope):
    v = INDICATORS["g2_timeliness"].func(scope, PERIOD, NOW)
    return v.part, v.whole


def test_reception_and_result_show_immediately(province):
    a = province.a
    assert g2(a.agency) == (6, 9)
    d = take(a, province.v1, "2026-03-20 09:00")  # open, within due time
    assert g2(a.agency) == (7, 10)
    assert INDICATORS["received_desk"].func(a.agency, PERIOD, NOW).part == 8
    services.stop(d.pk, actor=a.head, reason="Người nộp không bổ sung", at=vn("2026-03-20 10:00"))
    # ended early the same day: no longer open, now ended
    assert g2(a.agency) == (7, 10)
    assert INDICATORS["open_late"].func(a.agency, PERIOD, NOW).whole == 3
    assert INDICATORS["on_time_rate"].func(a.agency, PERIOD, NOW).whole == 7


def test_open_dossier_becomes_late_with_the_clock(province):
    a = province.a
    # D5 (due 23/3 09:00) is within due time on 20/3 and late on 24/3.
    later = vn("2026-03-24 12:00")
    v = INDICATORS["open_late"].func(a.agency, PERIOD, later)
    assert (v.part, v.whole) == (3, 3)
