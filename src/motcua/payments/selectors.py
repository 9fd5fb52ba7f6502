"""Queries on payments, scoped to the caller (architecture rule 4)."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.org.models import Agency, Role, User
from motcua.org.selectors import agency_ids
from motcua.portal.selectors import citizen_identifier, my_dossiers

from .models import Payment

# Who sees the money of an agency: its desk, heads and leaders.
REPORT_ROLES = (Role.DESK_OFFICER, Role.HEAD, Role.LEADER)


def report_agencies(user: User) -> QuerySet[Agency]:
    """Agencies whose payments the caller may reconcile and report on."""
    return Agency.objects.filter(pk__in=agency_ids(user, REPORT_ROLES)).order_by("name")


def agency_payments(user: User) -> QuerySet[Payment]:
    ids = agency_ids(user, REPORT_ROLES)
    if not ids:
        return Payment.objects.none()
    return Payment.objects.filter(agency_id__in=ids)


def dossier_payments(dossier) -> QuerySet[Payment]:
    """The payments of a dossier the caller already sees (newest first)."""
    return (
        Payment.objects.filter(dossier=dossier).select_related("recorded_by").order_by("-created_at", "-id")
    )


def get_receipt(user: User, payment_id: int) -> Payment | None:
    """A paid payment whose receipt the caller may print: the applicant's own, or an officer's
    (any role) of the collecting agency. None otherwise — no hint that it exists."""
    qs = Payment.objects.select_related(
        "agency__parent", "agency__unit", "dossier__applicant", "dossier__procedure_version__procedure"
    ).filter(pk=payment_id, state=Payment.State.PAID)
    payment = qs.first()
    if payment is None:
        return None
    # The applicant's own: through the citizen's scope (an account that has not proven its ID
    # does not see the receipts of that ID's other dossiers — issue 14, item 4).
    if citizen_identifier(user) and my_dossiers(user).filter(pk=payment.dossier_id).exists():
        return payment
    if payment.agency_id in agency_ids(user):
        return payment
    return None
