"""Screenshots of the officers' pages for the user guide (docs/screenshots/).

Run on purpose only: ``MOTCUA_SCREENSHOTS=1 uv run pytest tests/e2e/test_screenshots.py``.
A small realistic scene is built through the write path: dossiers on time, due soon, late, waiting
for a supplement, returned, and one submitted online.
"""

import os
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.calendar.core import LimitUnit
from motcua.dossiers import deadlines, services
from motcua.dossiers.states import Channel
from motcua.org.models import Role
from tests.e2e.walk import dossier_url, with_specialist
from tests.factories import Desk, make_process, make_version, required_components

pytestmark = pytest.mark.skipif(
    os.environ.get("MOTCUA_SCREENSHOTS") != "1", reason="ảnh chụp màn hình: đặt MOTCUA_SCREENSHOTS=1"
)

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

PEOPLE = [
    ("001090012345", "Nguyễn Văn An", "12 Phố Huế, phường Ba Đình, Hà Nội"),
    ("001192004567", "Trần Thị Bích Ngọc", "25 Đội Cấn, phường Ba Đình, Hà Nội"),
    ("001088007812", "Lê Minh Tuấn", "8 Kim Mã, phường Ba Đình, Hà Nội"),
    ("001195003390", "Phạm Thu Hương", "41 Liễu Giai, phường Ba Đình, Hà Nội"),
    ("001085006621", "Hoàng Đức Thắng", "3 Ngọc Hà, phường Ba Đình, Hà Nội"),
    ("001197001148", "Vũ Thị Mai Anh", "17 Đào Tấn, phường Ba Đình, Hà Nội"),
    ("001091009034", "Đặng Quốc Bảo", "60 Văn Cao, phường Ba Đình, Hà Nội"),
]
OFFICERS = {
    "desk": "Phạm Thị Thu Hà",
    "specialist": "Nguyễn Thị Lan",
    "head": "Trần Quốc Hùng",
    "leader": "Lê Văn Minh",
    "clerk": "Đỗ Thị Hạnh",
}


def person(i: int) -> dict:
    identifier, name, address = PEOPLE[i]
    return {"kind": 1, "identifier": identifier, "name": name, "address": address, "phone": "0912345678"}


def local(day_offset: int, hour: int = 9, minute: int = 0) -> datetime:
    tz = timezone.get_current_timezone()
    return datetime.combine(timezone.localdate() + timedelta(days=day_offset), time(hour, minute), tz)


def due_soon_start(scene: Desk) -> datetime:
    """A reception moment whose 15-working-day appointment falls within the next working day."""
    cal = deadlines.calendar_for(scene.agency)
    now = timezone.now()
    horizon = cal.due(now, 1, LimitUnit.WORKING_DAYS)
    for days in range(14, 40):
        for hour in (16, 14, 10, 8):
            at = local(-days, hour)
            due = deadlines.due_at(cal, scene.version, at, [])
            if now < due <= horizon:
                return at
    raise AssertionError("no reception moment gives a due-soon dossier")


def build_scene() -> tuple[Desk, dict]:
    scene = Desk()
    for role, name in OFFICERS.items():
        user = getattr(scene, role)
        user.full_name = name
        user.save(update_fields=["full_name"])
    birth = make_version(code="1.001193", name="Đăng ký khai sinh", limit="3")
    make_process(
        birth,
        scene.agency,
        [
            ("Tiếp nhận, chuyển hồ sơ", Role.DESK_OFFICER, "0.5"),
            ("Thẩm định hồ sơ", Role.SPECIALIST, "1.5"),
            ("Phê duyệt", Role.LEADER, "0.5"),
            ("Trả kết quả", Role.CLERK, "0.5"),
        ],
    )
    s = scene
    found = {}
    # Late: received six weeks ago, a supplement on the way, a verification note — still late.
    t = local(-42, 8, 30)
    late = with_specialist(s, at=t, applicant=person(0))
    services.request_supplement(
        late.pk,
        actor=s.desk,  # Decree 118/2025 Art. 19.5: after reception the desk issues the request
        items=["Bản sao trích lục khai sinh của bên nữ"],
        at=t + timedelta(days=1),
    )
    services.complete_supplement(
        late.pk, actor=s.desk, note="Người nộp đã bổ sung bản sao trích lục", at=t + timedelta(days=3)
    )
    services.add_note(
        late.pk,
        actor=s.specialist,
        note="Đã đối chiếu với Cơ sở dữ liệu hộ tịch điện tử; chờ xác minh nơi cư trú trước đây",
        at=t + timedelta(days=4, hours=2),
    )
    found["late"] = late
    found["soon"] = with_specialist(s, at=due_soon_start(s), applicant=person(1))
    found["ok"] = with_specialist(s, at=local(-2, 10, 15), applicant=person(2))
    paused = with_specialist(s, at=local(-5, 14, 0), applicant=person(3))
    services.request_supplement(
        paused.pk, actor=s.desk, items=["Giấy xác nhận tình trạng hôn nhân còn thời hạn sử dụng"]
    )
    found["paused"] = paused
    # A birth registration returned to the applicant, and one submitted online awaiting reception.
    t = local(-9, 9, 0)
    done = services.receive(
        actor=s.desk,
        version=birth,
        agency=s.agency,
        applicant=person(4),
        components=[{"component_id": c.pk, "count": 1} for c in birth.components.all() if c.required],
        at=t,
    ).dossier
    services.assign(done.pk, actor=s.head, assignee=s.desk, at=t + timedelta(minutes=5))
    services.forward(done.pk, actor=s.desk, to_user=s.specialist, at=t + timedelta(minutes=10))
    services.forward(done.pk, actor=s.specialist, to_user=s.leader, at=t + timedelta(hours=5))
    services.approve(done.pk, actor=s.leader, at=t + timedelta(days=1))
    services.forward(done.pk, actor=s.leader, to_user=s.clerk, at=t + timedelta(days=1, hours=1))
    services.issue_result(done.pk, actor=s.clerk, at=t + timedelta(days=1, hours=3))
    services.return_result(
        done.pk, actor=s.desk, method="desk", receiver=person(4)["name"], at=t + timedelta(days=2)
    )
    services.receive(
        actor=None,
        version=s.version,
        agency=s.agency,
        applicant=person(5),
        channel=Channel.ONLINE,
        components=required_components(s.version),
        at=local(-1, 20, 10),
    )
    return s, found


