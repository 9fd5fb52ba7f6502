"""Officers see only their agencies' dossiers in the read-only administration list."""

from django.test import Client

from tests.dossiers.conftest import receive
from tests.factories import Desk


def test_desk_officer_sees_own_dossiers_and_not_another_agencys(scene):
    mine = receive(scene)
    other = Desk(
        "000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version, with_process=False
    )
    theirs = receive(other)
    for user in (scene.desk, other.desk):
        user.is_staff = True
        user.save()
    client = Client()
    client.force_login(scene.desk)
    page = client.get("/admin/dossiers/dossier/").content.decode()
    assert mine.code in page and theirs.code not in page
    assert client.get(f"/admin/dossiers/dossier/{theirs.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/dossiers/dossier/{mine.pk}/change/").status_code == 200
