import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreement.access import reads_all_houses
from agreement.models import Municipality, Organisation
from core.forms import DATE_INPUT_FORMATS, DATE_PLACEHOLDER
from goals.models import ActivityType, Target
from reporting.activities.forms import normalise_cvr
from reporting.models import Activity


class DanishDateRangeWidget(django_filters.widgets.DateRangeWidget):
    def __init__(self, attrs=None):
        attrs = {"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", **(attrs or {})}
        super().__init__(attrs)
        self.widgets = [forms.DateInput(attrs=attrs, format="%d.%m.%Y") for _ in range(2)]


class DanishDateRangeField(django_filters.fields.DateRangeField):
    widget = DanishDateRangeWidget

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        error = {"invalid": _("Write the date as dd.mm.yyyy, e.g. 15.03.2018.")}
        self.fields = tuple(
            forms.DateField(input_formats=DATE_INPUT_FORMATS, error_messages=error, required=False)
            for _ in range(2)
        )


class DanishDateFromToRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = DanishDateRangeField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Break ties newest first, so that no row repeats or goes missing between pages."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "-date", "-pk")
        return qs


def target_label(target):
    goal = target.goal.label if target.goal_id else _("National")
    return f"{goal}: {target.text[:80]}"


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    house = django_filters.ModelChoiceFilter(
        label=_("Growth house"),
        queryset=Organisation.objects.growth_houses(),
        empty_label=_("All"),
    )
    activity_type = django_filters.ModelChoiceFilter(
        label=_("Activity type"), queryset=ActivityType.objects.all(), empty_label=_("All")
    )
    target = django_filters.ModelChoiceFilter(
        label=_("Counted by target"),
        queryset=Target.objects.none(),
        method="counted_by",
        empty_label=_("All"),
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=Municipality.objects.all(), empty_label=_("All")
    )
    firm = django_filters.CharFilter(label=_("Firm (CVR or name)"), method="by_firm")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Activity.Status.choices, empty_label=_("All")
    )
    date = DanishDateFromToRangeFilter(label=_("Date from – to"))
    ordering = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("date", "date"),
            ("activity_type__name_da", "type"),
            ("firm__name", "firm"),
            ("municipality__name", "municipality"),
            ("house__name", "house"),
            ("status", "status"),
        ),
        # Keyed by the model field, as django-filter reads them (else "House" shows, untranslated).
        field_labels={
            "date": _("Date"),
            "activity_type__name_da": _("Activity type"),
            "firm__name": _("Firm"),
            "municipality__name": _("Municipality"),
            "house__name": _("Growth house"),
            "status": _("Status"),
        },
        empty_label=_("Newest first"),
    )

    class Meta:
        model = Activity
        fields = []

    @property
    def chosen(self) -> int:
        """Return how many filters are set, sorting aside: the folded filter bar says so."""
        values = [self.form[name].value() for name in self.filters if name != "ordering"]
        return sum(1 for value in values if (any(value) if isinstance(value, list) else value))

    def __init__(self, *args, user, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["target"].queryset = (
            Target.objects.filter(agreement=agreement, kind__in=Target.COUNTING_KINDS)
            .select_related("goal__focus_area")
            .order_by("goal__position", "position")
        )
        self.filters["target"].field.label_from_instance = target_label
        if not reads_all_houses(user):
            # A growth house sees only its own activities: choosing a house means nothing.
            del self.filters["house"]
        else:
            self.filters["status"].extra["choices"] = [
                (status, label)
                for status, label in Activity.Status.choices
                if status in Activity.SHARED_STATUSES
            ]

    def search(self, activities, name, value):
        words = value.split()
        for word in words:
            matches = (
                Q(description__icontains=word)
                | Q(firm__name__icontains=word)
                | Q(activity_type__name_da__icontains=word)
                | Q(activity_type__name_en__icontains=word)
            )
            if (cvr := normalise_cvr(word)).isdigit():
                matches |= Q(firm__cvr__startswith=cvr)
            activities = activities.filter(matches)
        return activities

    def by_firm(self, activities, name, value):
        cvr = normalise_cvr(value)
        if cvr.isdigit():
            return activities.filter(firm__cvr__startswith=cvr)
        return activities.filter(firm__name__icontains=value.strip())

    def counted_by(self, activities, name, target):
        return activities.counted_by(target) if target else activities