def shot(page, name: str, full_page: bool = False) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    page.screenshot(path=str(OUT / name), full_page=full_page)


def test_screenshots_for_the_user_guide(page, live_server, officer_login, transactional_db):
    scene, d = build_scene()
    page.set_viewport_size({"width": 1366, "height": 900})

    officer_login(scene.desk)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    shot(page, "can-bo-trang-chu.png")

    page.get_by_role("link", name="Tiếp nhận").first.click()
    page.get_by_label("Tìm thủ tục").fill("ket hon")
    page.get_by_role("link", name="Đăng ký kết hôn").click()
    page.get_by_label("Số định danh cá nhân / mã số doanh nghiệp").fill(PEOPLE[6][0])
    page.get_by_label("Họ và tên / tên tổ chức").fill(PEOPLE[6][1])
    page.get_by_label("Địa chỉ").fill(PEOPLE[6][2])
    page.get_by_label("Điện thoại", exact=True).fill("0903123456")
    page.get_by_label("Tờ khai đăng ký kết hôn").check()
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân").check()
    page.locator("#applicant-info").wait_for(state="attached")
    shot(page, "tiep-nhan.png")

    officer_login(scene.specialist)
    page.goto(f"{live_server.url}/ho-so/?tab=mine")
    for level in ("late", "soon", "ok", "paused"):
        expect(page.locator(f"#rows tr.{level}")).to_have_count(1)
    shot(page, "ho-so-cua-toi.png")

    page.goto(dossier_url(live_server, d["late"]))
    expect(page.locator("#timeline li")).to_have_count(6)
    shot(page, "ho-so-chi-tiet.png", full_page=True)

    page.goto(f"{live_server.url}/ho-so/canh-bao/")
    expect(page.locator("tbody tr")).to_have_count(2)
    shot(page, "canh-bao.png")

    # The queue: a kiosk ticket, the counter calling it, the waiting-room screen.
    from motcua.desk.queue import seed_counters

    seed_counters(scene.agency)
    for _ in range(3):
        page.goto(f"{live_server.url}/mot-cua/kiosk/{scene.agency.pk}/")
        shot(page, "kiosk.png")
        page.get_by_role("button", name="Lĩnh vực khác").click()
    officer_login(scene.desk)
    page.goto(f"{live_server.url}/mot-cua/xep-hang/")
    page.get_by_role("button", name="Ngồi quầy này").first.click()
    page.get_by_role("button", name="Gọi số tiếp theo").click()
    expect(page.locator("#counter-panel .big")).to_contain_text("001")
    shot(page, "quay-goi-so.png")
    page.goto(f"{live_server.url}/mot-cua/man-hinh/{scene.agency.pk}/")
    expect(page.locator("body")).to_contain_text("001")
    shot(page, "man-hinh-cho.png")

    for name in (
        "can-bo-trang-chu",
        "tiep-nhan",
        "ho-so-cua-toi",
        "ho-so-chi-tiet",
        "canh-bao",
        "kiosk",
        "quay-goi-so",
        "man-hinh-cho",
    ):
        assert (OUT / f"{name}.png").stat().st_size > 10_000, name
