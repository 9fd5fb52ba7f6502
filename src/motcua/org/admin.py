from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    AdministrativeUnit,
    Agency,
    Applicant,
    ApplicantChange,
    DutyShift,
    Membership,
    OfficeHoursPeriod,
    UnitLevel,
    User,
)


@admin.register(UnitLevel)
class UnitLevelAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rank"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "level",
        "parent",
        "valid_from",
        "valid_to",
        "successor",
        "succession_unconfirmed",
    ]
    list_filter = ["level", "kind", "succession_unconfirmed"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "successor"]


class OfficeHoursInline(admin.TabularInline):
    model = OfficeHoursPeriod
    extra = 0


class DutyShiftInline(admin.TabularInline):
    model = DutyShift
    extra = 0
    autocomplete_fields = ["user"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["identifier_code", "name", "kind", "unit", "receives_dossiers", "boundary_free", "active"]
    list_filter = ["kind", "receives_dossiers", "boundary_free", "active"]
    search_fields = ["identifier_code", "name", "short_name"]
    autocomplete_fields = ["unit", "parent"]
    inlines = [OfficeHoursInline, MembershipInline, DutyShiftInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "email", "personal_id"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Thông tin bổ sung"), {"fields": ("full_name", "personal_id", "enterprise_code", "phone")}),
    )
    inlines = [MembershipInline]


class ApplicantChangeInline(admin.TabularInline):
    """Lịch sử: each value replaced in the record, by whom and through which verified source."""

    model = ApplicantChange
    extra = 0
    fields = ["at", "field", "old", "new", "source", "by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["identifier", "name", "kind", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["identifier", "name", "phone"]
    inlines = [ApplicantChangeInline]

    def get_readonly_fields(self, request, obj=None):
        return ["identifier"] if obj else []  # dossiers and accounts find the person by it

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # An administrator's correction is a verified source too, and it is kept in the history.
        from .services import CHANGEABLE, record_verified_details

        others = [f for f in form.changed_data if f not in CHANGEABLE]
        if others:
            Applicant.objects.filter(pk=obj.pk).update(**{f: getattr(obj, f) for f in others})
        record_verified_details(
            kind=obj.kind,
            identifier=obj.identifier,
            details={f: getattr(obj, f) for f in form.changed_data if f in CHANGEABLE},
            source=ApplicantChange.Source.ADMIN,
            by=request.user,
            clear_empty=True,
        )
        obj.refresh_from_db()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Staff and roles per agency: who is desk officer, specialist, head, leader, clerk where."""

    list_display = ["user", "agency", "role", "title", "valid_from", "valid_to"]
    list_filter = ["role", "agency__kind", "agency"]
    search_fields = ["user__username", "user__full_name", "agency__name", "agency__identifier_code"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]
