from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.models import Field, Procedure
from motcua.desk import queue
from motcua.desk.models import ServiceCounter
from motcua.org.models import Role
from tests.factories import Desk, make_user, unit_levels

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = "2026-03-10"  # a Tuesday, a working day


def vn(text: str) -> datetime:
    """A Vietnamese local moment: 'HH:MM' on DAY, or 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text if " " in text else f"{DAY} {text}").replace(tzinfo=VN)


class QueueScene:
    """One agency with two counters: no. 1 serves every field, no. 2 only civil status (hộ tịch)."""

    def __init__(self):
        self.desk_scene = Desk()
        self.agency = self.desk_scene.agency
        self.officer = self.desk_scene.desk
        self.officer2 = make_user(self.agency, Role.DESK_OFFICER)
        self.civil = Field.objects.get(code="ho-tich")
        self.land = Field.objects.create(code="dat-dai", name="Đất đai")
        _, commune = unit_levels()
        Procedure.objects.create(
            code="1.000001", name="Đăng ký đất đai lần đầu", field=self.land, level=commune
        )
        self.general = ServiceCounter.objects.create(agency=self.agency, number=1, name="Tiếp nhận chung")
        self.civil_counter = ServiceCounter.objects.create(agency=self.agency, number=2, name="Hộ tịch")
        self.civil_counter.fields.set([self.civil])

    def ticket(self, at: str, field=None):
        return queue.issue_ticket(self.agency, field, now=vn(at))


@pytest.fixture
def scene(db) -> QueueScene:
    return QueueScene()


@pytest.fixture
def other(db, scene) -> Desk:
    """A second agency with its own officer and counter."""
    desk = Desk("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.desk_scene.version)
    ServiceCounter.objects.create(agency=desk.agency, number=1, name="Một cửa")
    return desk
