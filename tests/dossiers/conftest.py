from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.dossiers import services
from tests.factories import APPLICANT, Desk, required_components

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(text: str) -> datetime:
    """A Vietnamese local moment from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=VN)


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


def receive(scene: Desk, at: str = "2026-02-10 09:00", **kwargs):
    kwargs.setdefault("components", required_components(scene.version))
    return services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        at=vn(at),
        **kwargs,
    ).dossier
