"""Extension under Decree 118 Art. 19.6: the agency asks (at least 1 day before the due time, a
later request flagged), the desk applies it, once; the original due time stays for statistics."""

import pytest
from django.test import override_settings
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.errors import Forbidden, InvalidInput, NotAllowed
from motcua.dossiers.states import Timeliness
from motcua.indicators.models import DailyFact
from motcua.integrations.models import Notification
from tests.dossiers.conftest import receive, vn
from tests.dossiers.test_lifecycle import walk_to_result

REASON = "Chờ kết quả xác minh của cơ quan công an"


def _taken(scene, d, day="2026-03-06"):
    services.assign(d.pk, actor=scene.head, assignee=scene.desk, at=vn(f"{day} 08:00"))
    return d


def _ask(scene, d, at, new_due="2026-04-02 16:00"):
    return services.request_extension(
        d.pk, actor=scene.head, reason=REASON, new_due_at=vn(new_due), at=vn(at)
    )


def test_request_one_day_before_is_on_time_a_later_one_is_flagged(scene):
    # Received Thu 05/3/2026 16:00; 15 working days (no holiday in March) → Thu 26/3 16:00.
    d = _taken(scene, receive(scene, "2026-03-05 16:00"))
    assert d.due_at == vn("2026-03-26 16:00")
    # "01 ngày trước ngày hết hạn", unit calendar day: the last day to file is Wed 25/3.
    # Filed Wed 25/3 16:00 → on time.
    d = _ask(scene, d, "2026-03-25 16:00")
    event = d.events.get(action="request_extension")
    assert event.data["late"] is False and event.data["latest_day"] == "2026-03-25"
    assert event.data["proposed_due_at"].startswith("2026-04-02T16:00")

    other = _taken(scene, receive(scene, "2026-03-05 16:00"))
    # Filed Thu 26/3 08:00, the due day itself → allowed but flagged late.
    other = _ask(scene, other, "2026-03-26 08:00")
    event = other.events.get(action="request_extension")
    assert event.data["late"] is True
    assert other.apology_due_at is None  # only the desk applies it


def test_the_unit_of_the_one_day_is_a_setting(scene):
    # Received Mon 02/3/2026 09:00; 15 working days → Mon 23/3 09:00.
    # Filed Sat 21/3: calendar unit → last day Sun 22/3, on time; working-day unit → last day
    # Fri 20/3 (the working day before Monday), so Saturday is late.
    d = _taken(scene, receive(scene, "2026-03-02 09:00"), day="2026-03-03")
    assert d.due_at == vn("2026-03-23 09:00")
    d = _ask(scene, d, "2026-03-21 10:00")
    assert d.events.get(action="request_extension").data["late"] is False
    with override_settings(MOTCUA_EXTENSION_NOTICE_UNIT="working"):
        w = _taken(scene, receive(scene, "2026-03-02 09:00"), day="2026-03-03")
        w = _ask(scene, w, "2026-03-21 10:00")
    data = w.events.get(action="request_extension").data
    assert data["late"] is True and data["latest_day"] == "2026-03-20"


def test_desk_applies_it_once_the_original_due_stays_and_the_dossier_counts_late(scene):
    d = _taken(scene, receive(scene, "2026-03-05 16:00"))  # due Thu 26/3 16:00
    _ask(scene, d, "2026-03-24 10:00", new_due="2026-04-02 16:00")
    d = services.apply_extension(d.pk, actor=scene.desk, at=vn("2026-03-24 14:00"))
    assert d.apology_due_at == vn("2026-04-02 16:00")  # the appointment shown everywhere
    assert d.due_at == vn("2026-03-26 16:00")  # the original, for statistics
    with pytest.raises(NotAllowed, match="một lần"):
        _ask(scene, d, "2026-03-25 10:00", new_due="2026-04-09 16:00")
    with pytest.raises(NotAllowed, match="chưa có phiếu đề nghị gia hạn"):
        services.apply_extension(d.pk, actor=scene.desk, at=vn("2026-03-25 10:00"))
    # Result on Wed 01/4: before the new appointment, after the original → late.
    d = walk_to_result(scene, d, day="2026-04-01")
    assert d.timeliness == Timeliness.LATE
    fact = DailyFact.objects.get(day="2026-04-01", agency=scene.agency)
    assert fact.ended_late == 1


