"""The pages in Vietnamese: citizen rating, public petition form, status, public list, officers."""

import re

import pytest
from django.test import Client

from motcua.feedback import services
from motcua.feedback.models import Petition, Rating
from tests.dossiers.conftest import receive, vn

from .conftest import CITIZEN_ID, petition, with_result


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# ------------------------------------------------------------------------------ rating page


def test_citizen_rates_own_dossier_on_the_page(scene, citizen):
    d = with_result(scene)
    c = client_for(citizen)
    page = c.get(f"/phan-anh/danh-gia/{d.pk}/").content.decode()
    assert "Đánh giá sự hài lòng" in page and d.code in page
    assert "Hài lòng" in page and "Bình thường" in page and "Không hài lòng" in page
    assert "Công chức giải quyết" in page  # a SIPAS element
    response = c.post(
        f"/phan-anh/danh-gia/{d.pk}/", {"level": "unsatisfied", "comment": "Chờ lâu", "sipas_officer": "2"}
    )
    assert response.status_code == 302
    r = Rating.objects.get(dossier=d)
    assert (r.level, r.comment, r.sipas_officer, r.sipas_access) == ("unsatisfied", "Chờ lâu", 2, None)
    page = c.get(f"/phan-anh/danh-gia/{d.pk}/").content.decode()
    assert "Bạn đã đánh giá hồ sơ này" in page and "Cảm ơn bạn đã đánh giá" in page


def test_page_refuses_a_second_rating(scene, citizen):
    d = with_result(scene)
    services.rate(d, citizen, "satisfied")
    page = client_for(citizen).post(f"/phan-anh/danh-gia/{d.pk}/", {"level": "unsatisfied"}).content.decode()
    assert "mỗi hồ sơ chỉ đánh giá một lần" in page
    assert Rating.objects.get(dossier=d).level == "satisfied"


def test_no_rating_form_before_the_result(scene, citizen):
    d = receive(scene)
    page = client_for(citizen).get(f"/phan-anh/danh-gia/{d.pk}/").content.decode()
    assert "chưa có kết quả giải quyết" in page and 'name="level"' not in page


def test_another_citizen_and_an_officer_get_404(scene, stranger):
    d = with_result(scene)
    assert client_for(stranger).get(f"/phan-anh/danh-gia/{d.pk}/").status_code == 404
    assert (
        client_for(stranger).post(f"/phan-anh/danh-gia/{d.pk}/", {"level": "unsatisfied"}).status_code == 404
    )
    assert client_for(scene.desk).get(f"/phan-anh/danh-gia/{d.pk}/").status_code == 404
    assert not Rating.objects.exists()


def test_rating_needs_login(scene):
    d = with_result(scene)
    response = Client().get(f"/phan-anh/danh-gia/{d.pk}/")
    assert response.status_code == 302 and response.url.startswith("/dang-nhap/")


# ------------------------------------------------------------------------- public petitions


def test_anyone_sends_a_petition_and_gets_code_and_deadline(scene):
    c = Client()
    form = c.get("/phan-anh/gui/").content.decode()
    assert "Gửi phản ánh, kiến nghị" in form and scene.agency.name in form
    key = re.search(r'name="key" value="(\w+)"', form).group(1)
    data = {
        "agency": scene.agency.pk,
        "kind": "proposal",
        "sender_name": "Nguyễn Văn An",
        "personal_id": CITIZEN_ID,
        "phone": "0912345678",
        "content": "Đề nghị mở thêm quầy vào sáng thứ Bảy.",
        "key": key,
    }
    page = c.post("/phan-anh/gui/", data).content.decode()
    p = Petition.objects.get()
    assert "Đã nhận phản ánh, kiến nghị" in page and p.code in page and "Hạn trả lời" in page
    assert p.answer_due.astimezone(vn("2026-01-01 00:00").tzinfo).strftime("%H:%M %d/%m/%Y") in page
    c.post("/phan-anh/gui/", data)  # the same form posted twice
    assert Petition.objects.count() == 1


def test_petition_form_shows_the_error_next_to_the_field(scene):
    page = (
        Client()
        .post(
            "/phan-anh/gui/",
            {
                "agency": scene.agency.pk,
                "kind": "report",
                "sender_name": "An",
                "personal_id": "123",
                "content": "x",
            },
        )
        .content.decode()
    )
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số" in page
    assert not Petition.objects.exists()


