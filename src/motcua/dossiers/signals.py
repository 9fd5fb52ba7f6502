"""Domain events of the dossier aggregate.

``dossier_changed`` is sent inside the transaction (indicator counters subscribe to it);
``dossier_committed`` after commit (notifications, national portal sync).
Both pass ``dossier``, ``event`` and ``previous_state``.
"""

from django.dispatch import Signal

dossier_changed = Signal()
dossier_committed = Signal()
