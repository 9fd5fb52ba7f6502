"""Thống kê: waiting (issued → called) and serving (started → finished) minutes, worked by hand."""

from datetime import date

from motcua.desk import queue

from .conftest import vn


def test_daily_figures_per_field_and_counter(scene):
    o = scene.officer
    scene.ticket("08:00", scene.civil)
    scene.ticket("08:05", scene.civil)
    scene.ticket("08:20", scene.land)

    t1 = queue.call_next(scene.general, o, now=vn("08:10"))[0]  # waited 10
    queue.start_serving(t1, o, now=vn("08:12"))
    t2 = queue.call_next(scene.general, o, now=vn("08:30"))[0]  # t1 served 18; t2 waited 25
    queue.mark_no_show(t2, o, now=vn("08:32"))
    t3 = queue.call_next(scene.general, o, now=vn("08:35"))[0]  # waited 15
    queue.finish(t3, o, now=vn("08:45"))  # served 10, counted from the call
    scene.ticket("08:40", scene.civil)  # still waiting
    scene.ticket("2026-03-11 08:00")  # another day

    stats = queue.daily_stats(scene.agency, date(2026, 3, 10))
    total = stats.total
    assert (total.issued, total.served, total.no_show) == (4, 2, 1)
    assert (total.avg_wait, total.max_wait, total.avg_service, total.max_service) == (16.7, 25.0, 14.0, 18.0)

    by_field = {row.label: row for row in stats.by_field}
    civil, land = by_field["Hộ tịch"], by_field["Đất đai"]
    assert (civil.issued, civil.served, civil.no_show, civil.avg_wait, civil.max_wait) == (
        3,
        1,
        1,
        17.5,
        25.0,
    )
    assert (civil.avg_service, land.avg_service, land.max_wait) == (18.0, 10.0, 15.0)

    assert [(r.label, r.issued, r.served) for r in stats.by_counter] == [("Quầy 1 — Tiếp nhận chung", 3, 2)]


def test_a_day_without_tickets(scene):
    stats = queue.daily_stats(scene.agency, date(2026, 3, 10))
    assert stats.total.issued == 0 and stats.total.avg_wait is None and stats.by_field == []
