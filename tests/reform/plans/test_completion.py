"""Completion figures of a plan like the seed document: 23 of 24 specific tasks done, one overdue."""

from datetime import date

import pytest

from motcua.reform.plans import selectors, services
from motcua.reform.plans.models import TaskKind

from .conftest import YEAR, add_task, make_plan, pdf_upload

TODAY = date(YEAR, 11, 1)


@pytest.fixture
def plan(world):
    plan = make_plan(world.leader, world.commune)
    specific = [add_task(world.leader, plan, deadline=date(YEAR, 1 + i // 3, 10 + i % 3)) for i in range(24)]
    # 23 done: 21 on or before the deadline, 2 after it; the last one is still open and overdue.
    for i, task in enumerate(specific[:23]):
        done_on = date(YEAR, 9, 1) if i in (3, 7) else task.deadline
        services.complete_task(world.leader, task.pk, done_on, pdf_upload())
    general = [
        add_task(world.leader, plan, kind=TaskKind.GENERAL, deadline=date(YEAR, 12, 31 if i < 6 else 1))
        for i in range(7)
    ]
    for task in general[:5]:
        services.complete_task(world.leader, task.pk, date(YEAR, 10, 1), pdf_upload())
    return plan


def test_figures_match_the_hand_count(world, plan):
    figures = selectors.completion_of(plan.tasks.all(), TODAY)

    assert (figures.specific_done, figures.specific_planned) == (23, 24)
    assert figures.specific_percent == 96
    assert (figures.general_done, figures.general_planned) == (5, 7)
    assert (figures.done_on_time, figures.done_late) == (26, 2)
    # On 1/11 only specific task 24 (deadline 10/08) is past due; general 7 falls due on 1/12.
    overdue = {(t.kind, t.number) for t in figures.overdue}
    assert overdue == {(TaskKind.SPECIFIC, 24)}


def test_overdue_follows_the_clock(world, plan):
    later = selectors.completion_of(plan.tasks.all(), date(YEAR, 12, 2))
    assert {(t.kind, t.number) for t in later.overdue} == {(TaskKind.SPECIFIC, 24), (TaskKind.GENERAL, 7)}


def test_done_late_is_derived_from_the_dates(world, plan):
    late = plan.tasks.get(kind=TaskKind.SPECIFIC, number=4)
    on_time = plan.tasks.get(kind=TaskKind.SPECIFIC, number=1)
    assert late.done_late and late.status_label(TODAY) == "Hoàn thành quá hạn"
    assert not on_time.done_late and on_time.status_label(TODAY) == "Hoàn thành"
    open_task = plan.tasks.get(kind=TaskKind.SPECIFIC, number=24)
    assert open_task.is_overdue(TODAY) and open_task.status_label(TODAY) == "Quá hạn, chưa hoàn thành"


def test_plan_completion_returns_the_hand_computed_tuple(world, plan):
    assert selectors.plan_completion(world.commune.pk, YEAR) == (23, 24)
    assert selectors.plan_completion(world.other.pk, YEAR) is None
    assert selectors.plan_completion(world.commune.pk, YEAR + 1) is None


def test_plan_page_shows_figures_and_highlights_the_overdue_task(client, world, plan):
    client.force_login(world.leader)
    page = client.get(f"/cai-cach/ke-hoach/{plan.pk}/").content.decode()
    assert "23/24" in page and "(96%)" in page
    assert "Hoàn thành đúng hạn: 26; hoàn thành quá hạn: 2." in page
    # The 2025 plan seen today: every open task is past its deadline and marked so.
    assert "3 nhiệm vụ quá hạn chưa hoàn thành" in page
    assert page.count("Quá hạn, chưa hoàn thành") == 3


def test_marking_done_needs_evidence_and_is_not_repeated(world):
    plan = make_plan(world.leader, world.commune)
    task = add_task(world.leader, plan)
    with pytest.raises(services.InvalidInput, match="tài liệu kiểm chứng"):
        services.complete_task(world.leader, task.pk, date(YEAR, 6, 1))
    task.refresh_from_db()
    assert task.status == "not_started" and task.completed_on is None
    services.complete_task(world.leader, task.pk, date(YEAR, 6, 1), pdf_upload())
    with pytest.raises(services.NotAllowed, match="đã hoàn thành"):
        services.complete_task(world.leader, task.pk, date(YEAR, 6, 2), pdf_upload())
    task.refresh_from_db()
    assert task.completed_on == date(YEAR, 6, 1) and task.evidence.count() == 1


def test_issue_is_refused_out_of_turn(world):
    plan = services.create_plan(world.leader, world.commune.pk, YEAR, "Kế hoạch CCHC")
    with pytest.raises(services.InvalidInput, match="số hiệu văn bản"):
        services.issue_plan(world.leader, plan.pk)
    services.update_plan(world.leader, plan.pk, "Kế hoạch CCHC", "12/KH-UBND", date(YEAR, 1, 3))
    add_task(world.leader, plan)
    services.issue_plan(world.leader, plan.pk)
    with pytest.raises(services.NotAllowed, match="đã được ban hành"):
        services.issue_plan(world.leader, plan.pk)
