from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import (
    Component,
    FeeLine,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    ProcessTemplate,
)
from .services import publish_version
from .text import search_key
from .validation import validate_process

_WARNING_STYLE = "background:#fff3cd;color:#664d03;border:1px solid #ffda6a;border-radius:4px;padding:2px 6px"


def unverified_badges(version: ProcedureVersion) -> str:
    """The unconfirmed facts, highlighted, so nobody mistakes them for published figures."""
    if not version.unverified_fields:
        return "—"
    return format_html_join(
        " ",
        '<span style="{}">{}</span>',
        ((_WARNING_STYLE, key) for key in version.unverified_fields),
    )


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    extra = 0
    can_delete = False
    show_change_link = True
    fields = [
        "number",
        "status",
        "valid_from",
        "valid_to",
        "time_limit_summary",
        "online_level",
        "unverified",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # versions are added on their own page, with fees and components

    @admin.display(description=_("thời hạn"))
    def time_limit_summary(self, obj: ProcedureVersion) -> str:
        return obj.time_limit_display()

    @admin.display(description=_("chưa xác minh"))
    def unverified(self, obj: ProcedureVersion) -> str:
        return unverified_badges(obj)


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "level", "updated_at"]
    list_filter = ["field", "level"]
    search_fields = ["code", "name", "source_id"]
    readonly_fields = ["created_at", "updated_at"]
    list_select_related = ["field", "level"]
    inlines = [VersionInline]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        # Officers type names with or without accents; match the accent-free key as well.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        terms = search_key(search_term).split()
        if terms:
            accent_free = Q()
            for term in terms:
                accent_free &= Q(search_text__contains=term)
            results = results | queryset.filter(accent_free)
        return results, may_have_duplicates


class ComponentInline(admin.TabularInline):
    model = Component
    extra = 0
    fields = [
        "order",
        "name",
        "copy_type",
        "copy_type_text",
        "count",
        "mode",
        "condition",
        "form_template",
    ]


class FeeLineInline(admin.TabularInline):
    model = FeeLine
    extra = 0
    fields = ["order", "kind", "name", "amount_vnd", "amount_text", "unit", "basis", "exemptions"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = [
        "procedure",
        "number",
        "status",
        "valid_from",
        "valid_to",
        "time_limit_summary",
        "online_level",
        "unverified",
    ]
    list_filter = [
        "status",
        "online_level",
        "time_limit_unit",
        "procedure__field",
        "procedure__level",
    ]
    search_fields = ["procedure__code", "procedure__name"]
    list_select_related = ["procedure"]
    autocomplete_fields = ["procedure"]
    readonly_fields = ["unverified", "created_at", "updated_at"]
    inlines = [ComponentInline, FeeLineInline]
    actions = ["publish"]
    fieldsets = [
        (None, {"fields": ["procedure", "number", "status", "unverified"]}),
        (
            _("Hiệu lực và công bố"),
            {"fields": ["valid_from", "valid_to", "decision_number", "decision_date"]},
        ),
        (
            _("Thời hạn giải quyết"),
            {"fields": ["time_limit", "time_limit_unit", "time_limit_text", "same_day_cutoff"]},
        ),
        (
            _("Cách thức thực hiện"),
            {
                "fields": [
                    "online_level",
                    "legacy_level",
                    "postal",
                    "inter_agency",
                    "boundary_free",
                    "paper_result",
                    "max_supplements",
                    "pause_on_financial_obligation",
                ]
            },
        ),
        (
            _("Nội dung"),
            {
                "fields": [
                    "steps_text",
                    "conditions",
                    "result_document",
                    "legal_basis",
                    "notes",
                    "sources",
                ]
            },
        ),
        (_("Theo dõi"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("thời hạn"))
    def time_limit_summary(self, obj: ProcedureVersion) -> str:
        return obj.time_limit_display()

    @admin.display(description=_("thông tin chưa xác minh"))
    def unverified(self, obj: ProcedureVersion) -> str:
        return unverified_badges(obj)

    @admin.action(description=_("Công bố các phiên bản dự thảo đã chọn"))
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        for version in queryset.select_related("procedure"):
            try:
                publish_version(version)
            except ValidationError as exc:
                self.message_user(
                    request, format_html("{}: {}", version, "; ".join(exc.messages)), messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    gettext("Đã công bố %(version)s.") % {"version": version},
                    messages.SUCCESS,
                )


class ProcessTemplateForm(forms.ModelForm):
    class Meta:
        model = ProcessTemplate
        fields = ["procedure", "agency", "name", "active", "valid_from"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The step inline below checks the new steps; the stored ones are about to be replaced.
        self.instance.steps_checked_separately = True


class ProcessStepFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        steps = [
            ProcessStep(
                order=form.cleaned_data.get("order"),
                name=form.cleaned_data.get("name", ""),
                budget=form.cleaned_data.get("budget"),
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        template: ProcessTemplate = self.instance
        if not template.procedure_id:
            return  # the template form reports the missing procedure
        try:
            validate_process(steps, template.reference_version())
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = ProcessStepFormSet
    extra = 0
    fields = ["order", "name", "role", "agency", "budget"]
    autocomplete_fields = ["agency"]


@admin.register(ProcessTemplate)
class ProcessTemplateAdmin(admin.ModelAdmin):
    form = ProcessTemplateForm
    list_display = ["name", "procedure", "agency", "active", "valid_from", "limit"]
    list_filter = ["active", "agency"]
    search_fields = ["name", "procedure__code", "procedure__name", "agency__name"]
    list_select_related = ["procedure", "agency"]
    autocomplete_fields = ["procedure", "agency"]
    inlines = [ProcessStepInline]

    @admin.display(description=_("thời hạn của thủ tục"))
    def limit(self, obj: ProcessTemplate) -> str:
        version = obj.reference_version()
        return version.time_limit_display() if version else gettext("Chưa có phiên bản có hiệu lực")
