from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from agreement.models import Agreement, FocusArea, Municipality, Organisation, ReferenceFigure, User
from core.admin import ConcurrentHistoryAdmin, NoCascadeAdmin, NoCascadeInlineFormSet


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "key"]
    prepopulated_fields = {"key": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kkr"]
    list_filter = ["kkr"]
    search_fields = ["name", "code"]
    list_select_related = ["kkr"]


class FocusAreaInline(admin.StackedInline):
    model = FocusArea
    formset = NoCascadeInlineFormSet
    extra = 0


class ReferenceFigureInline(admin.TabularInline):
    model = ReferenceFigure
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(ConcurrentHistoryAdmin):
    list_display = ["title", "year", "period_start", "period_end", "status", "entries_close_on"]
    list_filter = ["status"]
    search_fields = ["title"]
    filter_horizontal = ["parties"]
    # The year's life (activate, close, reopen) is run from the agreement's page in the portal,
    # where each step says what it will do and keeps why in the history.
    readonly_fields = ["status", "entries_close_on", "reopen_reason"]
    inlines = [FocusAreaInline, ReferenceFigureInline]


@admin.register(FocusArea)
class FocusAreaAdmin(NoCascadeAdmin):
    list_display = ["code", "title", "agreement"]
    list_filter = ["agreement"]
    search_fields = ["title"]


@admin.register(ReferenceFigure)
class ReferenceFigureAdmin(admin.ModelAdmin):
    list_display = ["text", "value", "unit", "agreement"]
    list_filter = ["agreement"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active", "is_staff"]
    list_select_related = ["organisation"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Role in the portal"), {"fields": ["role", "organisation"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Role in the portal"), {"fields": ["role", "organisation"]}),
    ]
