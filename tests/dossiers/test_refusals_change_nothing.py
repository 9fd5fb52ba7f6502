"""Every illegal, repeated or foreign action is refused with a clear message and changes nothing."""

import pytest

from motcua.dossiers import services
from motcua.dossiers.errors import DossierError, Forbidden, NotAllowed
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk


def snapshot(d: Dossier):
    d = Dossier.objects.get(pk=d.pk)
    fields = {f.attname: getattr(d, f.attname) for f in Dossier._meta.fields if f.attname != "updated_at"}
    return fields, list(d.events.values_list("seq", "action", "to_state"))


@pytest.mark.parametrize(
    "action",
    [
        lambda s, d: services.issue_result(d.pk, actor=s.clerk),
        lambda s, d: services.return_result(d.pk, actor=s.desk, method="desk", receiver="A"),
        lambda s, d: services.complete_supplement(d.pk, actor=s.desk),
        lambda s, d: services.approve(d.pk, actor=s.leader),
        lambda s, d: services.accept(d.pk, actor=s.desk),
        lambda s, d: services.fulfil_obligation(d.pk, actor=s.desk),
        lambda s, d: services.hand_back(d.pk, actor=s.specialist),
    ],
)
def test_transition_out_of_turn_is_refused_and_changes_nothing(scene, action):
    d = receive(scene)
    before = snapshot(d)
    with pytest.raises(NotAllowed) as info:
        action(scene, d)
    assert "Không thể" in info.value.message and "Đã tiếp nhận" in info.value.message
    assert snapshot(d) == before


def test_double_approval_is_refused(scene):
    d = receive(scene)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist)
    services.forward(d.pk, actor=scene.specialist, to_user=scene.leader)
    services.approve(d.pk, actor=scene.leader)
    before = snapshot(d)
    with pytest.raises(NotAllowed, match="đã được phê duyệt"):
        services.approve(d.pk, actor=scene.leader)
    assert snapshot(d) == before


def test_double_return_is_refused(scene):
    d = receive(scene)
    services.assign(d.pk, actor=scene.head, assignee=scene.desk)
    services.refuse(d.pk, actor=scene.head, reasons=["Không đủ điều kiện"])
    before = snapshot(d)
    with pytest.raises(NotAllowed):
        services.refuse(d.pk, actor=scene.head, reasons=["Lần hai"])
    assert snapshot(d) == before


def test_officer_of_another_agency_cannot_act(scene):
    other = Desk(
        "000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version, with_process=False
    )
    d = receive(scene)
    before = snapshot(d)
    for call in [
        lambda: services.assign(d.pk, actor=other.head, assignee=other.desk),
        lambda: services.withdraw(d.pk, actor=other.desk, reason="x"),
        lambda: services.stop(d.pk, actor=other.leader, reason="x"),
    ]:
        with pytest.raises(Forbidden):
            call()
    assert snapshot(d) == before


def test_wrong_role_in_own_agency_is_refused(scene):
    d = receive(scene)
    before = snapshot(d)
    with pytest.raises(Forbidden, match="Trưởng phòng"):
        services.assign(d.pk, actor=scene.desk, assignee=scene.specialist)
    assert snapshot(d) == before


def test_anonymous_cannot_act(scene):
    from django.contrib.auth.models import AnonymousUser

    d = receive(scene)
    with pytest.raises(DossierError):
        services.withdraw(d.pk, actor=AnonymousUser(), reason="x")


def test_an_action_dated_before_submission_is_refused(scene):
    from datetime import timedelta

    from motcua.dossiers.errors import InvalidInput

    d = receive(scene, "2026-02-10 09:00")
    before = snapshot(d)
    with pytest.raises(InvalidInput, match="trước thời điểm nộp"):
        services.issue_apology(
            d.pk,
            actor=scene.head,
            reason="Chậm",
            new_due_at=d.due_at + timedelta(days=3),
            at=vn("2026-02-09 17:00"),
        )
    assert snapshot(d) == before
