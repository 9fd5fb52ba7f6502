"""The override table is editable in the admin (quản trị lịch làm việc)."""

from datetime import date

import pytest
from django.contrib import admin

from motcua.calendar.models import CalendarOverride

pytestmark = pytest.mark.django_db


def test_override_is_registered():
    assert admin.site.is_registered(CalendarOverride)


def test_changelist_filters_by_year(admin_client):
    for day in (date(2025, 4, 26), date(2026, 8, 22)):
        CalendarOverride.objects.create(
            date=day, kind=CalendarOverride.Kind.WORKING_DAY, reason="Hoán đổi ngày làm việc"
        )
    response = admin_client.get("/admin/calendar/calendaroverride/", {"year": "2026"})
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [r.date for r in rows] == [date(2026, 8, 22)]
    assert "Thứ Bảy" in response.content.decode()
