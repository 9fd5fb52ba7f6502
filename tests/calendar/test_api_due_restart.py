"""GET /api/v1/calendar/due?restart_from=…: the due time of a restarted limit (Decree 118/2025 Art. 19.5)."""

from django.test import Client


def test_the_calculator_restarts_from_the_completion(db):
    r = Client().get(
        "/api/v1/calendar/due",
        {
            "start": "2026-03-10T14:00",
            "limit": 10,
            "unit": "working_days",
            "restart_from": "2026-03-20T09:30",
        },
    )
    # 10 working days from Fri 20/3 09:30: 23–27/3 (5), 30/3–3/4 (10) → Fri 3/4 09:30.
    assert r.status_code == 200 and r.json()["due"].startswith("2026-04-03T09:30")


def test_a_restart_before_reception_is_a_422_in_vietnamese(db):
    r = Client().get(
        "/api/v1/calendar/due",
        {
            "start": "2026-03-10T14:00",
            "limit": 10,
            "unit": "working_days",
            "restart_from": "2026-03-01T09:30",
        },
    )
    assert r.status_code == 422 and "không thể trước thời điểm tiếp nhận" in r.json()["detail"]
