"""Every indicator of the hand-made province equals the figure computed by hand (conftest)."""

import pytest

from motcua.dossiers.states import Timeliness
from motcua.indicators.formulas import INDICATORS
from motcua.indicators.scoring import scorecard

from .conftest import NOW, PERIOD

E, T, L = Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE


def value(key, scope):
    return INDICATORS[key].func(scope, PERIOD, NOW)


def test_the_scene_is_what_the_comments_say(province):
    d = province.d
    assert [d[k].timeliness for k in (1, 2, 3, 8, 9, 10, "e1")] == [E, T, L, E, E, E, L]
    assert d[4].supplement_count == 2 and d[4].ended_at is None
    assert d[7].received_at is None and d[11].received_at is None


# (key, part, whole, points) for agency A, by hand:
#   received: desk D1 D2 D4 D5 D6 D8 D10 = 7, post D3 = 1, online D9 = 1 → 9
#   ended: early D1 D8 D9 D10 = 4, on time D2 = 1, late D3 = 1 → 6
#   open: D4 (2 supplements: late), D5 (within), D6 (late)
#   returned D1 (desk) D2 (electronic) D9 (electronic, reused component) → 3
HAND = [
    # group 2: (4 + 1 + 1 open within) ÷ (6 ended + 3 open) = 6/9 → 20 × 6/9
    ("g2_timeliness", 6, 9, 13.33),
    # group 3: electronic results D2 D9 of 3 returned → 6 × 2/3; digitised and electronic D9 → 4 × 1/3
    ("g3_electronic_result", 2, 3, 4.0),
    ("g3_digitised", 1, 3, 1.33),
    # reuse D9 of 9 received = 0.111, full at 80 % → 2 × 0.111/0.8 = 0.28
    ("g3_reused_data", 1, 9, 0.28),
    # group 4a: V2 (toàn trình) received D9 online, D10 desk → 12 × 1/2
    ("g4a_online", 1, 2, 6.0),
    # group 4b: V2 has fees (V1 only a zero fee): paid online D9 of V2 received D9 D10 → 10 × 1/2
    ("g4b_online_payment", 1, 2, 5.0),
    # group 5: the complaint, received 2/3, was never decided (2 working days) → 0 of 1
    ("g5_petitions_on_time", 0, 1, 0.0),
    # bad: late D3 + unsatisfied D2 + complaint on D1 = 3 of 6 ended → 0.5, full at 90 % → 6 × 0.5/0.9
    ("g5_service", 3, 6, 3.33),
    # seed-era figures
    ("received_desk", 7, 9, None),
    ("received_online", 1, 9, None),
    ("received_post", 1, 9, None),
    ("online_rate_level34", 1, 9, None),  # D9 online of a level-4 procedure, of all 9 received
    ("online_submission_rate", 1, 2, None),  # among procedures offered online (V2)
    ("digitisation_rate", 1, 6, None),  # D9 of 6 ended
    ("on_time_rate", 5, 6, None),
    ("online_payment_rate", 1, 2, None),  # D9 online, D10 cash
    ("satisfaction_rate", 2, 3, None),  # D1 D9 satisfied, D2 unsatisfied
    ("steps_over_budget", 1, 20, None),  # 4 steps × D1 D2 D3 D9 D10; D3's first step took a month
    ("open_late", 2, 3, None),  # D4 (two supplements) and D6 of D4 D5 D6
]


@pytest.mark.parametrize(("key", "part", "whole", "points"), HAND, ids=[h[0] for h in HAND])
def test_indicator_of_agency_a(province, key, part, whole, points):
    v = value(key, province.a.agency)
    assert v.measured
    assert (v.part, v.whole) == (part, whole)
    assert v.points == points


def test_average_processing_time(province):
    # D1 29 h, D2 28 days − 1 h, D3 29 days + 5 h, D8 24 h, D9 29 h, D10 29 h (seconds ÷ 6 ÷ 86 400)
    hours = 29 + (28 * 24 - 1) + (29 * 24 + 5) + 24 + 29 + 29
    v = value("average_processing_days", province.a.agency)
    assert v.whole == 6 and v.part == round(hours / 6 / 24, 4) and v.measure == "days"


def test_petition_satisfaction_without_opinions_has_no_points(province):
    v = value("g5_petitions_satisfied", province.a.agency)
    assert v.measured and v.whole == 0 and v.rate is None and v.points is None and v.display() == "—"


def test_unmeasurable_indicators_say_so_and_give_no_number(province):
    keys = [
        k
        for k, ind in INDICATORS.items()
        if k.startswith(("g1_", "g3_certified", "g3_data", "g3_population"))
    ]
    assert len(keys) == 8
    for key in keys:
        v = value(key, province.a.agency)
        assert not v.measured and v.reason and v.number is None and v.points is None
        assert v.display() == "chưa đo được"


def test_scorecard_of_agency_a(province):
    card = scorecard(province.a.agency, PERIOD, NOW)
    # group 3 = 4.0 + 1.33 + 0.28; group 5 = 0 + 3.33 (the petition-satisfaction indicator has no data)
    assert card.groups == {"1": None, "2": 13.33, "3": 5.61, "4a": 6.0, "4b": 5.0, "5": 3.33}
    assert card.total == 33.27
    # earnable: 20 + (6 + 4 + 2) + 12 + 10 + (6 + 6)
    assert card.max_measured == 66
    assert card.band.code == "yeu" and card.band.confirmed
    assert len(card.not_measured) == 8


def test_unit_rolls_up_its_subtree(province):
    # B: E1 late, E2 open within → (0 + 1) ÷ (1 + 1)
    b = value("g2_timeliness", province.commune)
    assert (b.part, b.whole) == (1, 2)
    # province = A + B: (6 + 1) ÷ (9 + 2)
    p = value("g2_timeliness", province.province)
    assert (p.part, p.whole) == (7, 11)
    assert value("received_desk", province.province).part == 7 + 2


def test_a_past_period_has_no_open_dossiers(province):
    from motcua.indicators.periods import Period

    # February only: ended in February D1 D8 D9 D10 (all early); the open ones belong to today's periods.
    v = INDICATORS["g2_timeliness"].func(province.a.agency, Period.month(2026, 2), NOW)
    assert (v.part, v.whole) == (4, 4)
    assert INDICATORS["received_online"].func(province.a.agency, Period.quarter(2026, 1), NOW).part == 1
    assert INDICATORS["received_online"].func(province.a.agency, Period.year(2025), NOW).whole == 0
