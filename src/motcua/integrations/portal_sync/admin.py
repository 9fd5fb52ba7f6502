"""What is waiting for the portal, what failed and why; failed or given-up items can be resent.

Registered from ``IntegrationsConfig.ready``.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.dossiers.selectors import visible_dossiers
from motcua.integrations.models import PortalSubmission, SyncItem
from motcua.org.selectors import agency_ids

from .delivery import resend


class _ReadOnly(admin.ModelAdmin):
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

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(dossier__in=visible_dossiers(request.user).values("pk"))


@admin.register(SyncItem)
class SyncItemAdmin(_ReadOnly):
    list_display = [
        "created_at",
        "sync_key",
        "seq",
        "kind",
        "status_code",
        "dossier",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state", "kind", "status_code"]
    search_fields = ["sync_key", "dossier__code"]
    list_select_related = ["dossier"]
    date_hierarchy = "created_at"
    actions = ["resend_items"]
    fields = [
        "dossier",
        "sync_key",
        "seq",
        "kind",
        "status_code",
        "payload",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "ack_id",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.action(description=_("Gửi lại các mục đồng bộ gửi lỗi hoặc đã ngừng gửi"))
    def resend_items(self, request, queryset):
        count = resend(queryset.values_list("pk", flat=True))
        if count:
            self.message_user(
                request,
                ngettext(
                    "Đã đưa %(n)d mục vào hàng đợi gửi lại.", "Đã đưa %(n)d mục vào hàng đợi gửi lại.", count
                )
                % {"n": count},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("Chỉ gửi lại được mục đang gửi lỗi hoặc đã ngừng gửi."), messages.WARNING
            )


@admin.register(PortalSubmission)
class PortalSubmissionAdmin(_ReadOnly):
    list_display = ["received_at", "portal_id", "dossier", "times_received"]
    search_fields = ["portal_id", "dossier__code"]
    list_select_related = ["dossier"]
    fields = ["portal_id", "dossier", "payload", "received_at", "times_received"]
    readonly_fields = fields
