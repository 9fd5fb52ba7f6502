import pytest

from motcua.dossiers import services
from motcua.integrations.notifications.sms_sink import SinkProvider
from tests.factories import APPLICANT, Desk, required_components


@pytest.fixture(autouse=True)
def _sink(settings):
    settings.MOTCUA_SMS_PROVIDER = "motcua.integrations.notifications.sms_sink.SinkProvider"
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.example.vn"
    SinkProvider.clear()
    yield SinkProvider.sent
    SinkProvider.clear()


@pytest.fixture
def sink(_sink) -> list[dict]:
    return _sink


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


def receive(scene: Desk, applicant: dict | None = None, **kwargs):
    """A dossier accepted at the desk now (notices are only sent about what has just happened)."""
    kwargs.setdefault("components", required_components(scene.version))
    return services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT) if applicant is None else applicant,
        **kwargs,
    ).dossier
