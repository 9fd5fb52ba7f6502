"""The dossier page offers only what the internal process lets the officer do (issue 14, item 8):
the actions of the step they may work on, and in the lists only who may take the step."""

import re

import pytest
from django.urls import reverse

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.org.models import Role
from tests.dossiers.conftest import receive
from tests.factories import Desk, make_user


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


def page_for(client, user, d) -> str:
    client.force_login(user)
    return client.get(reverse("dossier_detail", args=[d.pk])).content.decode()


def offered(html: str) -> set[str]:
    return set(re.findall(r'<details class="action" id="([a-z_]+)"', html))


def options(html: str, select_id: str) -> set[str]:
    block = re.search(rf'<select id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert block, select_id
    return {
        label
        for value, label in re.findall(r'<option value="(\d*)">([^<]*)</option>', block.group(1))
        if value
    }


def test_desk_forwards_its_step_to_the_specialists_only(client, scene):
    other_specialist = make_user(scene.agency, Role.SPECIALIST)
    d = receive(scene)
    html = page_for(client, scene.desk, d)
    assert "forward" in offered(html)
    assert options(html, "forward-to_user") == {str(scene.specialist), str(other_specialist)}


def test_head_assigns_the_desks_step_to_desk_officers_only(client, scene):
    d = receive(scene)
    html = page_for(client, scene.head, d)
    assert options(html, "assign-assignee") == {str(scene.desk)}
    listed = client.get(reverse("worklist"), {"tab": "unassigned"}).content.decode()
    assert str(scene.desk) in listed and str(scene.specialist) not in listed


def test_at_appraisal_the_clerk_gets_no_processing_action(client, scene):
    d = receive(scene)
    services.forward(d.pk, actor=scene.desk)  # nobody named: a specialist takes it up
    clerk_page = offered(page_for(client, scene.clerk, d))
    assert not clerk_page & {"forward", "approve", "issue_result", "send_back", "hand_off"}
    leader_page = offered(page_for(client, scene.leader, d))
    assert "approve" not in leader_page and "issue_result" not in leader_page
    html = page_for(client, scene.specialist, d)
    assert {"forward", "send_back", "hand_off"} <= offered(html)
    assert options(html, "forward-to_user") == {str(scene.leader)}


def test_the_leader_forwards_only_after_approving(client, scene):
    d = receive(scene)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader)
    before = offered(page_for(client, scene.leader, d))
    assert "approve" in before and "forward" not in before
    services.approve(d.pk, actor=scene.leader)
    html = page_for(client, scene.leader, d)
    assert "approve" not in offered(html) and "forward" in offered(html)
    assert options(html, "forward-to_user") == {str(scene.clerk)}


def test_crafted_forward_to_a_citizen_gets_the_message_and_changes_nothing(client, scene):
    citizen = make_user(None, username="congdan")
    d = receive(scene)
    client.force_login(scene.desk)
    page = client.post(
        reverse("dossier_act", args=[d.pk, "forward"]), {"to_user": citizen.pk}, follow=True
    ).content.decode()
    assert "Congdan không phải Chuyên viên xử lý của Ủy ban nhân dân phường Ba Đình" in page
    d = Dossier.objects.get(pk=d.pk)
    assert d.step_index == -1 and d.assignee is None and d.events.count() == 1


def test_crafted_issue_at_the_first_step_signs_nothing(client, scene):
    from motcua.documents.models import DossierFile

    d = receive(scene)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk)
    client.force_login(scene.clerk)
    page = client.post(reverse("dossier_act", args=[d.pk, "issue_result"]), follow=True).content.decode()
    assert "Chưa thể ban hành kết quả" in page
    assert not DossierFile.objects.filter(dossier=d).exists()
    assert Dossier.objects.get(pk=d.pk).events.count() == 2
