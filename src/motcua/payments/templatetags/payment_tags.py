"""``{% payment_panel dossier as panel %}``: what the officer's dossier page shows about fees."""

from django import template

from motcua.org.models import Role
from motcua.org.selectors import has_role

from ..fees import fee_quote
from ..models import Payment
from ..selectors import dossier_payments
from ..services import CLOSED_DOSSIER

register = template.Library()


def panel_context(dossier, user) -> dict:
    payments = list(dossier_payments(dossier))
    quote = fee_quote(dossier.procedure_version)
    paid = next((p for p in payments if p.is_paid), None)
    can_collect = (
        paid is None
        and not quote.free
        and dossier.state not in CLOSED_DOSSIER
        and has_role(user, dossier.agency_id, [Role.DESK_OFFICER])
    )
    return {
        "payments": payments,
        "quote": quote,
        "paid": paid,
        "can_collect": can_collect,
        "methods": [
            (Payment.Method.CASH, Payment.Method.CASH.label),
            (Payment.Method.POST, Payment.Method.POST.label),
        ],
    }


@register.simple_tag(takes_context=True)
def payment_panel(context, dossier) -> dict:
    return panel_context(dossier, context["request"].user)
