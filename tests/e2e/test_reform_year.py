"""A browser runs a PAR-INDEX year: the manager fills a missing maximum and publishes the criteria,
a unit leader self-assesses with an evidence file and sees the measured criterion's figure, the
council adjusts one score with a reason (the original stays visible), survey scores are imported,
results are published and the ranking appears — for the other units too."""

from datetime import date, timedelta

from openpyxl import Workbook
from playwright.sync_api import expect
from pypdf import PdfWriter

from motcua.reform.parindex import services
from motcua.reform.parindex.models import Edition
from tests.factories import Desk
from tests.indicators.conftest import take, walk
from tests.reform.parindex.conftest import TREE, World


def files(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    evidence = tmp_path / "ke-hoach-cchc.pdf"
    with evidence.open("wb") as f:
        writer.write(f)
    book = Workbook()
    for row in (["Cơ quan", "Mã tiêu chí", "Điểm"], ["000.00.09.D31", "2.1", 9], ["000.00.03.D31", "2.1", 7]):
        book.active.append(row)
    survey = tmp_path / "dieu-tra.xlsx"
    book.save(survey)
    return evidence, survey


def test_a_reform_year_in_the_browser(page, live_server, officer_login, transactional_db, tmp_path):
    world = World()
    desk = Desk("000.00.09.D31", "Sở Xây dựng")
    walk(desk, take(desk, desk.version, "2026-02-10 09:00"), "2026-02-11")  # early
    walk(desk, take(desk, desk.version, "2026-02-10 09:00"), "2026-03-11")  # late
    e = services.create_edition(world.manager, unit_id=world.province.pk, year=2026, upload=("t.yaml", TREE))
    services.add_participant(world.manager, e, desk.agency, "Sở, ban, ngành")
    services.add_participant(world.manager, e, world.a, "Xã")
    services.set_max_points(world.manager, e, {e.criteria.get(code="1.1").pk: ""})
    evidence, survey = files(tmp_path)
    base = f"{live_server.url}/cai-cach/chi-so/{e.pk}/"

    # 1. The manager: publishing is refused while 1.1 has no maximum; fills it and publishes.
    officer_login(world.manager)
    page.goto(base)
    deadline = (date.today() + timedelta(days=30)).isoformat()
    page.get_by_label("Hạn tự đánh giá").fill(deadline)
    page.get_by_role("button", name="Công bố bộ tiêu chí").click()
    expect(page.locator(".messages")).to_contain_text("chưa có điểm tối đa: 1.1. Ban hành kế hoạch")
    page.get_by_label("Điểm tối đa 1.1").fill("4")
    page.get_by_role("button", name="Lưu điểm tối đa").click()
    expect(page.locator("tr[data-code='1.1']")).to_contain_text("do tỉnh xác định cho năm này")
    page.get_by_label("Hạn tự đánh giá").fill(deadline)
    page.get_by_role("button", name="Công bố bộ tiêu chí").click()
    expect(page.locator("#edition-state")).to_have_text("Đã công bố, đang tự đánh giá")

    # 2. The department's leader self-assesses with evidence; the measured criterion is read-only.
    officer_login(desk.leader)
    page.goto(f"{live_server.url}/cai-cach/chi-so/")
    page.get_by_role("link", name="Bản tự đánh giá của đơn vị").click()
    row = page.locator("tr[data-code='1.2']")
    expect(row.locator(".measured")).to_contain_text("50.0% (1/2)")
    expect(row.locator(".measured a")).to_have_attribute(
        "href",
        "/chi-so/ho-so/?co_quan="
        + str(desk.agency.pk)
        + "&ky=khoang&tu_ngay=2026-01-01&den_ngay=2026-12-31&chi_so=on_time_rate&phan=part",
    )
    expect(row.locator("input")).to_have_count(0)
    page.get_by_label("Điểm tự chấm 1.1").fill("3")
    page.get_by_label("Giải trình 1.1").fill("Kế hoạch CCHC ban hành ngày 15/01")
    page.get_by_role("button", name="Lưu điểm tự chấm").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu điểm tự chấm")
    page.get_by_label("Tài liệu kiểm chứng 1.1").set_input_files(evidence)
    page.get_by_role("button", name="Tải lên 1.1").click()
    expect(page.locator("tr[data-code='1.1']")).to_contain_text("ke-hoach-cchc.pdf")
    page.get_by_role("button", name="Gửi bản tự đánh giá").click()
    expect(page.locator("#assessment-state")).to_contain_text("Đã gửi")
    expect(page.locator("#total")).to_have_text("6,00")  # 3 self + 3 measured (6 × 1/2)

    # 3. The council: closes self-assessment, refuses a blank reason, adjusts with one.
    officer_login(world.manager)
    page.goto(base)
    page.get_by_role("button", name="Kết thúc tự đánh giá, chuyển thẩm định").click()
    expect(page.locator("#edition-state")).to_have_text("Đang thẩm định")
    page.locator("tr", has_text="Sở Xây dựng").get_by_role("link", name="Thẩm định").click()
    page.get_by_label("Điểm thẩm định 1.1").fill("2")
    page.get_by_role("button", name="Điều chỉnh 1.1").click()
    expect(page.locator(".messages")).to_contain_text("Cần ghi lý do điều chỉnh điểm của tiêu chí 1.1")
    page.get_by_label("Điểm thẩm định 1.1").fill("2")
    page.get_by_label("Lý do điều chỉnh 1.1").fill("Kế hoạch thiếu nhiệm vụ số hóa")
    page.get_by_role("button", name="Điều chỉnh 1.1").click()
    row = page.locator("tr[data-code='1.1']")
    expect(row.locator(".council-reason")).to_have_text("Kế hoạch thiếu nhiệm vụ số hóa")
    expect(row.locator(".self-points")).to_have_text("3,00")
    expect(row.locator(".council-points")).to_have_text("2,00")

    # 4. Survey scores, then results.
    page.goto(base)
    page.get_by_role("link", name="Nhập điểm điều tra xã hội học").click()
    page.get_by_label("Tệp điểm điều tra").set_input_files(survey)
    page.get_by_role("button", name="Nhập điểm").click()
    expect(page.locator(".messages")).to_contain_text("Đã nhập 2 điểm điều tra xã hội học")
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.locator("#edition-state")).to_have_text("Đã công bố kết quả")
    assert Edition.objects.get(pk=e.pk).state == "results"

    # 5. Another unit sees the ranking: Sở Xây dựng 2 + 3 + 9 = 14 / 20 = 70 % (Khá).
    officer_login(world.leader_a)
    page.goto(base)
    page.get_by_role("link", name="Xếp hạng").click()
    ranking = page.locator("section", has_text="Sở, ban, ngành")
    expect(ranking).to_contain_text("Sở Xây dựng")
    expect(ranking.locator("tbody tr").first).to_contain_text("70,00")
    expect(ranking.locator("tbody tr").first).to_contain_text("Khá")
