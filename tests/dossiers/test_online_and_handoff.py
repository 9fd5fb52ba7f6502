"""Online dossiers wait for reception; inter-agency hand-offs let the other agency act and see."""

import pytest

from motcua.dossiers import services
from motcua.dossiers.errors import Forbidden, NotAllowed
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.states import Channel, State
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk


def test_online_dossier_waits_then_is_accepted_with_clock_from_acceptance(scene):
    d = services.receive(
        actor=None,
        version=scene.version,
        agency=scene.agency,
        applicant={"kind": 1, "identifier": "001090012345", "name": "Nguyễn Văn An"},
        channel=Channel.ONLINE,
        components=[{"component_id": c.pk} for c in scene.version.components.filter(condition="")],
        at=vn("2026-02-07 21:00"),
    ).dossier
    assert d.state == State.AWAITING_RECEPTION and d.code is None and d.due_at is None
    d = services.accept(d.pk, actor=scene.desk, at=vn("2026-02-09 08:00"))
    assert d.code == "000.00.06.H56-260209-0001"
    assert d.due_at == vn("2026-03-09 08:00")
    with pytest.raises(NotAllowed):  # a double click on "accept"
        services.accept(d.pk, actor=scene.desk, at=vn("2026-02-09 08:00"))
    assert d.events.count() == 2


def test_hand_off_to_another_agency_and_back(scene):
    police = Desk("000.00.08.H56", "Công an phường Ba Đình", version=scene.version, with_process=False)
    d = receive(scene)
    services.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn("2026-02-10 10:00"))
    d = services.hand_off(
        d.pk,
        actor=scene.specialist,
        to_agency=police.agency,
        note="Xác minh cư trú",
        at=vn("2026-02-10 11:00"),
    )
    assert d.current_agency == police.agency
    assert visible_dossiers(police.specialist).filter(pk=d.pk).exists()
    with pytest.raises(Forbidden):  # while away, the home agency's officers cannot move it
        services.forward(d.pk, actor=scene.specialist, at=vn("2026-02-10 13:00"))
    with pytest.raises(NotAllowed, match="liên thông"):
        services.issue_result(d.pk, actor=police.clerk, at=vn("2026-02-10 13:00"))
    d = services.hand_back(d.pk, actor=police.specialist, note="Đã xác minh", at=vn("2026-02-11 09:00"))
    assert d.current_agency == scene.agency and d.state == State.PROCESSING
    assert [e.action for e in d.events.all()][-2:] == ["hand_off", "hand_back"]


def test_process_step_at_another_agency_moves_the_dossier_there(db):
    from motcua.org.models import Role
    from tests.factories import make_agency, make_process, make_user, make_version

    version = make_version()
    home = Desk(version=version, with_process=False)
    tax = make_agency("000.00.09.H56", "Chi cục Thuế khu vực")
    tax_officer = make_user(tax, Role.SPECIALIST)
    make_process(
        version,
        home.agency,
        steps=[
            ("Tiếp nhận", Role.DESK_OFFICER, "1"),
            ("Xác định nghĩa vụ thuế", Role.SPECIALIST, "5", tax),
            ("Thẩm định", Role.SPECIALIST, "8"),
            ("Phê duyệt", Role.LEADER, "1"),
        ],
    )
    d = receive(home)
    services.assign(d.pk, actor=home.head, assignee=home.desk, at=vn("2026-02-10 10:00"))
    d = services.forward(d.pk, actor=home.desk, at=vn("2026-02-10 11:00"))
    assert d.current_agency == tax
    d = services.forward(d.pk, actor=tax_officer, at=vn("2026-02-11 11:00"))
    assert d.current_agency == home.agency
