"""Deadlines of a petition (domain §7), always counted on the agency's working-day calendar.

Publish or refuse within 2 working days, request more information within 5, answer within 15 —
each counted from the moment of reception (architecture rule 3: only the calendar adds days).
A request for information does not stop the clock: §7 states no pause, so none is invented.
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.calendar.core import LimitUnit
from motcua.dossiers.deadlines import calendar_for

PUBLISH_WORKING_DAYS = 2
INFO_WORKING_DAYS = 5
ANSWER_WORKING_DAYS = 15


@dataclass(frozen=True)
class PetitionDeadlines:
    publish_due: datetime
    info_due: datetime
    answer_due: datetime


def petition_deadlines(agency, received_at: datetime) -> PetitionDeadlines:
    cal = calendar_for(agency)
    return PetitionDeadlines(
        publish_due=cal.due(received_at, PUBLISH_WORKING_DAYS, LimitUnit.WORKING_DAYS),
        info_due=cal.due(received_at, INFO_WORKING_DAYS, LimitUnit.WORKING_DAYS),
        answer_due=cal.due(received_at, ANSWER_WORKING_DAYS, LimitUnit.WORKING_DAYS),
    )


def handled_on_time(petition) -> bool | None:
    """Whether every §7 step of a finished petition kept its deadline; None while it is open.

    - the decision (publish or refuse) by ``publish_due``;
    - a request for more information, when there was one, by ``info_due``;
    - the answer by ``answer_due``.
    """
    decided = petition.published_at or petition.refused_at
    if petition.refused_at is None and petition.answered_at is None:
        return None
    if decided is None or decided > petition.publish_due:
        return False
    if petition.info_requested_at and petition.info_requested_at > petition.info_due:
        return False
    if petition.refused_at is not None:
        return True
    return petition.answered_at <= petition.answer_due
