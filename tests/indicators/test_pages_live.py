"""A transition shows up in the dashboard figures at the next page load (no nightly batch)."""

import re

from django.urls import reverse

from motcua.dossiers import services
from motcua.org.models import Role
from tests.factories import APPLICANT, Desk, make_user, required_components


def shown(html: str, key: str) -> str:
    row = re.search(rf'<tr data-key="{key}">(.*?)</tr>', html, re.S).group(1)
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", row))


def test_a_reception_and_a_result_show_up_at_the_next_page_load(client, db):
    scene = Desk()
    client.force_login(make_user(scene.agency, Role.REFORM_MANAGER))
    url, params = reverse("indicator_dashboard"), {"co_quan": scene.agency.pk}
    before = client.get(url, params).content.decode()
    assert shown(before, "received_desk") == "Hồsơtiếpnhậntrựctiếp0(0/0)"

    d = services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        components=required_components(scene.version),
    ).dossier
    after = client.get(url, params).content.decode()
    assert shown(after, "received_desk") == "Hồsơtiếpnhậntrựctiếp1(1/1)"

    services.assign(d.pk, actor=scene.head, assignee=scene.desk)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader)
    services.approve(d.pk, actor=scene.leader)
    services.forward(d.pk, actor=scene.leader, to_user=scene.clerk)
    services.issue_result(d.pk, actor=scene.clerk)
    ended = client.get(url, params).content.decode()
    assert shown(before, "on_time_rate") == "Tỷlệhồsơgiảiquyếtđúnghạn—(0/0)"
    assert shown(ended, "on_time_rate") == "Tỷlệhồsơgiảiquyếtđúnghạn100.0%(1/1)"
