"""Totals, index %, band, ranking within group and the comparison with the year before, by hand.

No dossiers in the data set: criterion 1.2 (measured) has no figure ("Không có hồ sơ"), so the
unit's own points count for it — the rule for a measured criterion the system cannot measure.

Commune A: 1.1 self 3, 1.2 self 5, 2.1 survey 8, bonus +1        = 17 / 20 = 85.00 % → Tốt
Commune B: 1.1 self 4 → council 2, 1.2 self 6, 2.1 survey 6      = 14 / 20 = 70.00 % → Khá
Department: 1.1 self 4, 1.2 self 6, 2.1 survey 3, penalty −1     = 12 / 20 = 60.00 % → Trung bình
Next year, A: 1.1 4, 1.2 6, 2.1 9                                = 19 / 20 = 95.00 %
"""

from datetime import date
from decimal import Decimal

from motcua.reform.parindex import selectors, services

from .conftest import YEAR, score


def fill(world, e, agency, user, points: dict[str, str]):
    a = e.assessments.get(agency=agency)
    values = {score(e, agency, code).pk: (v, "Giải trình cách chấm") for code, v in points.items()}
    services.save_self_scores(user, a, values, today=date(e.year, 6, 1))
    services.submit(user, a, today=date(e.year, 6, 1))


def survey(e, agency, points):
    s = score(e, agency, "2.1")
    s.survey_points = Decimal(points)
    s.save()


def run_year(world):
    e = world.edition()
    fill(world, e, world.a, world.leader_a, {"1.1": "3", "1.2": "5", "3": "1"})
    fill(world, e, world.b, world.leader_b, {"1.1": "4", "1.2": "6"})
    fill(world, e, world.department, world.leader_d, {"1.1": "4", "1.2": "6", "3": "-1"})
    services.close_self_assessment(world.manager, e)
    for agency, pts in ((world.a, "8"), (world.b, "6"), (world.department, "3")):
        survey(e, agency, pts)
    services.adjust(world.manager, score(e, world.b, "1.1"), "2", "Kế hoạch ban hành chậm 2 tháng")
    services.publish_results(world.manager, e)
    return e


def test_totals_percent_and_band_by_hand(world):
    e = run_year(world)
    card = selectors.scorecard(e.assessments.get(agency=world.a))
    assert (card.total, card.maximum, card.percent, card.band) == (
        Decimal("17"),
        Decimal("20"),
        Decimal("85.00"),
        "Tốt",
    )
    areas = {line.criterion.code: (line.final, line.max_points) for line in card.areas}
    assert areas == {
        "1": (Decimal(8), Decimal(10)),
        "2.1": (Decimal(8), Decimal(10)),
        "3": (Decimal(1), Decimal(2)),
    }
    b = selectors.scorecard(e.assessments.get(agency=world.b))
    assert (b.total, b.percent, b.band) == (Decimal("14"), Decimal("70.00"), "Khá")
    d = selectors.scorecard(e.assessments.get(agency=world.department))
    assert (d.total, d.percent, d.band) == (Decimal("12"), Decimal("60.00"), "Trung bình")


def test_ranking_is_per_group(world):
    e = run_year(world)
    groups = selectors.ranking(e)
    assert [(r.rank, r.assessment.agency.name, r.percent) for r in groups["Xã"]] == [
        (1, "Ủy ban nhân dân xã An Lão", Decimal("85.00")),
        (2, "Ủy ban nhân dân xã Bình Hà", Decimal("70.00")),
    ]
    assert [(r.rank, r.assessment.agency.name) for r in groups["Sở, ban, ngành"]] == [(1, "Sở Tư pháp")]


def test_equal_indices_share_a_rank(world):
    e = world.edition()
    fill(world, e, world.a, world.leader_a, {"1.1": "4", "1.2": "6"})
    fill(world, e, world.b, world.leader_b, {"1.1": "4", "1.2": "6"})
    assert [r.rank for r in selectors.ranking(e)["Xã"]] == [1, 1]


def test_comparison_with_the_previous_year(world):
    e = run_year(world)
    nxt = services.copy_edition(world.manager, e, YEAR + 1)
    services.publish(world.manager, nxt, date(YEAR + 1, 12, 31), today=date(YEAR + 1, 1, 1))
    nxt.refresh_from_db()
    fill(world, nxt, world.a, world.leader_a, {"1.1": "4", "1.2": "6"})
    survey(nxt, world.a, "9")
    card = selectors.scorecard(nxt.assessments.get(agency=world.a))
    assert card.percent == Decimal("95.00")
    assert selectors.previous_results(nxt, world.a.pk) == [(YEAR, Decimal("85.00"))]
    row = next(r for r in selectors.ranking(nxt)["Xã"] if r.assessment.agency == world.a)
    assert row.previous == [(YEAR, Decimal("85.00"))]
