"""Decree 118/2025 Art. 19.5: a dossier whose supplement did not come 15 days after the notice is on
the desk's "to close" list; the desk closes it (CLOSED, terminal), the applicant is told and the
national portal gets the closing."""

import pytest

from motcua.dossiers import closing, services
from motcua.dossiers.errors import Forbidden, NotAllowed
from motcua.dossiers.states import ENDED, State
from motcua.org.models import Role
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk, make_user


def _waiting(scene, received="2026-03-02 09:00", notice="2026-03-02 10:00"):
    d = receive(scene, received)
    return services.request_supplement(
        d.pk, actor=scene.desk, items=["Bản sao giấy khai sinh"], at=vn(notice)
    )


def test_fourteen_days_after_the_notice_it_is_not_listed_fifteen_it_is(scene):
    d = _waiting(scene)  # notice Mon 2/3/2026 10:00
    # «Sau 15 ngày kể từ khi thông báo», calendar days: 2/3 + 15 = 17/3, listed from 17/3 00:00.
    assert list(closing.to_close(scene.desk, now=vn("2026-03-16 23:59"))) == []  # 14 days
    assert [x.pk for x in closing.to_close(scene.desk, now=vn("2026-03-17 00:00"))] == [d.pk]  # 15 days


def test_the_list_is_scoped_to_the_desks_agency(scene):
    _waiting(scene)
    other = Desk(identifier="000.00.07.H56", name="Ủy ban nhân dân phường Kim Mã", version=scene.version)
    assert list(closing.to_close(other.desk, now=vn("2026-03-20 09:00"))) == []
    specialist = make_user(scene.agency, Role.SPECIALIST)
    assert list(closing.to_close(specialist, now=vn("2026-03-20 09:00"))) == []


def test_a_dossier_received_in_june_2025_is_never_listed(scene):
    _waiting(scene, "2025-06-02 09:00", "2025-06-02 10:00")
    assert list(closing.to_close(scene.desk, now=vn("2025-08-01 09:00"))) == []


def test_the_desk_closes_it_into_a_terminal_state(scene):
    d = _waiting(scene)
    with pytest.raises(NotAllowed, match="từ 17/03/2026"):
        services.close(d.pk, actor=scene.desk, at=vn("2026-03-16 16:00"))
    with pytest.raises(Forbidden):
        services.close(d.pk, actor=scene.head, at=vn("2026-03-17 08:00"))
    d = services.close(d.pk, actor=scene.desk, at=vn("2026-03-17 08:00"))
    assert d.state == State.CLOSED and State.CLOSED in ENDED
    assert d.ended_at == vn("2026-03-17 08:00") and d.pauses[-1][1] is not None
    event = d.events.order_by("-seq").first()
    assert event.action == "close" and "15 ngày" in event.note
    assert list(closing.to_close(scene.desk, now=vn("2026-03-18 09:00"))) == []
    with pytest.raises(NotAllowed):
        services.complete_supplement(d.pk, actor=scene.desk, at=vn("2026-03-18 09:00"))


def test_closing_is_not_for_old_dossiers(scene):
    d = _waiting(scene, "2025-06-02 09:00", "2025-06-02 10:00")
    with pytest.raises(NotAllowed, match="61/2018"):
        services.close(d.pk, actor=scene.desk, at=vn("2025-08-01 09:00"))
