"""Domain events of the feedback app, sent after commit (the outside world: notices, sync).

``petition_answered`` passes ``petition`` (answered, with ``answer`` and ``answered_at``);
the notifications app may subscribe to tell the sender. ``rating_given`` passes ``rating``.
"""

from django.dispatch import Signal

petition_answered = Signal()
rating_given = Signal()
