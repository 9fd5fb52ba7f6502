"""A measured criterion equals the indicator on dossiers made through the real write path.

Agency S (the factories' desk scene, in the province) receives in 2026:
  D1 received 10/2 09:00, result 11/2 14:00 — early
  D2 received 10/2 09:00, result 11/3 14:00 — late (due 10/3)
on-time rate = 1 / 2 → criterion 1.2 (max 6, proportional) = 6 × 0.5 = 3.00 points.
After submission the figure is frozen: a third dossier (early) moves the live indicator to 2/3
but not the submitted assessment.
"""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from motcua.indicators.formulas import INDICATORS
from motcua.indicators.periods import Period, Scope
from motcua.reform.parindex import selectors, services
from motcua.reform.parindex.measuring import measure, points_for
from tests.factories import Desk
from tests.indicators.conftest import take, walk

from .conftest import score


def scene_edition(world):
    desk = Desk("000.00.09.D31", "Sở Xây dựng")
    e = world.edition(publish=False)
    services.add_participant(world.manager, e, desk.agency, "Sở, ban, ngành")
    services.publish(world.manager, e, date(2026, 12, 31), today=date(2026, 1, 1))
    walk(desk, take(desk, desk.version, "2026-02-10 09:00"), "2026-02-11")
    walk(desk, take(desk, desk.version, "2026-02-10 09:00"), "2026-03-11")
    return desk, e


def test_measured_points_follow_the_indicator(world, client):
    desk, e = scene_edition(world)
    indicator = INDICATORS["on_time_rate"].func(Scope.of(desk.agency), Period.year(2026))
    assert (indicator.part, indicator.whole) == (1, 2)
    a = e.assessments.get(agency=desk.agency)
    line = next(x for x in selectors.scorecard(a).lines if x.criterion.code == "1.2")
    assert (line.measured.part, line.measured.whole, line.measured.rate) == (1, 2, indicator.rate)
    assert (line.final, line.source) == (Decimal("3.00"), "measured")
    assert "chi_so=on_time_rate" in line.measured.url and "tu_ngay=2026-01-01" in line.measured.url
    assert f"co_quan={desk.agency.pk}" in line.measured.url

    client.force_login(desk.leader)
    page = client.get(reverse("parindex_assessment", args=[a.pk])).content.decode()
    assert "50.0% (1/2)" in page and "chi_so=on_time_rate" in page
    assert f'name="diem_{score(e, desk.agency, "1.2").pk}"' not in page  # read-only


def test_figures_are_frozen_on_submission(world):
    desk, e = scene_edition(world)
    a = e.assessments.get(agency=desk.agency)
    services.save_self_scores(
        desk.leader, a, {score(e, desk.agency, "1.1").pk: ("4", "Kế hoạch 01/KH")}, today=date(2026, 6, 1)
    )
    services.submit(desk.leader, a, today=date(2026, 6, 1))
    walk(desk, take(desk, desk.version, "2026-04-01 09:00"), "2026-04-02")
    live = INDICATORS["on_time_rate"].func(Scope.of(desk.agency), Period.year(2026))
    assert (live.part, live.whole) == (2, 3)
    s = score(e, desk.agency, "1.2")
    assert (s.measured_part, s.measured_whole, s.measured_points) == (Decimal(1), 2, Decimal("3.00"))
    a.refresh_from_db()
    assert selectors.scorecard(a).total == Decimal("7.00")


def test_a_unit_without_dossiers_is_not_scored_zero(world):
    e = world.edition()
    c = e.criteria.get(code="1.2")
    m = measure(c.metric, world.a, 2026, c.max_points, c.measure_rule)
    assert m.measured and m.rate is None and m.points is None
    assert "Không có hồ sơ" in m.reason


def test_plan_completion_from_the_plans_app_with_thresholds(world, monkeypatch):
    from motcua.reform.plans import selectors as plans

    monkeypatch.setattr(plans, "plan_completion", lambda agency_id, year: (23, 24))
    rule = {"steps": [[0.9, 2], [0.7, 1], [0, 0]]}
    m = measure("reform_plan_completion_rate", world.a, 2026, Decimal(2), rule)
    assert (m.part, m.whole, m.points) == (Decimal(23), 24, Decimal(2))
    monkeypatch.setattr(plans, "plan_completion", lambda agency_id, year: None)
    m = measure("reform_plan_completion_rate", world.a, 2026, Decimal(2), rule)
    assert not m.measured and "chưa có kế hoạch" in m.reason
    assert points_for(0.75, Decimal(2), rule) == Decimal(1)
    assert points_for(0.5, Decimal(2), rule) == Decimal(0)


def test_a_metric_without_a_source_says_so(world):
    m = measure("late_dossier_apology_rate", world.a, 2026, Decimal(2), None)
    assert not m.measured and m.points is None and "chưa có số liệu" in m.reason
