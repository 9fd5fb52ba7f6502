"""A dossier closed for want of a supplement (Decree 118/2025 Art. 19.5) is counted like a stopped
one, and the rebuild from events agrees with the live counters."""

from django.core.management import call_command
from django.db.models import Sum

from motcua.dossiers import services
from motcua.indicators.models import DailyFact
from tests.dossiers.conftest import receive, vn
from tests.factories import Desk


def test_closing_counts_as_stopped_and_rebuild_agrees(db):
    scene = Desk()
    d = receive(scene, "2026-03-02 09:00")
    services.request_supplement(d.pk, actor=scene.desk, items=["Bản sao"], at=vn("2026-03-02 10:00"))
    services.close(d.pk, actor=scene.desk, at=vn("2026-03-17 08:00"))
    row = DailyFact.objects.filter(day="2026-03-17").aggregate(stopped=Sum("stopped"))
    assert row["stopped"] == 1
    call_command("rebuild_facts", "--check")  # exits 0: counters = events
