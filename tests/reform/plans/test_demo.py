"""The demo seed: the seed document's plan for one commune, smaller plans, a mixed report schedule."""

from datetime import date

from motcua.demo.province import Province
from motcua.org.models import Role
from motcua.reform.plans import selectors
from motcua.reform.plans.demo import seed
from motcua.reform.plans.models import PeriodicReport, PlanTask, ReformPlan, ReportSubmission, TaskKind
from tests.factories import make_user

TODAY = date(2025, 11, 23)


def _province(world) -> Province:
    return Province(
        unit=world.centre.unit,
        centre=world.centre,
        departments={"so-noi-vu": world.department},
        communes=[world.commune, world.other],
        staff={
            world.commune.pk: {"leader": [world.leader]},
            world.other.pk: {"leader": [world.other_leader]},
            world.department.pk: {"leader": [make_user(world.department, Role.LEADER, username="giamdoc")]},
        },
    )


def test_seed_builds_plans_and_reports_once(world):
    province = _province(world)
    seed(province, TODAY)

    assert selectors.plan_completion(world.commune.pk, 2025) == (23, 24)
    big = ReformPlan.objects.get(agency=world.commune)
    assert big.tasks.filter(kind=TaskKind.GENERAL).count() == 7
    figures = selectors.completion_of(big.tasks.all(), TODAY)
    assert [(t.kind, t.number) for t in figures.overdue] == [(TaskKind.SPECIFIC, 24)]
    assert figures.done_late > 0 and big.state == "issued"
    assert ReformPlan.objects.count() == 3

    states = [r.timeliness(TODAY) for r in PeriodicReport.objects.filter(deadline__year=2025)]
    assert {"on_time", "late", "missing", "pending"} <= set(states)

    counts = (ReformPlan.objects.count(), PlanTask.objects.count(), ReportSubmission.objects.count())
    seed(province, TODAY)
    assert (ReformPlan.objects.count(), PlanTask.objects.count(), ReportSubmission.objects.count()) == counts
    assert selectors.plan_completion(world.commune.pk, 2025) == (23, 24)
