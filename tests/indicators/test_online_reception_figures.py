"""Online reception (Decree 118/2025 Art. 17.2): breaches of the 8-working-hour clock and how late
desk alerts were, as figures of the dashboard with their dossiers behind them."""

from datetime import date

import pytest

from motcua.dossiers import deadlines, services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel
from motcua.indicators.formulas import INDICATORS
from motcua.indicators.periods import Period
from motcua.indicators.selectors import behind
from tests.dossiers.conftest import vn
from tests.factories import Desk

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def scene(db) -> Desk:
    deadlines.forget_calendars()
    return Desk()


def arrive(scene, at: str):
    return services.receive(
        actor=None,
        version=scene.version,
        agency=scene.agency,
        applicant={"kind": 1, "identifier": "001090012345", "name": "Nguyễn Văn An"},
        channel=Channel.ONLINE,
        components=[{"component_id": c.pk} for c in scene.version.components.filter(condition="")],
        at=vn(at),
    ).dossier


def test_breaches_are_counted_with_their_dossiers(scene, client):
    # Arrivals Friday 13/3/2026: due Monday 16/3 at 15:00, 15:05, 15:10 (2 h Friday + 6 h Monday).
    on_time = arrive(scene, "2026-03-13 15:00")
    late = arrive(scene, "2026-03-13 15:05")
    waiting = arrive(scene, "2026-03-13 15:10")
    services.accept(on_time.pk, actor=scene.desk, at=vn("2026-03-16 14:00"))
    services.redirect(late.pk, actor=scene.desk, guidance="Nộp tại Sở Tư pháp", at=vn("2026-03-16 16:00"))
    now = vn("2026-03-16 17:00")
    value = INDICATORS["online_reception_late"].func(scene.agency, MARCH, now)
    # 3 dossiers whose deadline fell in March; late: the redirect at 16:00 and the one still waiting.
    assert (value.part, value.whole) == (2, 3)
    rows = behind("online_reception_late", scene.agency, MARCH, "part", user=scene.desk, now=now)
    assert set(rows) == {Dossier.objects.get(pk=late.pk), Dossier.objects.get(pk=waiting.pk)}
    # An hour before, the waiting one was not late yet.
    earlier = INDICATORS["online_reception_late"].func(scene.agency, MARCH, vn("2026-03-16 15:00"))
    assert earlier.part == 1


def test_alerts_within_two_clock_hours(scene):
    prompt = arrive(scene, "2026-03-13 15:00")
    slow = arrive(scene, "2026-03-13 15:30")
    # An arrival whose alert went out 3 h 15 min after it (e.g. an alert sent by a late sweep).
    Dossier.objects.filter(pk=slow.pk).update(desk_alerted_at=vn("2026-03-13 18:45"))
    share = INDICATORS["online_alert_on_time"].func(scene.agency, MARCH, vn("2026-03-20 12:00"))
    assert (share.part, share.whole) == (1, 2) and share.display() == "50.0%"
    worst = INDICATORS["online_alert_max_delay"].func(scene.agency, MARCH, vn("2026-03-20 12:00"))
    assert worst.part == 195  # minutes: 3 h 15 min
    assert prompt.desk_alerted_at == prompt.submitted_at
