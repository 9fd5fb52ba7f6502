"""Read-only admin views of dossiers: changes go through the services, never through forms."""

from django.contrib import admin

from motcua.org.selectors import agency_ids

from .models import Dossier, DossierEvent
from .selectors import visible_dossiers


class ReadOnlyAdmin(admin.ModelAdmin):
    """Officers may look (only at what passed through their agencies); nobody edits here."""

    def has_module_permission(self, request):
        return request.user.is_superuser or bool(agency_ids(request.user))

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

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

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return (
            qs if request.user.is_superuser else qs.filter(pk__in=visible_dossiers(request.user).values("pk"))
        )

    def get_list_filter(self, request):
        # Another unit's agencies are not even offered as a filter.
        return self.list_filter if request.user.is_superuser else ["state", "channel", "timeliness"]


@admin.register(DossierEvent)
class DossierEventAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "seq", "action", "from_state", "to_state", "at", "actor_name"]
    list_filter = ["action"]
    search_fields = ["dossier__code"]
    list_select_related = ["dossier"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(dossier__in=visible_dossiers(request.user).values("pk"))
