"""The one write path of ratings and petitions (architecture rule 1).

Each action runs in one transaction: it locks the petition, checks the caller's role at the
petition's agency and the state, changes the row, appends a ``PetitionEvent`` and, for the
answer, sends ``petition_answered`` on commit. A refused action raises a ``DossierError`` with a
Vietnamese message and changes nothing.

A rating is given **once** and never changed: the satisfaction indicator (domain §7 group 5)
would otherwise move under a report already sent; a citizen who changes their mind sends a
petition instead.
"""

from .petitions import (
    STEPS,
    SubmitResult,
    answer,
    close,
    confirm_satisfaction,
    publish,
    refuse,
    request_info,
    submit_petition,
)
from .ratings import RATABLE, rate

__all__ = [
    "RATABLE",
    "STEPS",
    "SubmitResult",
    "answer",
    "close",
    "confirm_satisfaction",
    "publish",
    "rate",
    "refuse",
    "request_info",
    "submit_petition",
]
