"""Read-only admin views: ratings and petitions change only through ``feedback.services``."""

from django.contrib import admin

from motcua.org.selectors import agency_ids

from .models import Petition, PetitionEvent, Rating


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(agency_id__in=agency_ids(request.user))

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
    model = PetitionEvent
    extra = 0
    fields = ["seq", "action", "from_state", "to_state", "at", "actor", "actor_name", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "agency", "level", "channel", "rated_at"]
    list_filter = ["level", "channel"]
    search_fields = ["dossier__code"]


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdmin):
    list_display = ["code", "agency", "kind", "state", "received_at", "answer_due", "handled_on_time"]
    list_filter = ["state", "kind", "published"]
    search_fields = ["code", "sender_name"]
    inlines = [EventInline]
