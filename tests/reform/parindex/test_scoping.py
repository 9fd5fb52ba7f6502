"""Another unit's assessment is a 404 and cannot be changed before results; visible after."""

from datetime import date

from django.urls import reverse

from motcua.reform.parindex import services

from .conftest import score


def test_other_units_assessment_is_hidden_and_unchangeable_until_results(world, client):
    e = world.edition()
    a = e.assessments.get(agency=world.a)
    s = score(e, world.a, "1.1")
    services.save_self_scores(world.leader_a, a, {s.pk: ("3", "Có kế hoạch")}, today=date(2026, 6, 1))
    client.force_login(world.leader_b)
    url = reverse("parindex_assessment", args=[a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {f"diem_{s.pk}": "0", f"giai_trinh_{s.pk}": "sửa"}).status_code == 404
    assert client.post(reverse("parindex_submit", args=[a.pk])).status_code == 404
    assert client.get(reverse("parindex_ranking", args=[e.pk])).status_code == 404
    s.refresh_from_db()
    a.refresh_from_db()
    assert (str(s.self_points), s.self_comment, a.state) == ("3.00", "Có kế hoạch", "draft")
    # B's own list shows its own assessment only
    page = client.get(reverse("parindex_home")).content.decode()
    mine = e.assessments.get(agency=world.b)
    assert reverse("parindex_assessment", args=[mine.pk]) in page and url not in page

    services.close_self_assessment(world.manager, e)
    services.publish_results(world.manager, e)
    assert client.get(url).status_code == 200
    ranking = client.get(reverse("parindex_ranking", args=[e.pk])).content.decode()
    assert "Ủy ban nhân dân xã An Lão" in ranking and "Ủy ban nhân dân xã Bình Hà" in ranking
    client.post(url, {f"diem_{s.pk}": "0", f"giai_trinh_{s.pk}": "sửa"})
    s.refresh_from_db()
    assert str(s.self_points) == "3.00"


def test_a_draft_edition_is_invisible_to_units(world, client):
    e = world.edition(publish=False)
    client.force_login(world.leader_a)
    assert client.get(reverse("parindex_edition", args=[e.pk])).status_code == 404
    assert "Bo chi so thu nghiem" not in client.get(reverse("parindex_home")).content.decode()


def test_the_inspector_reads_but_cannot_change(world, client):
    e = world.edition()
    a = e.assessments.get(agency=world.a)
    client.force_login(world.inspector)
    page = client.get(reverse("parindex_assessment", args=[a.pk])).content.decode()
    assert "Ủy ban nhân dân xã An Lão" in page and 'name="diem_' not in page
    assert client.post(reverse("parindex_publish", args=[e.pk]), {"han": "2026-12-31"}).status_code == 403


def test_manager_sees_every_units_progress(world, client):
    e = world.edition()
    client.force_login(world.manager)
    page = client.get(reverse("parindex_edition", args=[e.pk])).content.decode()
    for name in ("Ủy ban nhân dân xã An Lão", "Ủy ban nhân dân xã Bình Hà", "Sở Tư pháp"):
        assert name in page
