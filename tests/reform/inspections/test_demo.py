"""The demo seed: one concluded inspection with a ledger mismatch and three directives; idempotent."""

from motcua.demo.province import Province
from motcua.org.models import Role
from motcua.reform.inspections import demo, selectors
from motcua.reform.inspections.models import Decision, Directive, Reconciliation
from tests.factories import make_user


def test_seed_builds_a_concluded_inspection_once(scene):
    make_user(scene.centre, Role.REFORM_MANAGER, username="reformmanager")
    make_user(scene.centre, Role.INSPECTOR, username="inspector")
    desk2 = make_user(scene.other, Role.DESK_OFFICER)
    province = Province(
        unit=scene.centre.unit,
        centre=scene.centre,
        departments={},
        communes=[scene.commune, scene.other],
        staff={
            scene.commune.pk: {Role.LEADER: [scene.leader], Role.DESK_OFFICER: [scene.desk.desk]},
            scene.other.pk: {Role.LEADER: [scene.other_leader], Role.DESK_OFFICER: [desk2]},
        },
    )
    d = demo.seed(province)
    assert d.state == "concluded" and d.visits.filter(state="done").count() == 2
    assert d.team.filter(user__username="inspector").exists()
    for rec in Reconciliation.objects.all():
        assert rec.difference != 0 and rec.paper_count - rec.system_count == rec.difference
    rows, counts = selectors.follow_up(Directive.objects.all())
    assert (counts["done"], counts["in_progress"], counts["overdue"]) == (1, 1, 1)
    assert [r.directive.state for r in rows] == ["confirmed", "reported", "open"]
    assert d.visits.first().breaches.count() == 1

    demo.seed(province)
    assert Decision.objects.count() == 1 and Directive.objects.count() == 3
