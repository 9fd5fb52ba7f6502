"""The desk's "to close" page (Decree 118/2025 Art. 19.5) and the supplement buttons on the dossier
page: the appraising officer proposes, the desk issues; the desk closes an overdue dossier."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from tests.factories import APPLICANT, Desk, required_components


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


def _received(scene, days_ago: float):
    return services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        components=required_components(scene.version),
        at=timezone.now() - timedelta(days=days_ago),
    ).dossier


def _asked(scene, days_ago: float):
    d = _received(scene, days_ago)
    at = timezone.now() - timedelta(days=days_ago)
    return services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao giấy khai sinh"], at=at)


def offered(html: str) -> set[str]:
    return set(re.findall(r'<details class="action" id="([a-z_]+)"', html))


def test_the_list_shows_overdue_supplements_of_my_desk_and_closes_them(client, scene):
    overdue = _asked(scene, 16)  # notice 16 days ago: on the list
    recent = _asked(scene, 10)  # 10 days ago: not yet
    other = Desk(identifier="000.00.07.H56", name="Ủy ban nhân dân phường Kim Mã", version=scene.version)
    _asked(other, 20)  # another desk's dossier: never shown here
    client.force_login(scene.desk)
    html = client.get(reverse("closing_list")).content.decode()
    assert overdue.code in html and recent.code not in html
    assert "000.00.07.H56" not in html
    assert 'href="' + reverse("closing_list") + '"' in html  # in the desk's menu
    client.post(reverse("dossier_act", args=[overdue.pk, "close"]))
    assert Dossier.objects.get(pk=overdue.pk).state == State.CLOSED
    html = client.get(reverse("closing_list")).content.decode()
    assert overdue.code not in html


def test_a_specialist_does_not_see_the_list(client, scene):
    client.force_login(scene.specialist)
    assert client.get(reverse("closing_list")).status_code == 403


def test_the_specialist_proposes_and_the_desk_sees_the_proposal(client, scene):
    d = _received(scene, 1)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist)
    client.force_login(scene.specialist)
    html = client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    assert "propose_supplement" in offered(html) and "request_supplement" not in offered(html)
    client.post(reverse("dossier_act", args=[d.pk, "propose_supplement"]), {"items": "Bản sao sổ hộ khẩu"})
    assert Dossier.objects.get(pk=d.pk).state == State.PROCESSING  # the applicant is not asked yet
    client.force_login(scene.desk)
    html = client.get(reverse("closing_list")).content.decode()
    assert d.code in html and "Bản sao sổ hộ khẩu" in html
    assert "request_supplement" in offered(
        client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    )
    client.post(reverse("dossier_act", args=[d.pk, "request_supplement"]), {"items": "Bản sao sổ hộ khẩu"})
    assert Dossier.objects.get(pk=d.pk).state == State.AWAITING_SUPPLEMENT
    assert d.code not in client.get(reverse("closing_list")).content.decode().split("Đề nghị bổ sung chờ")[1]


def test_the_dossier_page_shows_a_late_request_and_the_restarted_appointment(client, scene):
    from tests.dossiers.conftest import vn

    d = services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        components=required_components(scene.version),
        at=vn("2026-03-05 09:00"),
    ).dossier
    # Window: 3 working days from Thu 5/3 09:00 → Fri 6, Mon 9, Tue 10/3 09:00; asked Wed 11/3: late.
    services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao"], at=vn("2026-03-11 09:00"))
    # Restart: 15 working days from Mon 16/3 09:00 → 17–20/3 (4), 23–27 (9), 30/3–3/4 (14), Mon 6/4 (15).
    services.complete_supplement(d.pk, actor=scene.desk, at=vn("2026-03-16 09:00"))
    client.force_login(scene.desk)
    html = client.get(reverse("dossier_detail", args=[d.pk])).content.decode()
    assert "Yêu cầu bổ sung muộn" in html and "09:00 10/03/2026" in html
    assert "hẹn trả kết quả mới: 09:00 06/04/2026" in html
