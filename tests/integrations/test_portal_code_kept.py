"""An online dossier pushed by the national portal keeps the code the portal issued (Decree
118/2025 Art. 28.2.a) when the desk accepts it."""

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.integrations.test_portal_sync_inbound import post, submission
from tests.integrations.test_portal_sync_outbox import portal  # noqa: F401 — fixture


def test_the_portals_code_stays_the_dossiers_code(client, scene, portal):  # noqa: F811
    answer = post(client, submission(scene, portal_id="G22-2511-000042"))
    assert answer.status_code == 201, answer.content
    d = services.accept(answer.json()["MaHoSoHeThong"], actor=scene.desk)
    assert d.code == "G22-2511-000042"
    assert Dossier.objects.get(code="G22-2511-000042").received_at is not None
