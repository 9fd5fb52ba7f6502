"""The 8-working-hour reception clock of online dossiers in the worklist, home page and warnings."""

import pytest

from motcua.dossiers import deadlines, services
from motcua.dossiers.states import Channel
from motcua.processing.selectors import urgency, warnings
from tests.dossiers.conftest import vn
from tests.factories import Desk


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


def test_clock_on_a_dossier_waiting_for_reception(scene):
    d = arrive(scene, "2026-03-13 15:00")  # due Monday 16/3 15:00 (2 h Friday + 6 h Monday)
    fresh = urgency(d, vn("2026-03-13 15:30"))
    # 15:30 Friday → 17:00 = 1 h 30; Monday 07:30 → 11:30 = 4 h, 13:00 → 15:00 = 2 h: 7 h 30.
    assert fresh.level == "ok" and fresh.text == "Tiếp nhận: còn 7 giờ 30 phút làm việc"
    assert urgency(d, vn("2026-03-16 13:30")).level == "soon"  # 1 h 30 left
    late = urgency(d, vn("2026-03-16 16:00"))
    assert late.level == "late" and late.text == "Quá hạn tiếp nhận 1 giờ 0 phút làm việc"


def test_overdue_dossier_waiting_for_reception_is_on_the_warning_list(scene):
    # Friday 08:00 → 11:30 = 3 h 30, 13:00 → 17:00 = 4 h (7 h 30), Monday 07:30 + 30 min → 08:00.
    overdue = arrive(scene, "2026-03-13 08:00")
    arrive(scene, "2026-03-13 15:00")  # due Monday 15:00: not yet
    rows = warnings(scene.desk, now=vn("2026-03-16 09:00"))
    assert [(d.pk, u.level) for d, u in rows] == [(overdue.pk, "late")]


def test_worklist_and_home_show_the_clock(scene, client):
    arrive(scene, "2026-03-13 08:00")
    client.force_login(scene.desk)
    page = client.get("/ho-so/?tab=reception").content.decode()
    assert "Quá hạn tiếp nhận" in page
    home = client.get("/can-bo/").content.decode()
    assert "Hồ sơ trực tuyến mới chờ tiếp nhận" in home and "Quá hạn tiếp nhận" in home
    warn = client.get("/ho-so/canh-bao/").content.decode()
    assert "Quá hạn tiếp nhận" in warn


def test_desk_redirects_from_the_dossier_page(scene, client):
    from tests.factories import make_agency

    tax = make_agency("000.00.09.H56", "Chi cục Thuế khu vực I")
    d = arrive(scene, "2026-03-13 08:00")
    client.force_login(scene.desk)
    page = client.get(f"/ho-so/{d.pk}/").content.decode()
    assert "Không thuộc thẩm quyền, hướng dẫn nộp đúng nơi" in page and "Chi cục Thuế khu vực I" in page
    # Without guidance: a Vietnamese message, nothing changes.
    answer = client.post(f"/ho-so/{d.pk}/thao-tac/redirect/", {"guidance": " "}, follow=True)
    assert "Cần hướng dẫn cụ thể" in answer.content.decode()
    d.refresh_from_db()
    assert d.state == 1
    client.post(
        f"/ho-so/{d.pk}/thao-tac/redirect/",
        {"guidance": "Nộp tại Chi cục Thuế", "competent_agency": str(tax.pk)},
    )
    d.refresh_from_db()
    assert d.state == 3 and d.events.last().to_agency == tax
    page = client.get(f"/ho-so/{d.pk}/").content.decode()
    assert "Nộp tại Chi cục Thuế" in page
