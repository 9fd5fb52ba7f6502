"""A desk scene, a citizen owning the factory applicant's dossiers, and petitions to handle."""

import pytest

from motcua.dossiers import services as dossiers
from motcua.feedback import services
from tests.dossiers.conftest import receive, vn
from tests.factories import APPLICANT, Desk, make_user, prove_identity

CITIZEN_ID = APPLICANT["identifier"]  # "001090012345"


@pytest.fixture
def scene(db) -> Desk:
    return Desk()


@pytest.fixture
def other(db, scene) -> Desk:
    """A second agency with its own staff (the procedure of the first scene)."""
    return Desk(
        "000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm", version=scene.version, with_process=False
    )


@pytest.fixture
def citizen(db):
    user = make_user(username="congdan")
    user.personal_id = CITIZEN_ID
    user.save()
    return prove_identity(user)


@pytest.fixture
def stranger(db):
    user = make_user(username="nguoikhac")
    user.personal_id = "001090099999"
    user.save()
    return prove_identity(user)


def with_result(scene: Desk, received: str = "2026-02-10 09:00", day: str = "2026-02-11"):
    """A dossier walked along its internal process to "Chờ trả kết quả"."""
    d = receive(scene, received)
    dossiers.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn(f"{day} 08:00"))
    dossiers.forward(d.pk, actor=scene.desk, to_user=scene.specialist, at=vn(f"{day} 09:00"))
    dossiers.forward(d.pk, actor=scene.specialist, to_user=scene.leader, at=vn(f"{day} 10:00"))
    dossiers.approve(d.pk, actor=scene.leader, at=vn(f"{day} 11:00"))
    dossiers.forward(d.pk, actor=scene.leader, to_user=scene.clerk, at=vn(f"{day} 11:05"))
    return dossiers.issue_result(d.pk, actor=scene.clerk, at=vn(f"{day} 14:00"))


def petition(agency, at: str = "2026-02-13 10:00", **overrides):
    data = {
        "agency": agency,
        "kind": "report",
        "sender_name": "Nguyễn Văn An",
        "personal_id": CITIZEN_ID,
        "phone": "0912 345 678",
        "content": "Công chức hẹn trả kết quả nhưng không có mặt tại quầy.",
        "at": vn(at),
    }
    data.update(overrides)
    return services.submit_petition(**data).petition
