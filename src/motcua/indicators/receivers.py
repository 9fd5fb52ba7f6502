"""Subscribers that keep the facts current (architecture rule 5).

``dossier_changed`` is sent inside the transition's transaction, so a counter is added or the
transition is rolled back with it. ``payment_confirmed`` and ``rating_given`` come after their
own commit: their counters are written in a small transaction of their own.
"""

from __future__ import annotations

from django.db import transaction

from . import facts

UID = "motcua.indicators"


class LiveFiles:
    """The dossier's files as they are at the moment of the transition."""

    def _exists(self, dossier_id: int, **filters) -> bool:
        from motcua.documents.models import DossierFile

        return DossierFile.objects.filter(dossier_id=dossier_id, **filters).exists()

    def signed_result(self, dossier_id: int) -> bool:
        return self._exists(dossier_id, kind="result", signed=True)

    def component_files(self, dossier_id: int) -> bool:
        return self._exists(dossier_id, kind="component")


def on_dossier_changed(sender, dossier, event, previous_state=None, **kwargs) -> None:
    if event.action not in facts.COUNTED_ACTIONS:
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
