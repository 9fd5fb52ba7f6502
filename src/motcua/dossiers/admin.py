"""Read-only admin views of dossiers: changes go through the services, never through forms."""

from django.contrib import admin

from .models import Dossier, DossierEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = DossierEvent
    fields = ["seq", "at", "action", "from_state", "to_state", "actor_name", "agency", "to_agency", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "applicant",
        "procedure_version",
        "agency",
        "state",
        "channel",
        "received_at",
        "due_at",
        "timeliness",
    ]
    list_filter = ["state", "channel", "timeliness", "agency"]
    search_fields = ["code", "applicant__identifier", "applicant__name"]
    date_hierarchy = "received_at"
    inlines = [EventInline]
    list_select_related = ["applicant", "procedure_version__procedure", "agency"]


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "seq", "action", "from_state", "to_state", "at", "actor_name"]
    list_filter = ["action"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier"]
