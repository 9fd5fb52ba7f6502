"""What was sent to citizens, what failed and why; failed notices can be sent again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.dossiers.selectors import visible_dossiers
from motcua.org.selectors import agency_ids

from .models import Notification
from .notifications.delivery import resend


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "channel",
        "recipient",
        "dossier",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state", "channel", "kind"]
    search_fields = ["recipient", "dossier__code"]
    list_select_related = ["dossier"]
    date_hierarchy = "created_at"
    actions = ["resend_notifications"]
    fields = [
        "kind",
        "channel",
        "recipient",
        "dossier",
        "event_seq",
        "key",
        "subject",
        "body",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "provider_message_id",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    # Officers look at the notices of dossiers that passed through their agencies; nobody edits.
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

    @admin.action(description=_("Gửi lại các thông báo gửi lỗi hoặc đã ngừng gửi"))
    def resend_notifications(self, request, queryset):
        count = resend(queryset.values_list("pk", flat=True))
        if count:
            self.message_user(
                request,
                ngettext(
                    "Đã đưa %(n)d thông báo vào hàng đợi gửi lại.",
                    "Đã đưa %(n)d thông báo vào hàng đợi gửi lại.",
                    count,
                )
                % {"n": count},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("Chỉ gửi lại được thông báo đang gửi lỗi hoặc đã ngừng gửi."), messages.WARNING
            )
