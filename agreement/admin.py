from concurrency.admin import ConcurrentModelAdmin
from concurrency.config import CONCURRENCY_LIST_EDITABLE_POLICY_ABORT_ALL
from concurrency.forms import ConcurrentForm
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, FocusArea, Municipality, Organisation, ReferenceFigure, User
from .services import CONFLICT


class ConflictCheckingForm(ConcurrentForm):
    """Refuse a save based on a version that someone else has changed since, with our message."""

    def clean(self):
        version_field = self.instance._concurrencymeta.field.name
        version = self.cleaned_data.get(version_field)
        model = type(self.instance)
        if self.instance.pk and version:
            if not model._base_manager.filter(
                pk=self.instance.pk, **{version_field: version}
            ).exists():
                self.add_error(None, CONFLICT)
                return self.cleaned_data
        return super().clean()


class ConcurrentHistoryAdmin(ConcurrentModelAdmin, SimpleHistoryAdmin):
    """Keep each change in the history, and detect edits that would overwrite another's."""

    form = ConflictCheckingForm
    # A save that loses the race after the form's check rolls back whole and answers 409,
    # rather than the library's default of reporting success for a save it dropped.
    list_editable_policy = CONCURRENCY_LIST_EDITABLE_POLICY_ABORT_ALL


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
    extra = 0


class ReferenceFigureInline(admin.TabularInline):
    model = ReferenceFigure
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(ConcurrentHistoryAdmin):
    list_display = ["title", "year", "period_start", "period_end", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    filter_horizontal = ["parties"]
    inlines = [FocusAreaInline, ReferenceFigureInline]


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
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
