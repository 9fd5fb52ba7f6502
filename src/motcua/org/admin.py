from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    AdministrativeUnit,
    Agency,
    Applicant,
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
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["level", "kind"]
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


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["identifier", "name", "kind", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["identifier", "name", "phone"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Staff and roles per agency: who is desk officer, specialist, head, leader, clerk where."""

    list_display = ["user", "agency", "role", "title", "valid_from", "valid_to"]
    list_filter = ["role", "agency__kind", "agency"]
    search_fields = ["user__username", "user__full_name", "agency__name", "agency__identifier_code"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]
