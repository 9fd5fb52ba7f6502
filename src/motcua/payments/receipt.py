"""Biên lai thu phí, lệ phí as PDF (WeasyPrint, Noto fonts), in the layout of the official forms."""

from __future__ import annotations

from django.utils import timezone

from motcua.catalog.text import format_vnd
from motcua.dossiers.forms_pdf import fmt, long_date, place_of, render_pdf

from .models import Payment


def receipt_context(payment: Payment) -> dict:
    dossier = payment.dossier
    lines = [
        {
            "name": line.get("name", ""),
            "display": line.get("display", ""),
            "known": line.get("amount_vnd") is not None,
        }
        for line in payment.lines
    ]
    return {
        "payment": payment,
        "agency": payment.agency,
        "dossier": dossier,
        "procedure": dossier.procedure_version.procedure,
        "lines": lines,
        "amount": format_vnd(payment.amount_vnd),
        "paid_at": fmt(payment.paid_at),
        "place": place_of(payment.agency),
        "signed_on": long_date(payment.paid_at),
        "printed_at": fmt(timezone.now()),
    }


def render_receipt(payment: Payment) -> bytes:
    return render_pdf("payments/receipt.html", receipt_context(payment))
