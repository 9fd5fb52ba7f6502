from django.contrib import admin

from .models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Read-only: payments change only through the services (callbacks, the desk)."""

    list_display = [
        "reference",
        "dossier",
        "agency",
        "method",
        "amount_vnd",
        "state",
        "receipt_number",
        "paid_at",
    ]
    list_filter = ["state", "method", "anomaly"]
    search_fields = ["reference", "provider_txn", "dossier__code"]
    list_select_related = ["dossier", "agency"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
