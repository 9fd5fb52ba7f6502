"""Issue 14, item 6: the applicant lookup at the desk answers only desk officers, tells them only
what the reception needs, and every lookup is logged (who, when, which ID, from which agency)."""

import pytest
from django.urls import reverse

from motcua.audit.models import PersonalDataAccess
from motcua.dossiers import services
from motcua.org.models import Membership, Role
from tests.factories import APPLICANT, Desk, make_user, required_components

URL = reverse("reception_applicant")


@pytest.fixture
def scene(db) -> Desk:
    scene = Desk()
    services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        components=required_components(scene.version),
    )
    return scene


@pytest.mark.parametrize("role", ["specialist", "head", "leader", "clerk"])
def test_officers_without_the_desk_role_are_refused_in_vietnamese(client, scene, role):
    client.force_login(getattr(scene, role))
    answer = client.get(URL, {"so": APPLICANT["identifier"]})
    text = answer.content.decode()
    assert answer.status_code == 403 and "Bộ phận Một cửa" in text
    assert APPLICANT["name"] not in text and APPLICANT["phone"] not in text
    assert not PersonalDataAccess.objects.exists()


def test_a_citizen_and_a_former_desk_officer_are_refused(client, scene):
    from datetime import date

    citizen = make_user(username="congdan")
    citizen.personal_id = "001092000111"
    citizen.save()
    client.force_login(citizen)
    assert client.get(URL, {"so": APPLICANT["identifier"]}).status_code == 403
    former = make_user(scene.agency, Role.DESK_OFFICER)
    Membership.objects.filter(user=former).update(valid_to=date(2020, 1, 1))
    client.force_login(former)
    assert client.get(URL, {"so": APPLICANT["identifier"]}).status_code == 403


def test_a_desk_officer_gets_the_name_and_a_masked_phone_only(client, scene):
    client.force_login(scene.desk)
    text = client.get(URL, {"so": APPLICANT["identifier"], "co_quan": scene.agency.pk}).content.decode()
    assert APPLICANT["name"] in text and "09******78" in text
    for private in (APPLICANT["phone"], APPLICANT["email"], APPLICANT["address"]):
        assert private not in text, private


def test_every_lookup_is_logged_with_who_which_id_and_agency(client, scene):
    client.force_login(scene.desk)
    client.get(URL, {"so": APPLICANT["identifier"], "co_quan": scene.agency.pk})
    client.get(URL, {"so": "001092000111", "co_quan": scene.agency.pk})  # unknown: still a lookup
    rows = list(PersonalDataAccess.objects.order_by("id"))
    assert [(r.actor, r.subject, r.agency, r.what) for r in rows] == [
        (scene.desk, APPLICANT["identifier"], scene.agency, "applicant_lookup"),
        (scene.desk, "001092000111", scene.agency, "applicant_lookup"),
    ]
    assert all(r.at is not None for r in rows)
