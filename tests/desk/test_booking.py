"""Đặt lịch hẹn: slots inside office hours, in the future, not full, one per person and day."""

from datetime import date, time

import pytest

from motcua.desk import queue
from motcua.desk.models import Booking, QueueTicket
from motcua.dossiers.errors import DossierError, NotAllowed, NotFound
from motcua.org.models import OfficeHoursPeriod

from .conftest import vn

TUESDAY = date(2026, 3, 10)
ID = "001090012345"


def _book(scene, slot: time, identifier: str = ID, day: date = TUESDAY, now: str = "2026-03-09 10:00"):
    return queue.book(
        scene.agency, scene.civil, day, slot, "Nguyễn Văn An", "0912 345 678", identifier, now=vn(now)
    )


def test_a_booking_gets_a_code_and_takes_a_place(scene):
    booking = _book(scene, time(9, 30))
    assert len(booking.code) == 6 and booking.state == Booking.State.BOOKED
    assert booking.phone == "0912345678"
    nine_thirty = next(
        s for s in queue.slots(scene.agency, TUESDAY, vn("2026-03-09 10:00")) if s.label == "09:30"
    )
    assert (nine_thirty.capacity, nine_thirty.taken, nine_thirty.free) == (4, 1, 3)  # 2 counters × 2


def test_slots_follow_the_agency_office_hours(scene):
    OfficeHoursPeriod.objects.create(agency=scene.agency, weekday=1, opens=time(8, 0), closes=time(10, 0))
    labels = [s.label for s in queue.slots(scene.agency, TUESDAY, vn("2026-03-09 10:00"))]
    assert labels == ["08:00", "08:30", "09:00", "09:30"]


@pytest.mark.parametrize(
    ("slot", "day", "message"),
    [
        (time(9, 0), TUESDAY, "Giờ hẹn 09:00 đã qua."),
        (time(12, 0), TUESDAY, "Giờ hẹn 12:00 nằm ngoài giờ làm việc"),
        (time(17, 30), TUESDAY, "Giờ hẹn 17:30 nằm ngoài giờ làm việc"),
        (time(9, 40), TUESDAY, "không phải khung giờ nhận hẹn"),
        (time(9, 0), date(2026, 3, 15), "Chỉ đặt lịch được vào các ngày làm việc"),  # a Sunday
        (time(9, 0), date(2026, 3, 9), "Chỉ đặt lịch được vào các ngày làm việc"),  # yesterday
    ],
)
def test_refused_slots_change_nothing(scene, slot, day, message):
    with pytest.raises(DossierError, match=message):
        _book(scene, slot, day=day, now="2026-03-10 10:00")
    assert not Booking.objects.exists()


def test_a_full_slot_is_refused(scene, settings):
    settings.MOTCUA_QUEUE_SLOT_CAPACITY_PER_COUNTER = 1  # 2 counters: 2 places per slot
    _book(scene, time(10, 0), "001090012345")
    _book(scene, time(10, 0), "001090012346")
    with pytest.raises(NotAllowed, match="Khung giờ 10:00 đã kín"):
        _book(scene, time(10, 0), "001090012347")
    assert Booking.objects.count() == 2


def test_one_booking_per_person_and_day(scene):
    _book(scene, time(10, 0))
    with pytest.raises(NotAllowed, match="Số định danh này đã có lịch hẹn trong ngày 10/03/2026"):
        _book(scene, time(14, 0))
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("12345", "Số định danh cá nhân phải gồm đúng 12 chữ số"),
        ("999090012345", "không phải mã tỉnh"),
    ],
)
def test_a_bad_personal_id_is_refused_in_vietnamese(scene, identifier, message):
    with pytest.raises(DossierError, match=message):
        _book(scene, time(10, 0), identifier)
    assert not Booking.objects.exists()


def test_check_in_gives_a_booked_ticket_once(scene):
    booking = _book(scene, time(10, 0))
    ticket = queue.check_in(scene.agency, booking.code.lower(), now=vn("09:40"))
    assert (ticket.source, ticket.field, ticket.booking, ticket.personal_id) == (
        QueueTicket.Source.BOOKING, scene.civil, booking, ID,
    )  # fmt: skip
    booking.refresh_from_db()
    assert booking.state == Booking.State.CHECKED_IN
    with pytest.raises(NotAllowed, match="đã được dùng"):
        queue.check_in(scene.agency, booking.code, now=vn("09:41"))


def test_check_in_on_another_day_or_unknown_code_is_refused(scene, other):
    booking = _book(scene, time(10, 0))
    with pytest.raises(NotAllowed, match="là ngày 10/03/2026"):
        queue.check_in(scene.agency, booking.code, now=vn("2026-03-09 15:00"))
    with pytest.raises(NotFound):
        queue.check_in(other.agency, booking.code, now=vn("09:40"))
    assert not QueueTicket.objects.exists()
