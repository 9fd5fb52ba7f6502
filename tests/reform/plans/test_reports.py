"""Periodic reports: the schedule, on time / late / missing, and a resubmission keeping the first time."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from motcua.reform.plans import selectors, services
from motcua.reform.plans.models import PeriodicReport, ReportDeadline, ReportKind

from .conftest import YEAR, pdf_upload

TZ = timezone.get_default_timezone()


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


@pytest.fixture
def schedule(world):
    services.set_report_schedule(
        world.manager, YEAR, {ReportKind.Q1: date(YEAR, 4, 15), ReportKind.HALF_YEAR: date(YEAR, 7, 15)}
    )
    return {
        r.deadline.kind: r
        for r in PeriodicReport.objects.filter(agency=world.commune).select_related("deadline")
    }


def test_schedule_covers_every_unit_with_the_dates_set(world, schedule):
    # Department and both communes, four reports each; the centre keeps no plan.
    assert PeriodicReport.objects.count() == 12
    assert not PeriodicReport.objects.filter(agency=world.centre).exists()
    due = dict(ReportDeadline.objects.filter(year=YEAR).values_list("kind", "due_on"))
    assert due == {
        "q1": date(YEAR, 4, 15),
        "half_year": date(YEAR, 7, 15),
        "q3": date(YEAR, 10, 10),  # the default, not changed
        "year": date(YEAR + 1, 1, 10),
    }
    # Saving again changes a date and adds no report.
    assert services.set_report_schedule(world.manager, YEAR, {ReportKind.Q3: date(YEAR, 10, 20)}) == 0
    assert ReportDeadline.objects.get(year=YEAR, kind="q3").due_on == date(YEAR, 10, 20)
    assert PeriodicReport.objects.count() == 12


def test_only_the_manager_sets_the_schedule(world):
    with pytest.raises(services.Forbidden):
        services.set_report_schedule(world.leader, YEAR, {})
    with pytest.raises(services.InvalidInput, match="Hạn gửi báo cáo quý i"):
        services.set_report_schedule(world.manager, YEAR, {ReportKind.Q1: date(YEAR - 1, 12, 1)})
    assert not ReportDeadline.objects.exists() and not PeriodicReport.objects.exists()


def test_on_time_late_missing_and_the_timeliness_tuple(world, schedule):
    services.submit_report(
        world.leader, schedule["q1"].pk, pdf_upload("q1.pdf"), at=at(date(YEAR, 4, 15), 16)
    )
    services.submit_report(
        world.leader, schedule["half_year"].pk, pdf_upload("6t.pdf"), at=at(date(YEAR, 7, 20))
    )
    today = date(YEAR, 11, 1)
    states = {k: PeriodicReport.objects.get(pk=r.pk).timeliness(today) for k, r in schedule.items()}
    assert states == {"q1": "on_time", "half_year": "late", "q3": "missing", "year": "pending"}

    assert selectors.report_timeliness(world.commune.pk, YEAR, today) == (1, 3)
    assert selectors.report_timeliness(world.commune.pk, YEAR, date(YEAR, 4, 14)) is None
    assert selectors.report_timeliness(world.commune.pk, YEAR, date(YEAR, 4, 15)) == (1, 1)
    assert selectors.report_timeliness(world.other.pk, YEAR, today) == (0, 3)
    assert selectors.report_timeliness(world.commune.pk, YEAR + 1, today) is None


def test_resubmission_replaces_the_file_and_keeps_the_first_time(world, schedule):
    report = schedule["q1"]
    first = services.submit_report(
        world.leader, report.pk, pdf_upload("ban-dau.pdf"), at=at(date(YEAR, 4, 10))
    )
    second = services.submit_report(
        world.leader, report.pk, pdf_upload("bo-sung.pdf"), at=at(date(YEAR, 5, 2))
    )
    report.refresh_from_db()
    assert report.submitted_at == at(date(YEAR, 4, 10))
    assert report.current == second and report.current.original_name == "bo-sung.pdf"
    assert report.timeliness(date(YEAR, 6, 1)) == "on_time"
    history = list(report.submissions.values_list("original_name", "submitted_at"))
    assert history == [("ban-dau.pdf", first.submitted_at), ("bo-sung.pdf", at(date(YEAR, 5, 2)))]


def test_report_page_shows_the_late_submission(client, world, schedule):
    services.submit_report(world.leader, schedule["half_year"].pk, pdf_upload(), at=at(date(YEAR, 7, 20)))
    client.force_login(world.leader)
    page = client.get(f"/cai-cach/ke-hoach/bao-cao/{schedule['half_year'].pk}/").content.decode()
    assert "Trễ hạn" in page and "15/07/2025" in page and "09:00 20/07/2025" in page
    home = client.get(f"/cai-cach/ke-hoach/?nam={YEAR}").content.decode()
    assert "Chưa gửi, đã quá hạn" in home  # Q1 and Q3 of 2025, never sent
