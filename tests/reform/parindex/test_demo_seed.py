"""The demo seed: last year's results published, this year's edition open, idempotent."""

from django.utils import timezone

from motcua.demo.province import Province
from motcua.org.models import Role
from motcua.reform.parindex import demo, selectors
from motcua.reform.parindex.models import Assessment, Criterion, Edition, Score
from tests.factories import make_user


def test_seed_runs_a_year_and_opens_the_next_once(world):
    make_user(world.centre, Role.REFORM_MANAGER, username="reformmanager")
    province = Province(
        unit=world.province,
        centre=world.centre,
        departments={"so-tu-phap": world.department},
        communes=[world.a, world.b],
        staff={
            world.a.pk: {"leader": [world.leader_a]},
            world.b.pk: {"leader": [world.leader_b]},
            world.department.pk: {"leader": [world.leader_d]},
        },
    )
    demo.seed(province)
    counts = (Edition.objects.count(), Criterion.objects.count(), Score.objects.count())
    demo.seed(province)
    assert (Edition.objects.count(), Criterion.objects.count(), Score.objects.count()) == counts

    year = timezone.localdate().year
    last, current = Edition.objects.get(year=year - 1), Edition.objects.get(year=year)
    assert (last.state, current.state) == ("results", "published")
    maximum = selectors.scorecard(last.assessments.first(), live=False).maximum
    assert maximum == 100
    assert all(
        "Giá trị minh họa (demo)" in c.note for c in current.criteria.filter(points_set_by_province=True)
    )
    groups = selectors.ranking(last)
    assert set(groups) == {"Sở, ban, ngành", "Xã, đặc khu"}
    assert Assessment.objects.filter(edition=current, state="submitted").count() == 3
    assert selectors.previous_results(current, world.a.pk)[0][0] == year - 1
    adjusted = Score.objects.filter(assessment__edition=last, council_points__isnull=False)
    assert adjusted.count() == 3 and all(s.self_points is not None for s in adjusted)
