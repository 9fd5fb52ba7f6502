"""CalendarOverride: the administrator's table of extra days off and extra working days."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from motcua.calendar.models import CalendarOverride

pytestmark = pytest.mark.django_db

KIND = CalendarOverride.Kind


def make(day: date, kind: str, scope: str = "", reason: str = "Thông báo 6150/TB-LĐTBXH"):
    return CalendarOverride(date=day, kind=kind, scope=scope, reason=reason)


def test_contradicting_override_for_the_same_date_and_scope_is_refused():
    make(date(2026, 11, 24), KIND.WORKING_DAY).save()
    clash = make(date(2026, 11, 24), KIND.DAY_OFF)
    with pytest.raises(ValidationError, match="Mâu thuẫn"):
        clash.full_clean()


def test_duplicate_for_the_same_date_and_scope_is_refused():
    make(date(2026, 11, 24), KIND.WORKING_DAY).save()
    with pytest.raises(ValidationError, match="đã có điều chỉnh"):
        make(date(2026, 11, 24), KIND.WORKING_DAY).full_clean()
    with pytest.raises(IntegrityError):
        make(date(2026, 11, 24), KIND.WORKING_DAY).save()


def test_other_scopes_may_decide_differently():
    make(date(2026, 11, 24), KIND.WORKING_DAY).save()
    agency = make(date(2026, 11, 24), KIND.DAY_OFF, scope="000.00.06.H56")
    agency.full_clean()
    agency.save()


def test_editing_an_override_does_not_clash_with_itself():
    override = make(date(2026, 11, 24), KIND.WORKING_DAY)
    override.save()
    override.kind = KIND.DAY_OFF
    override.full_clean()


def test_reason_is_required():
    with pytest.raises(ValidationError) as error:
        make(date(2026, 11, 24), KIND.DAY_OFF, reason="").full_clean()
    assert "reason" in error.value.message_dict


def test_scope_is_trimmed_and_shown():
    override = make(date(2026, 11, 24), KIND.DAY_OFF, scope="  000.00.06.H56 ")
    override.full_clean()
    assert override.scope == "000.00.06.H56"
    assert str(override) == "24/11/2026 — Ngày nghỉ bổ sung (000.00.06.H56)"