def test_refusals_change_nothing(scene):
    d = _taken(scene, receive(scene, "2026-03-05 16:00"))
    before = d.events.count()
    with pytest.raises(InvalidInput, match="phải sau thời hạn"):
        _ask(scene, d, "2026-03-20 10:00", new_due="2026-03-26 16:00")
    with pytest.raises(InvalidInput, match="lý do"):
        services.request_extension(d.pk, actor=scene.head, reason=" ", new_due_at=vn("2026-04-02 16:00"))
    with pytest.raises(Forbidden):  # a specialist does not speak for the agency
        services.request_extension(
            d.pk,
            actor=scene.specialist,
            reason=REASON,
            new_due_at=vn("2026-04-02 16:00"),
            at=vn("2026-03-20 10:00"),
        )
    with pytest.raises(NotAllowed, match="chưa có phiếu đề nghị gia hạn"):
        services.apply_extension(d.pk, actor=scene.desk, at=vn("2026-03-20 10:00"))
    _ask(scene, d, "2026-03-20 10:00")
    with pytest.raises(NotAllowed, match="đang chờ"):
        _ask(scene, d, "2026-03-20 11:00", new_due="2026-04-03 16:00")
    with pytest.raises(Forbidden):  # applying is the desk's job
        services.apply_extension(d.pk, actor=scene.head, at=vn("2026-03-20 14:00"))
    d.refresh_from_db()
    assert d.apology_due_at is None and d.events.count() == before + 1

    done = walk_to_result(scene, receive(scene, "2026-03-05 16:00"), day="2026-03-06")
    with pytest.raises(NotAllowed):
        _ask(scene, done, "2026-03-09 10:00")


def test_the_applicant_is_told_the_new_appointment(scene, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from tests.integrations.conftest import receive as receive_now

    d = receive_now(scene)  # now: a notice is only sent about what has just happened
    services.assign(d.pk, actor=scene.head, assignee=scene.desk)
    new_due = d.due_at + timedelta(days=7)
    services.request_extension(d.pk, actor=scene.head, reason=REASON, new_due_at=new_due)
    assert not Notification.objects.filter(
        kind=Notification.Kind.APOLOGY
    ).exists()  # a request alone tells the applicant nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        services.apply_extension(d.pk, actor=scene.desk)
    shown = timezone.localtime(new_due).strftime("%H:%M ngày %d/%m/%Y")
    email = Notification.objects.get(kind=Notification.Kind.APOLOGY, channel="email")
    assert shown in email.body and REASON in email.body


def test_old_dossiers_keep_the_apology_letter(scene):
    d = _taken(scene, receive(scene, "2025-06-10 09:00"), day="2025-06-11")
    with pytest.raises(NotAllowed, match="phiếu xin lỗi"):
        _ask(scene, d, "2025-06-20 10:00", new_due="2025-07-20 10:00")


def test_the_citizen_timeline_and_the_ledger_name_the_extension(scene):
    from motcua.dossiers.ledger import ledger
    from motcua.portal.selectors import public_timeline

    d = _taken(scene, receive(scene, "2026-03-05 16:00"))
    _ask(scene, d, "2026-03-24 10:00")
    services.apply_extension(d.pk, actor=scene.desk, at=vn("2026-03-24 14:00"))
    texts = [text for _, text in public_timeline(d)]
    # The request is between offices; the applicant hears of the applied appointment.
    assert "Đã gia hạn, hẹn lại ngày trả kết quả: 16:00 02/04/2026" in texts
    assert not any("extension" in t for t in texts)  # no raw action name
    from datetime import date

    row = ledger(scene.head, scene.agency, date(2026, 3, 5), date(2026, 3, 5))[0]
    assert "Đã gia hạn, hẹn lại" in row.notes
