from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import CalendarOverride

_WEEKDAYS = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)


class YearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "scope_display", "reason", "created_at")
    list_filter = ("kind", YearFilter, "scope")
    search_fields = ("reason", "scope")
    date_hierarchy = "date"
    ordering = ("-date", "scope")
    readonly_fields = ("created_at",)
    fields = ("date", "kind", "scope", "reason", "created_at")

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarOverride) -> str:
        return str(_WEEKDAYS[obj.date.weekday()])

    @admin.display(description=_("phạm vi áp dụng"), ordering="scope")
    def scope_display(self, obj: CalendarOverride) -> str:
        return obj.scope or str(_("Mọi cơ quan"))
