"""Admin: readable lists of the PAR-INDEX records (writes of scores go through the pages)."""

from django.contrib import admin

from .models import Assessment, Band, Criterion, Edition, Evidence, Framework, Participant, Score


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "decision_number", "decision_date", "total_points", "survey_points"]
    search_fields = ["name", "decision_number", "code"]


class BandInline(admin.TabularInline):
    model = Band
    extra = 0


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["framework", "year", "unit", "state", "self_deadline"]
    list_filter = ["state", "year", "framework"]
    inlines = [BandInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["agency", "group", "edition"]
    list_filter = ["group", "edition__year"]
    search_fields = ["agency__name"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "title",
        "max_points",
        "points_set_by_province",
        "survey",
        "kind",
        "metric",
        "edition",
    ]
    list_filter = ["edition__year", "kind", "survey", "verified", "points_set_by_province"]
    search_fields = ["code", "title"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["agency", "edition", "state", "submitted_at", "measured_frozen"]
    list_filter = ["state", "edition__year"]
    search_fields = ["agency__name"]
    readonly_fields = ["submitted_at", "submitted_by"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = [
        "assessment",
        "criterion",
        "self_points",
        "measured_points",
        "survey_points",
        "council_points",
        "council_reason",
    ]
    list_filter = ["assessment__edition__year"]
    search_fields = ["assessment__agency__name", "criterion__code"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "score", "content_type", "uploaded_by", "uploaded_at"]
    search_fields = ["name"]
