from django.contrib import admin

from .models import PersonalDataAccess


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Read-only: the trail is written by the pages that show personal data, never by hand."""

    list_display = ["at", "actor_name", "agency", "what", "dossier_code", "subject", "detail", "ip"]
    list_filter = ["what"]
    list_select_related = ["agency"]
    search_fields = ["=subject", "=dossier_code", "actor_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
