"""Admin: readable lists of inspections; changes go through ``reform.inspections.services``."""

from django.contrib import admin

from . import selectors
from .models import (
    Breach,
    Checklist,
    ChecklistArea,
    ChecklistItem,
    Decision,
    Directive,
    Finding,
    Notice,
    Reconciliation,
    TeamMember,
    Visit,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    # The path from the row to its decision, to show a non-superuser only what they may see.
    decision_path = "decision"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.decision_path}__in": selectors.decisions(request.user)})

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default"]


@admin.register(ChecklistArea)
class ChecklistAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "checklist", "order"]
    list_filter = ["checklist"]
    inlines = [ItemInline]


class TeamInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    fields = ["user", "role"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    decision_path = "pk"
    list_display = ["number", "signed_on", "unit", "year", "state", "signer"]
    list_filter = ["state", "year"]
    search_fields = ["number", "purpose"]
    inlines = [TeamInline]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["decision", "agency", "planned_on", "kind", "state", "period_from", "period_to"]
    list_filter = ["state", "kind"]
    search_fields = ["agency__name", "decision__number"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    decision_path = "visit__decision"
    list_display = ["visit", "item", "result", "recorded_at"]
    list_filter = ["result"]


@admin.register(Reconciliation)
class ReconciliationAdmin(ReadOnlyAdmin):
    decision_path = "visit__decision"
    list_display = ["visit", "paper_count", "system_count", "difference", "recorded_at"]


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    decision_path = "visit__decision"
    list_display = ["visit", "officer_name", "rule", "recorded_at"]
    search_fields = ["officer_name", "description"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["number", "decision", "signed_on", "signer"]
    search_fields = ["number"]


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyAdmin):
    decision_path = "notice__decision"
    list_display = ["notice", "order", "agency", "deadline", "state"]
    list_filter = ["state"]
    search_fields = ["text", "agency__name"]
