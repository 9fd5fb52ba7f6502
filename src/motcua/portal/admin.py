from django.contrib import admin

from .models import IdentityProof


@admin.register(IdentityProof)
class IdentityProofAdmin(admin.ModelAdmin):
    """Accounts whose personal ID / enterprise code is proven. Deleting a row withdraws the proof
    (the account then sees only what it submitted itself); proofs are made by the citizen only."""

    list_display = ["identifier", "user", "method", "proven_at"]
    list_filter = ["method"]
    search_fields = ["=identifier", "user__username"]
    readonly_fields = ["user", "identifier", "method", "proven_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
