"""Priority (Decree 118/2025 Art. 13.2.b, «quầy dành riêng cho người cao tuổi, phụ nữ mang thai,
người khuyết tật»): the kiosk issues priority tickets, the priority counter calls only them, every
other counter calls them before the rest, and the display and the day's figures show them."""

import pytest
from django.urls import reverse

from motcua.desk import queue
from motcua.desk.models import QueueTicket, ServiceCounter
from motcua.dossiers.errors import InvalidInput

from .conftest import vn

Priority = QueueTicket.Priority


@pytest.fixture
def priority_counter(scene):
    return ServiceCounter.objects.create(agency=scene.agency, number=3, name="Ưu tiên", priority=True)


def test_priority_tickets_are_called_first_and_only_they_at_the_priority_counter(scene, priority_counter):
    first = scene.ticket("08:00")
    elderly = queue.issue_ticket(scene.agency, priority=Priority.ELDERLY, now=vn("08:05"))
    second = scene.ticket("08:06")
    pregnant = queue.issue_ticket(scene.agency, priority=Priority.PREGNANT, now=vn("08:07"))
    # 001 ordinary, 002 elderly, 003 ordinary, 004 pregnant: whoever waits behind the priority
    # tickets has them ahead; a priority ticket has only earlier priority tickets ahead.
    assert [t.number for t in (first, elderly, second, pregnant)] == [1, 2, 3, 4]
    assert queue.people_ahead(second) == 3  # 001 (earlier) + 002 and 004 (priority)
    assert queue.people_ahead(pregnant) == 1  # only 002
    assert queue.people_ahead(elderly) == 0

    ticket, _ = queue.call_next(priority_counter, scene.officer, now=vn("08:10"))
    assert ticket == elderly
    ticket, _ = queue.call_next(scene.general, scene.officer2, now=vn("08:11"))
    assert ticket == pregnant  # an ordinary counter calls the waiting priority ticket first
    queue.mark_no_show(ticket, scene.officer2, now=vn("08:12"))
    ticket, _ = queue.call_next(scene.general, scene.officer2, now=vn("08:13"))
    assert ticket == first
    queue.finish(queue.current_ticket(priority_counter), scene.officer, now=vn("08:15"))
    ticket, message = queue.call_next(priority_counter, scene.officer, now=vn("08:16"))
    assert ticket is None and message == "Không còn người chờ ở quầy này."  # 003 is not for it


def test_an_unknown_priority_is_refused_and_no_number_is_taken(scene):
    with pytest.raises(InvalidInput, match="Đối tượng ưu tiên không hợp lệ."):
        queue.issue_ticket(scene.agency, priority="vip", now=vn("08:00"))
    assert not QueueTicket.objects.exists()
    assert scene.ticket("08:01").number == 1  # gap-free numbering untouched


def test_the_kiosk_issues_a_priority_ticket_and_the_display_marks_it(client, scene, priority_counter):
    kiosk = reverse("queue_kiosk", args=[scene.agency.pk])
    page = client.get(kiosk).content.decode()
    assert "Quầy ưu tiên: người cao tuổi, phụ nữ mang thai, người khuyết tật" in page
    assert "Người khuyết tật" in page
    ticket_page = client.post(kiosk, {"field": "", "priority": "disability"}).content.decode()
    assert "ƯU TIÊN: Người khuyết tật" in ticket_page
    ticket = QueueTicket.objects.get()
    assert ticket.priority == Priority.DISABILITY
    refused = client.post(kiosk, {"field": "", "priority": "vip"}).content.decode()
    assert "Đối tượng ưu tiên không hợp lệ." in refused and QueueTicket.objects.count() == 1
    queue.call_next(priority_counter, scene.officer)
    board = client.get(reverse("queue_display", args=[scene.agency.pk])).content.decode()
    assert "Ưu tiên: Người khuyết tật" in board


def test_the_days_figures_count_priority_tickets_apart(scene, priority_counter):
    queue.issue_ticket(scene.agency, priority=Priority.ELDERLY, now=vn("08:00"))
    scene.ticket("08:02")
    queue.issue_ticket(scene.agency, priority=Priority.PREGNANT, now=vn("08:04"))
    t, _ = queue.call_next(priority_counter, scene.officer, now=vn("08:10"))  # elderly waited 10 min
    queue.finish(t, scene.officer, now=vn("08:20"))
    t, _ = queue.call_next(priority_counter, scene.officer, now=vn("08:24"))  # pregnant waited 20 min
    stats = queue.daily_stats(scene.agency, vn("08:00").date())
    assert stats.total.issued == 3 and stats.priority.issued == 2
    assert stats.priority.avg_wait == 15.0 and stats.priority.max_wait == 20.0  # (10 + 20) / 2
