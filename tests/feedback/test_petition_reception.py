"""Receiving a petition: code, §7 deadlines on the working-day calendar, input checks, one per key."""

import pytest

from motcua.dossiers.errors import InvalidInput, NotAllowed
from motcua.feedback import services
from motcua.feedback.models import Petition, PetitionEvent
from tests.dossiers.conftest import vn

from .conftest import CITIZEN_ID, petition, with_result


def test_deadlines_skip_tet_and_weekends(scene):
    # Friday 13/2/2026 10:00. Weekend 14–15/2, Tết 16–20/2, weekend 21–22/2:
    # working day 1 = Mon 23/2, 2 = Tue 24/2, 5 = Fri 27/2; 6–10 = 2–6/3, 11–15 = 9–13/3.
    p = petition(scene.agency, "2026-02-13 10:00")
    assert p.publish_due == vn("2026-02-24 10:00")
    assert p.info_due == vn("2026-02-27 10:00")
    assert p.answer_due == vn("2026-03-13 10:00")
    assert p.state == "received" and p.handled_on_time is None


def test_a_petition_sent_on_saturday_counts_from_monday_opening(scene):
    p = petition(scene.agency, "2026-03-07 21:00")  # Saturday night → Monday 9/3 07:30
    assert p.publish_due == vn("2026-03-11 07:30")
    assert p.answer_due == vn("2026-03-30 07:30")


def test_codes_are_gap_free_per_agency_and_year(scene, other):
    a1 = petition(scene.agency, "2026-02-10 09:00")
    a2 = petition(scene.agency, "2026-02-10 09:05")
    b1 = petition(other.agency, "2026-02-10 09:10")
    next_year = petition(scene.agency, "2027-01-04 09:00")
    assert [a1.code, a2.code, b1.code, next_year.code] == [
        "PAKN-2026-0001",
        "PAKN-2026-0002",
        "PAKN-2026-0001",
        "PAKN-2027-0001",
    ]


def test_reception_is_logged(scene):
    p = petition(scene.agency)
    e = PetitionEvent.objects.get(petition=p)
    assert (e.action, e.to_state, e.actor_name, e.at) == (
        "submit",
        "received",
        "Nguyễn Văn An",
        p.received_at,
    )


def test_the_same_key_twice_gives_one_petition(scene):
    first = petition(scene.agency, idempotency_key="k-1")
    again = services.submit_petition(
        agency=scene.agency,
        kind="report",
        sender_name="Nguyễn Văn An",
        personal_id=CITIZEN_ID,
        phone="0912345678",
        content="Gửi lại",
        idempotency_key="k-1",
    )
    assert again.petition.pk == first.pk and not again.created
    assert Petition.objects.count() == 1


def test_a_key_reused_by_someone_else_is_refused(scene):
    petition(scene.agency, idempotency_key="k-1")
    with pytest.raises(NotAllowed, match="gửi trùng"):
        petition(scene.agency, idempotency_key="k-1", personal_id="001090099999")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"personal_id": "12345"}, "personal_id", "Số định danh cá nhân phải gồm đúng 12 chữ số"),
        ({"personal_id": "999090012345"}, "personal_id", "không phải mã tỉnh"),
        ({"phone": "", "email": ""}, "phone", "Cần để lại số điện thoại hoặc thư điện tử"),
        ({"phone": "12ab"}, "phone", "Số điện thoại phải gồm 9 đến 12 chữ số"),
        ({"phone": "", "email": "an@"}, "email", "Địa chỉ thư điện tử không hợp lệ"),
        ({"content": "   "}, "content", "Cần nhập nội dung phản ánh, kiến nghị"),
        ({"sender_name": ""}, "sender_name", "Cần nhập họ và tên người gửi"),
        ({"kind": "complaint"}, "dossier_code", "Khiếu nại về hồ sơ cần ghi mã hồ sơ"),
        ({"dossier_code": "KHONG-CO"}, "dossier_code", "Không tìm thấy hồ sơ mã KHONG-CO"),
        ({"kind": "praise"}, "kind", "Hãy chọn loại"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(scene, overrides, field, message):
    with pytest.raises(InvalidInput, match=message) as caught:
        petition(scene.agency, **overrides)
    assert caught.value.details["field"] == field
    assert not Petition.objects.exists() and not PetitionEvent.objects.exists()
    # A refused petition does not use up a number.
    assert petition(scene.agency).code == "PAKN-2026-0001"


def test_complaint_about_own_dossier_is_linked(scene):
    d = with_result(scene)
    p = petition(scene.agency, kind="complaint", dossier_code=d.code, email="an@example.vn", phone="")
    assert p.dossier == d and p.email == "an@example.vn"


def test_someone_elses_dossier_cannot_be_attached(scene):
    d = with_result(scene)
    with pytest.raises(InvalidInput, match="Không tìm thấy hồ sơ mã"):
        petition(scene.agency, dossier_code=d.code, personal_id="001090099999")


def test_a_dossier_of_another_agency_points_to_the_right_one(scene, other):
    d = with_result(scene)
    with pytest.raises(InvalidInput, match="do Ủy ban nhân dân phường Ba Đình tiếp nhận"):
        petition(other.agency, dossier_code=d.code)
