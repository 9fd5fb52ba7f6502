"""The desk head's page (queue statistics) shows the online reception figures of the month:
alerts within 2 clock hours and breaches of the 8-working-hour clock (Decree 118/2025 Art. 17.2)."""

import re

import pytest

from motcua.dossiers import deadlines, services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel
from tests.factories import Desk

from .conftest import vn


@pytest.fixture
def scene(db) -> Desk:
    deadlines.forget_calendars()
    return Desk()


def arrive(scene, at: str):
    return services.receive(
        actor=None,
        version=scene.version,
        agency=scene.agency,
        applicant={"kind": 1, "identifier": "001090012345", "name": "Nguyễn Văn An"},
        channel=Channel.ONLINE,
        components=[{"component_id": c.pk} for c in scene.version.components.filter(condition="")],
        at=vn(at),
    ).dossier


def cell(page: str, label: str) -> str:
    row = re.search(rf"<th scope=\"row\">{label}</th><td>(.*?)</td>", page, re.S)
    return re.sub(r"<[^>]+>", "", row.group(1)).strip()


def test_desk_head_sees_breaches_and_alert_delays(scene, client):
    # Friday 13/3/2026 arrivals, due Monday 16/3 at 15:00 and 15:05 (2 h Friday + 6 h Monday).
    answered = arrive(scene, "2026-03-13 15:00")
    arrive(scene, "2026-03-13 15:05")  # never answered: overdue since Monday 15:05
    services.accept(answered.pk, actor=scene.desk, at=vn("2026-03-16 16:00"))  # an hour late
    slow = arrive(scene, "2026-03-16 08:00")  # 3 h 30 + 4 h Monday, 30 min Tuesday: due Tuesday 08:00
    Dossier.objects.filter(pk=slow.pk).update(desk_alerted_at=vn("2026-03-16 10:30"))  # 150 min
    services.accept(slow.pk, actor=scene.desk, at=vn("2026-03-16 11:00"))
    client.force_login(scene.head)
    page = client.get("/mot-cua/xep-hang/thong-ke/", {"ngay": "2026-03-17"}).content.decode()
    assert cell(page, "Hồ sơ trực tuyến đến") == "3"
    assert cell(page, "Được thông báo trong 02 giờ") == "2 (66,7%)"  # Vietnamese decimal comma
    assert cell(page, "Độ trễ thông báo lớn nhất \\(phút\\)") == "150"
    assert cell(page, "Hồ sơ đến hạn xử lý 08 giờ làm việc") == "3"
    assert cell(page, "Trong đó xử lý quá 08 giờ làm việc") == "2"
    assert cell(page, "Đang chờ tiếp nhận đã quá hạn") == "1"
