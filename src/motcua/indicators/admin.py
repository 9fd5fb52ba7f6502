from django.contrib import admin

from .models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = [
        "unit",
        "indicator",
        "comparison",
        "threshold",
        "period_start",
        "period_end",
        "decision_number",
    ]
    list_filter = ["indicator", "period_start"]
    search_fields = ["unit__name", "decision_number", "note"]
    autocomplete_fields = ["unit"]
