"""Lấy số: numbers are gap-free per agency and per day."""

import pytest
from django.db import transaction

from motcua.desk import queue
from motcua.dossiers.errors import InvalidInput

from .conftest import vn


def test_numbers_rise_without_gaps_and_restart_each_day(scene, other):
    first = [
        scene.ticket("07:40").number,
        scene.ticket("07:41", scene.civil).number,
        scene.ticket("07:42").number,
    ]
    assert first == [1, 2, 3]
    assert scene.ticket("07:42").display_number == "004"
    assert queue.issue_ticket(other.agency, now=vn("07:43")).number == 1  # another agency's own series
    assert scene.ticket("2026-03-11 07:30").number == 1  # the next day starts again


def test_a_ticket_rolled_back_gives_its_number_back(scene):
    scene.ticket("08:00")
    with pytest.raises(RuntimeError), transaction.atomic():
        scene.ticket("08:01")
        raise RuntimeError
    assert scene.ticket("08:02").number == 2


def test_field_no_counter_serves_is_refused(scene):
    scene.general.fields.set([scene.civil])
    with pytest.raises(InvalidInput, match="Không có quầy nào phục vụ lĩnh vực «Đất đai»"):
        scene.ticket("08:00", scene.land)
    assert not scene.agency.queue_tickets.exists()


def test_people_ahead_counts_waiting_tickets_of_the_same_field(scene):
    scene.ticket("08:00", scene.civil)
    scene.ticket("08:01", scene.land)
    scene.ticket("08:02")  # general: anyone's turn
    mine = scene.ticket("08:03", scene.civil)
    assert queue.people_ahead(mine) == 2
