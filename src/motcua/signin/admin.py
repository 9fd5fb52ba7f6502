from django.contrib import admin

from .models import SecondFactorRole


@admin.register(SecondFactorRole)
class SecondFactorRoleAdmin(admin.ModelAdmin):
    """The roles that must use the second factor. Lost phones: delete the officer's device under
    "TOTP devices"; locked-out logins: "Access attempts" (django-axes)."""

    list_display = ["role", "created_at"]
