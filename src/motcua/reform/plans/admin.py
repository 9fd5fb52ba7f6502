"""Read-only admin lists: plans, tasks and reports change only through ``plans.services``."""

from django.contrib import admin

from motcua.reform import access

from .models import PeriodicReport, PlanTask, ReformPlan, ReportDeadline, ReportSubmission, TaskReminder


class ReadOnlyAdmin(admin.ModelAdmin):
    agency_path = "agency_id"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser or access.is_inspector(request.user):
            return qs
        return qs.filter(**{f"{self.agency_path}__in": access.visible_agency_ids(request.user)})

    def has_module_permission(self, request):
        return request.user.is_superuser or access.may_use_reform(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TaskInline(admin.TabularInline):
    model = PlanTask
    fields = ("kind", "number", "title", "area", "division", "deadline", "status", "completed_on")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReformPlan)
class ReformPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "agency", "year", "state", "document_number", "issued_on")
    list_filter = ("year", "state", "agency__kind")
    search_fields = ("title", "agency__name", "document_number")
    inlines = [TaskInline]


@admin.register(PlanTask)
class PlanTaskAdmin(ReadOnlyAdmin):
    agency_path = "plan__agency_id"
    list_display = ("__str__", "plan", "area", "deadline", "status", "completed_on", "responsible")
    list_filter = ("plan__year", "kind", "status", "area")
    search_fields = ("title", "plan__agency__name", "division")
    list_select_related = ("plan__agency", "responsible")


@admin.register(ReportDeadline)
class ReportDeadlineAdmin(ReadOnlyAdmin):
    list_display = ("kind", "year", "period_start", "period_end", "due_on")
    list_filter = ("year", "kind")

    def get_queryset(self, request):
        return admin.ModelAdmin.get_queryset(self, request)


@admin.register(PeriodicReport)
class PeriodicReportAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "agency", "submitted_at", "submitted_by")
    list_filter = ("deadline__year", "deadline__kind", "agency__kind")
    search_fields = ("agency__name",)
    list_select_related = ("deadline", "agency", "submitted_by")


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(ReadOnlyAdmin):
    agency_path = "report__agency_id"
    list_display = ("report", "original_name", "submitted_at", "submitted_by")
    list_filter = ("report__deadline__year",)


@admin.register(TaskReminder)
class TaskReminderAdmin(ReadOnlyAdmin):
    agency_path = "task__plan__agency_id"
    list_display = ("task", "sent_on", "recipient", "overdue")
    list_filter = ("sent_on", "overdue")
