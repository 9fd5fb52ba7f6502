"""Targets (chỉ tiêu) compared live with their gap; units and agencies ranked."""

from datetime import date

from motcua.indicators.models import Target
from motcua.indicators.scoring import compliance, measure, ranking
from motcua.indicators.values import band_for, bands

from .conftest import NOW, PERIOD


def target(unit, indicator, threshold, comparison=">="):
    return Target.objects.create(
        unit=unit,
        indicator=indicator,
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        threshold=threshold,
        comparison=comparison,
        decision_number="123/QĐ-UBND",
        decision_date=date(2026, 1, 5),
    )


def test_compliance_and_gap(province):
    # province timeliness 7/11 = 63.6364 % against 100 %: missed by 36.3636 points
    assert compliance(target(province.province, "g2_timeliness", 100), NOW) == (63.6364, False, -36.3636)
    # commune: E1 took 29 days 5 hours ≤ 30 days: met with 0.7917 days to spare
    value, met, gap = compliance(target(province.commune, "average_processing_days", 30, "<="), NOW)
    assert (value, met, gap) == (29.2083, True, 0.7917)
    # the unmeasured stay unknown, never a number
    assert compliance(target(province.province, "g1_synchronised", 50), NOW) == (None, None, None)


def test_total_score_target(province):
    score = measure("score_total", province.a.agency, PERIOD, NOW)
    assert score.number == 33.27
    value, met, _gap = compliance(target(province.commune, "score_total", 50), NOW)
    assert value is not None and met is False


def test_ranking_by_indicator_and_total(province):
    a, b = province.a.agency, province.b.agency
    ranked = ranking([b, a], "g2_timeliness", PERIOD, NOW)  # A 6/9, B 1/2
    assert [(r.position, r.subject) for r in ranked] == [(1, a), (2, b)]
    units = ranking([province.commune, province.province], "g2_timeliness", PERIOD, NOW)  # 1/2 vs 7/11
    assert [r.subject for r in units] == [province.province, province.commune]
    slow = ranking([a, b], "average_processing_days", PERIOD, NOW)  # lower is better
    assert [r.subject for r in slow] == [a, b]
    unknown = ranking([a, b], "g1_synchronised", PERIOD, NOW)
    assert [r.position for r in unknown] == [None, None]
    assert [r.subject for r in ranking([b, a], "score_total", PERIOD, NOW)][0] == a


def test_bands_are_data(settings):
    assert [b.code for b in bands()] == ["xuat_sac", "tot", "kha", "trung_binh", "yeu"]
    assert [b.confirmed for b in bands()] == [True, False, False, False, True]
    assert band_for(89.99).code == "tot" and band_for(90).code == "xuat_sac" and band_for(49.9).code == "yeu"
    settings.MOTCUA_SCORE_BANDS = [
        {"low": 85, "code": "a", "label": "A", "confirmed": False},
        {"low": 0, "code": "b", "label": "B", "confirmed": False},
    ]
    assert band_for(86).code == "a" and band_for(84).code == "b"
