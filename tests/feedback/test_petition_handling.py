"""Officers handle a petition in turn, at their own agency; each step is logged (domain §7)."""

import pytest

from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.feedback import services
from motcua.feedback.models import Petition, PetitionEvent
from motcua.feedback.signals import petition_answered
from tests.dossiers.conftest import vn

from .conftest import CITIZEN_ID, petition


def snapshot(p: Petition) -> tuple:
    p.refresh_from_db()
    return (p.state, p.published, p.answer, p.answered_at, p.handled_on_time, p.event_count)


def test_publish_request_info_answer_close(scene):
    p = petition(scene.agency, "2026-02-13 10:00")
    services.publish(p, actor=scene.desk, at=vn("2026-02-23 09:00"))
    services.request_info(p, actor=scene.desk, note="Xin cho biết ngày đến quầy", at=vn("2026-02-25 09:00"))
    p = services.answer(p, actor=scene.head, text="Đã nhắc nhở công chức.", at=vn("2026-03-12 16:00"))
    assert p.state == "answered" and p.published and p.answered_by == scene.head
    assert p.handled_on_time is True
    p = services.close(p, actor=scene.leader, at=vn("2026-03-13 08:00"))
    assert p.state == "closed" and p.handled_on_time is True
    log = list(
        PetitionEvent.objects.filter(petition=p).values_list("action", "from_state", "to_state", "actor")
    )
    assert log == [
        ("submit", "", "received", None),
        ("publish", "received", "published", scene.desk.pk),
        ("request_info", "published", "info_requested", scene.desk.pk),
        ("answer", "info_requested", "answered", scene.head.pk),
        ("close", "answered", "closed", scene.leader.pk),
    ]


def test_an_answer_after_fifteen_working_days_is_late(scene):
    p = petition(scene.agency, "2026-02-13 10:00")  # answer due Fri 13/3 10:00
    services.publish(p, actor=scene.desk, at=vn("2026-02-23 09:00"))
    p = services.answer(p, actor=scene.leader, text="Trả lời", at=vn("2026-03-13 10:01"))
    assert p.handled_on_time is False


def test_a_decision_after_two_working_days_makes_the_handling_late(scene):
    p = petition(scene.agency, "2026-02-13 10:00")  # decide by Tue 24/2 10:00
    services.publish(p, actor=scene.desk, at=vn("2026-02-24 10:30"))
    p = services.answer(p, actor=scene.leader, text="Trả lời sớm", at=vn("2026-02-25 10:00"))
    assert p.handled_on_time is False


def test_a_refusal_within_two_working_days_is_on_time(scene):
    p = petition(scene.agency, "2026-02-13 10:00")
    p = services.refuse(p, actor=scene.desk, reason="Không thuộc thẩm quyền", at=vn("2026-02-24 09:00"))
    assert p.state == "refused" and p.handled_on_time is True and p.refusal_reason == "Không thuộc thẩm quyền"


@pytest.mark.parametrize(
    ("setup", "action", "message"),
    [
        (
            [],
            lambda s, p: services.answer(p, actor=s.head, text="Sớm quá"),
            "Không thể «Trả lời» khi phản ánh",
        ),
        ([], lambda s, p: services.request_info(p, actor=s.desk, note="?"), "«Đề nghị bổ sung thông tin»"),
        ([], lambda s, p: services.close(p, actor=s.desk), "Không thể «Kết thúc»"),
        (["publish"], lambda s, p: services.publish(p, actor=s.desk), "đang ở trạng thái «Đang xử lý»"),
        (["publish"], lambda s, p: services.refuse(p, actor=s.desk, reason="Muộn"), "«Từ chối tiếp nhận»"),
        (["refuse"], lambda s, p: services.answer(p, actor=s.head, text="x"), "«Từ chối tiếp nhận»"),
    ],
)
def test_actions_out_of_turn_are_refused_and_change_nothing(scene, setup, action, message):
    p = petition(scene.agency, "2026-02-13 10:00")
    if "publish" in setup:
        services.publish(p, actor=scene.desk, at=vn("2026-02-23 09:00"))
    if "refuse" in setup:
        services.refuse(p, actor=scene.desk, reason="Trùng", at=vn("2026-02-23 09:00"))
    before = snapshot(p)
    with pytest.raises(NotAllowed, match=message):
        action(scene, p)
    assert snapshot(p) == before


def test_another_agencys_officer_cannot_act(scene, other):
    p = petition(scene.agency)
    before = snapshot(p)
    for officer in (other.desk, other.head, other.leader):
        with pytest.raises(Forbidden, match="không có quyền «Tiếp nhận xử lý»"):
            services.publish(p, actor=officer)
    assert snapshot(p) == before


def test_roles_answering_and_handling(scene):
    p = petition(scene.agency, "2026-02-13 10:00")
    with pytest.raises(Forbidden, match="cần vai trò"):
        services.publish(p, actor=scene.specialist)
    services.publish(p, actor=scene.desk, at=vn("2026-02-23 09:00"))
    before = snapshot(p)
    with pytest.raises(Forbidden, match="Trưởng phòng"):
        services.answer(p, actor=scene.desk, text="Công chức một cửa không ký trả lời")
    assert snapshot(p) == before


def test_required_texts(scene):
    p = petition(scene.agency)
    with pytest.raises(InvalidInput, match="Cần nhập lý do từ chối"):
        services.refuse(p, actor=scene.desk, reason=" ")
    services.publish(p, actor=scene.desk)
    with pytest.raises(InvalidInput, match="Cần nhập nội dung trả lời"):
        services.answer(p, actor=scene.head, text="")
    assert snapshot(p)[0] == "published"


def test_answer_is_announced_after_commit(scene, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, petition, **kw):
        heard.append((petition.code, petition.answer))

    petition_answered.connect(listener)
    try:
        p = petition(scene.agency)
        services.publish(p, actor=scene.desk)
        with django_capture_on_commit_callbacks(execute=True):
            services.answer(p, actor=scene.head, text="Đã xử lý")
            assert heard == []  # not before the commit
    finally:
        petition_answered.disconnect(listener)
    assert heard == [(p.code, "Đã xử lý")]


def test_the_sender_says_once_whether_the_answer_satisfied(scene):
    p = petition(scene.agency)
    with pytest.raises(NotAllowed, match="chưa được trả lời"):
        services.confirm_satisfaction(p, True, personal_id=CITIZEN_ID)
    services.publish(p, actor=scene.desk)
    services.answer(p, actor=scene.head, text="Đã xử lý")
    with pytest.raises(Forbidden, match="Chỉ người gửi"):
        services.confirm_satisfaction(p, False, personal_id="001090099999")
    p = services.confirm_satisfaction(p, True, personal_id=CITIZEN_ID)
    assert p.satisfied is True
    with pytest.raises(NotAllowed, match="đã cho biết ý kiến"):
        services.confirm_satisfaction(p, False, personal_id=CITIZEN_ID)
    p.refresh_from_db()
    assert p.satisfied is True and p.events.last().action == "confirm_satisfaction"
