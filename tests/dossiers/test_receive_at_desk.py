"""Reception at the desk: code, due time, ledger line, event — or a clear refusal that creates nothing."""

import pytest

from motcua.dossiers import services
from motcua.dossiers.errors import Forbidden, InvalidInput
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import State
from tests.dossiers.conftest import receive, vn
from tests.factories import APPLICANT, make_user


def test_accepted_dossier_gets_code_due_time_and_ledger_line(scene):
    dossier = receive(scene, "2026-02-10 09:00")
    assert dossier.code == "000.00.06.H56-260210-0001"
    assert dossier.state == State.RECEIVED
    # The public example of domain §6: Tết 16–20/2/2026 and the weekends are skipped.
    assert dossier.due_at == vn("2026-03-10 09:00")
    assert (dossier.ledger_year, dossier.ledger_line) == (2026, 1)
    assert dossier.received_by == scene.desk
    event = dossier.events.get()
    assert (event.action, event.from_state, event.to_state) == ("accept", None, State.RECEIVED)


def test_codes_run_per_agency_and_day(scene):
    first = receive(scene, "2026-02-10 09:00")
    second = receive(scene, "2026-02-10 10:00")
    next_day = receive(scene, "2026-02-11 08:00")
    assert [first.code[-11:], second.code[-11:], next_day.code[-11:]] == [
        "260210-0001",
        "260210-0002",
        "260211-0001",
    ]
    assert next_day.ledger_line == 3


def test_missing_required_component_is_refused_and_nothing_is_created(scene):
    with pytest.raises(InvalidInput) as info:
        receive(scene, components=[])
    assert "Thiếu thành phần hồ sơ bắt buộc" in info.value.message
    assert "Giấy xác nhận tình trạng hôn nhân" in info.value.message
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists()


@pytest.mark.parametrize(
    "identifier, message",
    [
        ("12345", "12 chữ số"),
        ("999090012345", "mã tỉnh"),
        ("001299012345", "tương lai"),
        ("001790012345", "thế kỷ"),
    ],
)
def test_wrong_personal_id_is_refused_with_vietnamese_message(scene, identifier, message):
    with pytest.raises(InvalidInput) as info:
        services.receive(
            actor=scene.desk,
            version=scene.version,
            agency=scene.agency,
            applicant={**APPLICANT, "identifier": identifier},
            at=vn("2026-02-10 09:00"),
            components=[{"component_id": c.pk} for c in scene.version.components.all()],
        )
    assert message in info.value.message
    assert not Dossier.objects.exists()


def test_only_a_desk_officer_of_the_agency_may_receive(scene):
    with pytest.raises(Forbidden) as info:
        services.receive(
            actor=scene.specialist,
            version=scene.version,
            agency=scene.agency,
            applicant=dict(APPLICANT),
            at=vn("2026-02-10 09:00"),
        )
    assert "không có quyền" in info.value.message
    assert not Dossier.objects.exists()


def test_same_idempotency_key_gives_one_dossier(scene):
    first = receive(scene, idempotency_key="k-1")
    again = services.receive(
        actor=scene.desk,
        version=scene.version,
        agency=scene.agency,
        applicant=dict(APPLICANT),
        idempotency_key="k-1",
        at=vn("2026-02-10 09:01"),
    )
    assert again.created is False and again.dossier.pk == first.pk
    assert Dossier.objects.count() == 1


def test_a_key_is_no_way_into_another_units_dossier(scene):
    """The same key from an officer who may not see the first dossier gives them nothing of it."""
    from tests.factories import Desk

    first = receive(scene, idempotency_key="k-2")
    other = Desk(identifier="000.00.07.H99", name="Ủy ban nhân dân xã khác", version=scene.version)
    common = {"version": scene.version, "applicant": dict(APPLICANT), "idempotency_key": "k-2"}
    # No right to receive at the first agency: refused as such, not answered with the dossier.
    with pytest.raises(Forbidden):
        services.receive(actor=other.desk, agency=scene.agency, components=first.components, **common)
    # At their own agency: the key is taken, said plainly; nothing new is stored.
    with pytest.raises(InvalidInput, match="Khóa chống gửi trùng đã được dùng"):
        services.receive(actor=other.desk, agency=other.agency, components=first.components, **common)
    assert Dossier.objects.count() == 1


def test_desk_refusal_records_form_03_reasons_without_a_code(scene):
    dossier = receive(scene, outcome="refuse", items=["Thủ tục không thuộc thẩm quyền của phường"])
    assert dossier.state == State.REFUSED and dossier.code is None
    assert dossier.events.get().data["reasons"] == ["Thủ tục không thuộc thẩm quyền của phường"]
    assert dossier.timeliness == ""  # never received: no clock, not classified


def test_desk_supplement_request_needs_items(scene):
    with pytest.raises(InvalidInput):
        receive(scene, outcome="request_supplement", items=[])
    dossier = receive(scene, outcome="request_supplement", items=["Thiếu giấy xác nhận tình trạng hôn nhân"])
    assert dossier.state == State.AWAITING_SUPPLEMENT and dossier.code is None


def test_agency_without_desk_cannot_receive(scene):
    scene.agency.receives_dossiers = False
    scene.agency.save()
    with pytest.raises(InvalidInput, match="không tiếp nhận hồ sơ"):
        receive(scene)


def test_another_agencys_desk_officer_cannot_receive_for_it(scene):
    from tests.factories import make_agency

    other = make_agency("000.00.07.H56", "Ủy ban nhân dân phường Hoàn Kiếm")
    stranger = make_user(other, "desk_officer")
    with pytest.raises(Forbidden):
        services.receive(
            actor=stranger,
            version=scene.version,
            agency=scene.agency,
            applicant=dict(APPLICANT),
            at=vn("2026-02-10 09:00"),
        )
