"""A supplement asked of an online dossier and answered online: the desk lists what is missing,
the citizen uploads it with a note, the desk sees the answer and records it, processing resumes."""

from playwright.sync_api import expect

from motcua.dossiers import services
from motcua.dossiers.states import State
from motcua.portal.models import SupplementReply
from tests.e2e.portal_walk import make_citizen, online_scene, small_pdf, submit_online
from tests.e2e.walk import dossier_url, open_action

ITEMS = ("Giấy xác nhận tình trạng hôn nhân còn thời hạn sử dụng", "Bản sao trích lục khai sinh của bên nữ")
NOTE = "Gửi bổ sung giấy xác nhận mới cấp ngày hôm nay"


def test_citizen_answers_a_supplement_request_online(
    page, live_server, officer_login, citizen_login, transactional_db, tmp_path
):
    scene = online_scene()
    citizen = make_citizen()
    citizen_login(citizen)
    d = submit_online(page, live_server, small_pdf(tmp_path))

    # The desk accepts it, the head assigns it, the desk asks for two papers.
    officer_login(scene.desk)
    page.goto(dossier_url(live_server, d))
    open_action(page, "accept").get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(page.locator("#dossier-state")).to_have_text("Đã tiếp nhận")
    services.assign(d.pk, actor=scene.head, assignee=scene.desk)
    page.reload()
    expect(page.locator("#dossier-state")).to_have_text("Đang xử lý")
    box = open_action(page, "request_supplement")
    box.get_by_label("Nội dung cần bổ sung (mỗi dòng một nội dung)").fill("\n".join(ITEMS))
    box.get_by_role("button", name="Yêu cầu bổ sung hồ sơ").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Yêu cầu bổ sung hồ sơ.")
    expect(page.locator("#dossier-state")).to_have_text("Chờ bổ sung")
    d.refresh_from_db()
    files_before = d.files.count()

    # The citizen sees the request and answers it with a file and a note.
    citizen_login(citizen)
    page.get_by_role("link", name=d.code).click()
    expect(page.locator("#state")).to_have_text("Chờ bổ sung")
    page.get_by_role("link", name="Nộp bổ sung hồ sơ").click()
    for item in ITEMS:
        expect(page.locator("#items")).to_contain_text(item)
    paper = small_pdf(tmp_path, "xac-nhan-tinh-trang-hon-nhan.pdf")
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân", exact=True).set_input_files(str(paper))
    page.get_by_label("Nội dung bổ sung, giải trình").fill(NOTE)
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi hồ sơ bổ sung")
    assert page.url.endswith(f"/cong-dan/ho-so/{d.pk}/")
    reply = SupplementReply.objects.get(dossier=d)
    assert reply.note == NOTE and reply.user == citizen and len(reply.files) == 1
    assert d.files.count() == files_before + 1
    # Until the desk records it, the dossier still waits (and the clock still stands).
    expect(page.locator("#state")).to_have_text("Chờ bổ sung")

    # The desk sees the online answer on the dossier page and records the supplement.
    officer_login(scene.desk)
    page.goto(dossier_url(live_server, d))
    answers = page.locator("#online-answers")
    expect(answers).to_contain_text("Đã nộp bổ sung trực tuyến")
    expect(answers).to_contain_text(NOTE)
    expect(answers).to_contain_text(reply.files[0])
    box = open_action(page, "complete_supplement")
    box.get_by_label("Ghi chú, ý kiến").fill("Đã kiểm tra giấy tờ bổ sung trực tuyến")
    box.get_by_role("button", name="Tiếp nhận hồ sơ bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện: Tiếp nhận hồ sơ bổ sung.")
    expect(page.locator("#dossier-state")).to_have_text("Đang xử lý")
    d.refresh_from_db()
    assert d.state == State.PROCESSING and d.pauses and d.pauses[-1][1] is not None

    # Back on the citizen's page: processing again, no supplement button.
    citizen_login(citizen)
    page.goto(f"{live_server.url}/cong-dan/ho-so/{d.pk}/")
    expect(page.locator("#state")).to_have_text("Đang xử lý")
    expect(page.get_by_role("link", name="Nộp bổ sung hồ sơ")).to_have_count(0)
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Cơ quan yêu cầu bổ sung hồ sơ")
    expect(timeline).to_contain_text("Đã nhận hồ sơ bổ sung")