def test_status_page_and_satisfaction(scene):
    p = petition(scene.agency)
    c = Client()
    page = c.get("/phan-anh/tra-cuu/", {"ma": p.code, "so": CITIZEN_ID}).content.decode()
    assert p.code in page and "Mới tiếp nhận" in page and "Hạn trả lời" in page
    wrong = c.get("/phan-anh/tra-cuu/", {"ma": p.code, "so": "001090099999"}).content.decode()
    assert "Không tìm thấy phản ánh" in wrong and p.content not in wrong
    services.publish(p, actor=scene.desk)
    services.answer(p, actor=scene.head, text="Đã bố trí thêm công chức.")
    page = c.get("/phan-anh/tra-cuu/", {"ma": p.code, "so": CITIZEN_ID}).content.decode()
    assert "Đã bố trí thêm công chức." in page and "Bạn có hài lòng với kết quả trả lời không?" in page
    c.post("/phan-anh/tra-cuu/", {"ma": p.code, "so": CITIZEN_ID, "phan_anh": p.pk, "hai_long": "0"})
    p.refresh_from_db()
    assert p.satisfied is False
    forged = c.post(
        "/phan-anh/tra-cuu/", {"ma": p.code, "so": "001090099999", "phan_anh": p.pk, "hai_long": "1"}
    )
    assert forged.status_code == 404


def test_public_list_shows_published_answers_without_personal_data(scene):
    shown = petition(scene.agency, content="Nội dung công khai")
    services.publish(shown, actor=scene.desk)
    services.answer(shown, actor=scene.head, text="Trả lời công khai")
    hidden = petition(scene.agency, content="Nội dung riêng tư")
    services.publish(hidden, actor=scene.desk, public=False)
    services.answer(hidden, actor=scene.head, text="Trả lời riêng")
    waiting = petition(scene.agency, content="Chưa trả lời")
    services.publish(waiting, actor=scene.desk)
    page = Client().get(f"/phan-anh/cong-khai/{scene.agency.pk}/").content.decode()
    assert "Công khai kết quả trả lời phản ánh, kiến nghị" in page
    assert "Nội dung công khai" in page and "Trả lời công khai" in page
    assert "Nội dung riêng tư" not in page and "Chưa trả lời" not in page
    assert CITIZEN_ID not in page and "0912345678" not in page and "Nguyễn Văn An" not in page


# -------------------------------------------------------------------------------- officers


def test_officer_list_colours_deadlines(scene, settings):
    late = petition(scene.agency, "2026-02-13 10:00")  # decision was due 24/2/2026
    page = client_for(scene.desk).get("/phan-anh/xu-ly/").content.decode()
    assert "Xử lý phản ánh, kiến nghị" in page and late.code in page
    assert 'class="late"' in page and "Quá hạn" in page


def test_urgency_soon_and_ok(scene):
    from motcua.feedback.selectors import urgency

    p = petition(scene.agency, "2026-03-09 09:00")  # decision due Wed 11/3 09:00
    assert urgency(p, now=vn("2026-03-10 10:00")).level == "soon"
    assert urgency(p, now=vn("2026-03-09 09:30")).level == "ok"
    assert urgency(p, now=vn("2026-03-11 09:01")).level == "late"


def test_detail_page_actions_and_log(scene):
    p = petition(scene.agency)
    c = client_for(scene.head)
    page = c.get(f"/phan-anh/xu-ly/{p.pk}/").content.decode()
    assert p.code in page and "Nhật ký xử lý" in page and "Tiếp nhận phản ánh" in page
    assert "Tiếp nhận xử lý" in page and "Từ chối tiếp nhận" in page
    c.post(f"/phan-anh/xu-ly/{p.pk}/thao-tac/publish/", {"public": "1"})
    c.post(f"/phan-anh/xu-ly/{p.pk}/thao-tac/answer/", {"text": "Đã xử lý xong."})
    p.refresh_from_db()
    assert p.state == "answered" and p.published and p.answer == "Đã xử lý xong."
    page = c.post(f"/phan-anh/xu-ly/{p.pk}/thao-tac/publish/", follow=True).content.decode()
    assert "Không thể «Tiếp nhận xử lý» khi phản ánh đang ở trạng thái «Đã trả lời»" in page


def test_another_agencys_officer_gets_404_and_changes_nothing(scene, other):
    p = petition(scene.agency)
    c = client_for(other.head)
    assert c.get(f"/phan-anh/xu-ly/{p.pk}/").status_code == 404
    assert c.post(f"/phan-anh/xu-ly/{p.pk}/thao-tac/refuse/", {"reason": "x"}).status_code == 404
    assert p.code not in c.get("/phan-anh/xu-ly/").content.decode()
    p.refresh_from_db()
    assert p.state == "received" and p.event_count == 1


@pytest.mark.parametrize("path", ["/phan-anh/xu-ly/", "/phan-anh/danh-gia/tong-hop/"])
def test_officer_pages_refuse_citizens(citizen, path):
    assert client_for(citizen).get(path).status_code == 403
