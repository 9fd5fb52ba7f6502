from datetime import time

import pytest

from motcua.calendar.core import OfficeHours, WorkCalendar

MORNING = (time(7, 30), time(11, 30))
AFTERNOON = (time(13, 0), time(17, 0))


@pytest.fixture(scope="session")
def cal() -> WorkCalendar:
    """Default office hours, library holidays, no administrator override."""
    return WorkCalendar()


@pytest.fixture(scope="session")
def saturday_morning_hours() -> OfficeHours:
    """A one-stop desk that also receives on Saturday morning."""
    periods = dict.fromkeys(range(5), (MORNING, AFTERNOON))
    periods[5] = (MORNING,)
    return OfficeHours(periods)
