"""The appraisal council adjusts with a reason; the unit's own points stay beside the new ones."""

from datetime import date

import pytest
from django.urls import reverse

from motcua.dossiers.errors import InvalidInput, NotAllowed
from motcua.reform.parindex import selectors, services

from .conftest import score


def submitted(world):
    e = world.edition()
    a = e.assessments.get(agency=world.a)
    s = score(e, world.a, "1.1")
    services.save_self_scores(
        world.leader_a, a, {s.pk: ("4", "Kế hoạch số 12/KH-UBND")}, today=date(2026, 6, 1)
    )
    services.save_self_scores(
        world.leader_a, a, {score(e, world.a, "1.2").pk: ("6", "x")}, today=date(2026, 6, 1)
    )
    services.submit(world.leader_a, a, today=date(2026, 6, 1))
    return e, a


def test_adjustment_keeps_the_original_and_the_reason(world, client):
    e, a = submitted(world)
    with pytest.raises(NotAllowed):  # the council sits only after self-assessment closes
        services.adjust(world.manager, score(e, world.a, "1.1"), "2", "Chậm")
    services.close_self_assessment(world.manager, e)
    client.force_login(world.manager)
    url = reverse("parindex_council", args=[a.pk])
    s = score(e, world.a, "1.1")
    client.post(
        url, {"tieu_chi": s.pk, f"tham_dinh_{s.pk}": "2,5", f"ly_do_{s.pk}": "Kế hoạch ban hành chậm"}
    )
    s.refresh_from_db()
    assert (str(s.self_points), str(s.council_points), s.council_reason) == (
        "4.00",
        "2.50",
        "Kế hoạch ban hành chậm",
    )
    assert s.council_by == world.manager and s.council_at
    line = next(x for x in selectors.scorecard(a).lines if x.criterion.code == "1.1")
    assert (line.final, line.source) == (s.council_points, "council")
    page = client.get(url).content.decode()
    assert "Kế hoạch ban hành chậm" in page
    assert '<span class="self-points">4,00</span>' in page and '<b class="council-points">2,50</b>' in page


def test_a_blank_reason_is_refused_and_changes_nothing(world, client):
    e, a = submitted(world)
    services.close_self_assessment(world.manager, e)
    s = score(e, world.a, "1.1")
    with pytest.raises(InvalidInput) as refused:
        services.adjust(world.manager, s, "1", "   ")
    assert "lý do" in refused.value.message
    client.force_login(world.manager)
    page = client.post(
        reverse("parindex_council", args=[a.pk]),
        {"tieu_chi": s.pk, f"tham_dinh_{s.pk}": "1", f"ly_do_{s.pk}": ""},
    )
    assert "Cần ghi lý do điều chỉnh điểm của tiêu chí 1.1" in page.content.decode()
    s.refresh_from_db()
    assert s.council_points is None


def test_points_above_the_maximum_are_refused(world):
    e, a = submitted(world)
    services.close_self_assessment(world.manager, e)
    with pytest.raises(InvalidInput) as refused:
        services.adjust(world.manager, score(e, world.a, "1.1"), "5", "Thêm")
    assert "phải từ 0 đến 4" in refused.value.message


def test_a_unit_leader_cannot_reach_the_council_page(world, client):
    e, a = submitted(world)
    services.close_self_assessment(world.manager, e)
    client.force_login(world.leader_a)
    assert client.get(reverse("parindex_council", args=[a.pk])).status_code == 403
