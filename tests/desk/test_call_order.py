"""Gọi số: booked tickets whose slot has come first, then first come first served, per field."""

from datetime import date, time

import pytest

from motcua.desk import queue
from motcua.desk.models import QueueTicket
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed

from .conftest import vn

State = QueueTicket.State


def _booked_ticket(scene, slot: time, at: str):
    booking = queue.book(
        scene.agency, scene.civil, date(2026, 3, 10), slot, "Trần Thị Bình", "0912345678", "001190012345",
        now=vn("07:00"),
    )  # fmt: skip
    return queue.check_in(scene.agency, booking.code, now=vn(at))


def test_fifo_then_a_booking_once_its_slot_has_come(scene):
    early = scene.ticket("08:00", scene.civil)
    booked = _booked_ticket(scene, time(9, 0), "08:10")
    late = scene.ticket("08:20", scene.civil)

    ticket, message = queue.call_next(scene.general, scene.officer, now=vn("08:30"))
    assert ticket == early  # the booked slot (09:00) has not come yet
    assert "Mời công dân có số 001 đến Quầy 1" in message
    queue.finish(ticket, scene.officer, now=vn("08:40"))

    ticket, _ = queue.call_next(scene.general, scene.officer, now=vn("09:00"))
    assert ticket == booked and ticket.source == QueueTicket.Source.BOOKING
    queue.finish(ticket, scene.officer, now=vn("09:10"))
    ticket, _ = queue.call_next(scene.general, scene.officer, now=vn("09:11"))
    assert ticket == late


def test_a_counter_calls_only_its_fields_and_general_tickets(scene):
    land = scene.ticket("08:00", scene.land)
    general = scene.ticket("08:01")
    ticket, _ = queue.call_next(scene.civil_counter, scene.officer2, now=vn("08:05"))
    assert ticket == general
    queue.finish(ticket, scene.officer2, now=vn("08:06"))
    ticket, message = queue.call_next(scene.civil_counter, scene.officer2, now=vn("08:07"))
    assert ticket is None and message == "Không còn người chờ ở quầy này."
    assert queue.call_next(scene.general, scene.officer, now=vn("08:08"))[0] == land


def test_call_records_the_counter_and_time_and_seats_the_officer(scene):
    scene.ticket("08:00")
    ticket, _ = queue.call_next(scene.general, scene.officer, now=vn("08:12"))
    assert ticket.state == State.CALLED and ticket.counter == scene.general
    assert ticket.called_at == vn("08:12") and ticket.called_by == scene.officer
    scene.general.refresh_from_db()
    assert scene.general.officer == scene.officer


def test_the_next_call_waits_for_the_called_one_and_closes_the_served_one(scene):
    scene.ticket("08:00")
    scene.ticket("08:01")
    first, _ = queue.call_next(scene.general, scene.officer, now=vn("08:05"))
    with pytest.raises(NotAllowed, match="Số 001 đang được gọi"):
        queue.call_next(scene.general, scene.officer, now=vn("08:06"))
    queue.start_serving(first, scene.officer, now=vn("08:07"))
    second, _ = queue.call_next(scene.general, scene.officer, now=vn("08:20"))
    first.refresh_from_db()
    assert second.number == 2
    assert (first.state, first.served_from, first.served_to) == (State.DONE, vn("08:07"), vn("08:20"))


def test_no_show_and_recall(scene):
    scene.ticket("08:00")
    ticket, _ = queue.call_next(scene.general, scene.officer, now=vn("08:05"))
    ticket = queue.recall(ticket, scene.officer, now=vn("08:07"))
    assert (ticket.recalls, ticket.announced_at) == (1, vn("08:07"))
    ticket = queue.mark_no_show(ticket, scene.officer, now=vn("08:09"))
    assert ticket.state == State.NO_SHOW
    with pytest.raises(NotAllowed, match="Vắng mặt"):
        queue.start_serving(ticket, scene.officer)
    # The counter is free again: the next call is not blocked by the absent person.
    assert queue.call_next(scene.general, scene.officer, now=vn("08:10"))[0] is None


def test_an_officer_of_another_agency_is_refused_and_nothing_changes(scene, other):
    ticket = scene.ticket("08:00")
    with pytest.raises(
        Forbidden, match="không phải công chức Bộ phận Một cửa của Ủy ban nhân dân phường Ba Đình"
    ):
        queue.call_next(scene.general, other.desk, now=vn("08:05"))
    ticket.refresh_from_db()
    assert ticket.state == State.WAITING and ticket.counter is None


def test_the_received_dossier_is_linked_to_its_ticket(scene, other):
    from motcua.dossiers import services
    from tests.factories import APPLICANT, required_components

    def receive(agency, officer):
        return services.receive(
            actor=officer, version=scene.desk_scene.version, agency=agency, applicant=dict(APPLICANT),
            components=required_components(scene.desk_scene.version), at=vn("08:20"),
        ).dossier  # fmt: skip

    scene.ticket("08:00")
    ticket, _ = queue.call_next(scene.general, scene.officer, now=vn("08:05"))
    with pytest.raises(InvalidInput, match="hai cơ quan khác nhau"):
        queue.attach_dossier(ticket, receive(other.agency, other.desk), scene.officer)
    dossier = receive(scene.agency, scene.officer)
    assert queue.attach_dossier(ticket, dossier, scene.officer).dossier == dossier
    assert list(dossier.queue_tickets.all()) == [ticket]
