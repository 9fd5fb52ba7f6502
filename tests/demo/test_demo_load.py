"""The demo loads through the real services and a desk officer then sees the centre's dossiers."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_demo_loads_catalog_staff_and_dossiers(tmp_path, settings):
    from motcua import demo
    from motcua.catalog.models import Procedure
    from motcua.dossiers.models import Dossier, DossierEvent
    from motcua.dossiers.states import State

    settings.DATA_DIR = tmp_path
    logins, password, counts = demo.load()
    assert Procedure.objects.count() == 44
    assert {username for _, username in logins} >= {"deskofficer", "specialist", "head", "leader", "clerk"}
    assert counts["dossiers"] == 24 and counts["processes"] > 30
    states = set(Dossier.objects.values_list("state", flat=True))
    assert {State.RECEIVED, State.PROCESSING, State.AWAITING_SUPPLEMENT, State.RETURNED} <= states
    assert DossierEvent.objects.count() > Dossier.objects.count()

    client = Client()
    assert client.login(username="deskofficer", password=password)
    listed = client.get("/api/v1/dossiers", {"limit": 100}).json()
    assert listed["count"] == 24
    home = client.get("/")
    assert "thủ tục" in home.content.decode()
    # A second load adds nothing and keeps the same password.
    again = demo.load()
    assert again[1] == password and again[2]["dossiers"] == 0
