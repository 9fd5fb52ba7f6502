"""Administrators set up counters; tickets and bookings are read-only (they change at the desk)."""

from django.contrib import admin

from motcua.org.selectors import agency_ids

from .models import Booking, QueueTicket, ServiceCounter


class AgencyScopedAdmin(admin.ModelAdmin):
    """Officers see only their own agencies' rows; a superuser sees all."""

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(agency_id__in=agency_ids(request.user))


@admin.register(ServiceCounter)
class ServiceCounterAdmin(AgencyScopedAdmin):
    list_display = ["__str__", "agency", "active", "priority", "officer"]
    list_filter = ["active", "priority", "agency"]
    filter_horizontal = ["fields"]
    raw_id_fields = ["officer"]


class ReadOnlyAdmin(AgencyScopedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QueueTicket)
class QueueTicketAdmin(ReadOnlyAdmin):
    list_display = ["display_number", "day", "agency", "field", "state", "source", "counter", "issued_at"]
    list_filter = ["state", "source", "day", "agency"]
    list_select_related = ["agency", "field", "counter"]


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["code", "date", "slot", "agency", "field", "name", "state"]
    list_filter = ["state", "date", "agency"]
    search_fields = ["code", "personal_id", "name"]
    list_select_related = ["agency", "field"]
