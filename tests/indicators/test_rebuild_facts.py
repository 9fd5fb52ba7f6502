"""The facts kept by the write path equal the facts rebuilt from history; a corruption is reported."""

import pytest
from django.core.management import call_command
from django.db.models import F

from motcua.dossiers import services
from motcua.dossiers.errors import InvalidInput
from motcua.indicators.models import DailyFact, StepFact
from motcua.indicators.rebuild import rebuild
from tests.dossiers.conftest import vn
from tests.factories import APPLICANT


def test_rebuild_finds_no_difference_after_a_realistic_flow(province):
    assert DailyFact.objects.exists() and StepFact.objects.exists()
    assert rebuild(check=True) == []
    call_command("rebuild_facts", "--check")  # exits 0


def test_a_corrupted_counter_is_reported_and_check_changes_nothing(province, capsys):
    a, v1 = province.a.agency, province.v1
    row = DailyFact.objects.get(day="2026-03-11", agency=a, procedure_version=v1)
    assert row.ended_late == 1  # D3
    DailyFact.objects.filter(pk=row.pk).update(ended_late=F("ended_late") + 1)

    differences = rebuild(check=True)
    assert [(d.key[0].isoformat(), d.counter, d.live, d.rebuilt) for d in differences] == [
        ("2026-03-11", "ended_late", 2, 1)
    ]
    with pytest.raises(SystemExit) as exit_:
        call_command("rebuild_facts", "--check")
    assert exit_.value.code == 1
    assert "ended_late: đang có 2, tính lại 1" in capsys.readouterr().out
    assert DailyFact.objects.get(pk=row.pk).ended_late == 2  # --check changed nothing

    with pytest.raises(SystemExit):
        call_command("rebuild_facts")  # reports, then replaces
    assert DailyFact.objects.get(day="2026-03-11", agency=a, procedure_version=v1).ended_late == 1
    assert rebuild(check=True) == []


def test_a_missing_row_and_a_range(province):
    StepFact.objects.filter(day="2026-02-24").delete()
    differences = rebuild(check=True)
    assert {d.table for d in differences} == {"step"}
    assert sorted(d.key[3] for d in differences if d.counter == "steps_done") == [1, 2, 3, 4]  # D10's steps
    assert rebuild(check=True, from_date=vn("2026-03-01 00:00").date()) == []  # outside the range
    rebuild(from_date=vn("2026-02-24 00:00").date(), to_date=vn("2026-02-24 00:00").date())
    assert rebuild(check=True) == []


def test_a_refused_transition_adds_no_counter(province):
    before = list(DailyFact.objects.values_list("received_desk", flat=True).order_by("pk"))
    a = province.a
    with pytest.raises(InvalidInput, match="Thiếu thành phần"):
        services.receive(
            actor=a.desk,
            version=province.v1,
            agency=a.agency,
            applicant=dict(APPLICANT),
            components=[],
            at=vn("2026-03-20 09:00"),
        )
    assert list(DailyFact.objects.values_list("received_desk", flat=True).order_by("pk")) == before
