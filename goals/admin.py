from django.contrib import admin

from core.admin import ConcurrentHistoryAdmin, ConflictCheckingForm, NoCascadeInlineFormSet
from goals.models import ActivityType, Goal, Target


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = ["name_da", "name_en", "code", "counts_firms"]
    search_fields = ["name_da", "name_en", "code"]


class TargetInline(admin.StackedInline):
    model = Target
    form = ConflictCheckingForm
    formset = NoCascadeInlineFormSet
    extra = 0
    fk_name = "goal"
    filter_horizontal = ["activity_types"]
    autocomplete_fields = ["parent"]


@admin.register(Goal)
class GoalAdmin(ConcurrentHistoryAdmin):
    list_display = ["__str__", "code", "focus_area", "parent"]
    list_filter = ["focus_area__agreement", "focus_area"]
    search_fields = ["code", "title", "text"]
    list_select_related = ["focus_area", "parent"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(ConcurrentHistoryAdmin):
    list_display = ["text", "code", "kind", "threshold", "unit", "goal", "house", "weight"]
    list_filter = ["agreement", "kind"]
    search_fields = ["code", "text"]
    list_select_related = ["goal", "house"]
    filter_horizontal = ["activity_types"]
    autocomplete_fields = ["parent"]
