"""Subscribers that keep the facts current (architecture rule 5).

``dossier_changed`` is sent inside the transition's transaction, so a counter is added or the
transition is rolled back with it. ``payment_confirmed`` and ``rating_given`` come after their
own commit: their counters are written in a small transaction of their own.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from . import facts

UID = "motcua.indicators"


_deferred = contextvars.ContextVar("facts_deferred", default=False)


@contextmanager
def deferred() -> Iterator[None]:
    """Write no facts for the transitions inside (a bulk load); the caller runs ``rebuild()`` after.

    Context-local: a server thread answering requests meanwhile keeps its facts live.
    """
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


class LiveFiles:
    """The dossier's files as they are at the moment of the transition (one query per event)."""

    def __init__(self) -> None:
        self._kinds: dict[int, set[tuple[str, bool]]] = {}

    def _files(self, dossier_id: int) -> set[tuple[str, bool]]:
        if dossier_id not in self._kinds:
            from motcua.documents.models import DossierFile

            rows = DossierFile.objects.filter(dossier_id=dossier_id).values_list("kind", "signed").distinct()
            self._kinds[dossier_id] = set(rows)
        return self._kinds[dossier_id]

    def signed_result(self, dossier_id: int) -> bool:
        return ("result", True) in self._files(dossier_id)

    def component_files(self, dossier_id: int) -> bool:
        return any(kind == "component" for kind, _signed in self._files(dossier_id))


def on_dossier_changed(sender, dossier, event, previous_state=None, **kwargs) -> None:
    if event.action not in facts.COUNTED_ACTIONS or _deferred.get():
        return
    facts.add_facts(facts.dossier_deltas(dossier, event, LiveFiles()))
    step = facts.step_record(dossier, event)
    if step is not None:
        facts.add_step_facts([step])


def on_payment_confirmed(sender, payment, **kwargs) -> None:
    with transaction.atomic():
        facts.add_facts(facts.payment_deltas(payment))


def on_rating_given(sender, rating, **kwargs) -> None:
    with transaction.atomic():
        facts.add_facts(facts.rating_deltas(rating))


def connect() -> None:
    from motcua.dossiers.signals import dossier_changed
    from motcua.feedback.signals import rating_given
    from motcua.payments.signals import payment_confirmed

    dossier_changed.connect(on_dossier_changed, dispatch_uid=f"{UID}.dossier")
    payment_confirmed.connect(on_payment_confirmed, dispatch_uid=f"{UID}.payment")
    rating_given.connect(on_rating_given, dispatch_uid=f"{UID}.rating")
