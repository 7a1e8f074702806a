"""The API's filters: house, KKR, municipality, goal and period, each checked with a message.

A filter is a choice among what exists (a growth house's key or `both`, a KKR's key, a
municipality's code, a goal's code); anything else answers 400 with what to write.
"""

import re
from calendar import monthrange
from datetime import date as Date

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

from agreement.models import Agreement, Municipality, Organisation
from goals.models import Goal, Progress, Target
from reporting.models import Activity, TargetMonth, TargetProgress

BOTH = "both"


def house_choices():
    keys = Organisation.objects.growth_houses().values_list("key", flat=True)
    return [(BOTH, BOTH), *((key, key) for key in keys)]


def kkr_choices():
    keys = Organisation.objects.filter(kind=Organisation.Kind.KKR).values_list("key", flat=True)
    return [(key, key) for key in keys]


def municipality_choices():
    return [(str(code), str(code)) for code in Municipality.objects.values_list("code", flat=True)]


def goal_choices():
    codes = Goal.objects.order_by("code").values_list("code", flat=True).distinct()
    return [(code, code) for code in codes]


def target_choices():
    codes = Target.objects.order_by("code").values_list("code", flat=True).distinct()
    return [(code, code) for code in codes]


PERIOD = re.compile(r"(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-9])")


class PeriodField(forms.CharField):
    """A month (`2018-03`) or a quarter of the agreement's period (`Q1`)."""

    default_error_messages = {
        "invalid": _("Write the period as a month, e.g. 2018-03, or a quarter, e.g. Q1.")
    }

    def clean(self, value):
        value = super().clean(value)
        if value and not PERIOD.fullmatch(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class PeriodFilter(django_filters.CharFilter):
    field_class = PeriodField

    def filter(self, qs, value):
        if not value:
            return qs
        first, last = period_days(self.parent.agreement, value)
        return qs.filter(**{f"{self.field_name}__range": (first, last)})


def period_days(agreement: Agreement, value: str) -> tuple[Date, Date]:
    """Return the first and last day of the period the value names."""
    match = PERIOD.fullmatch(value)
    if match["quarter"]:
        quarter = agreement.quarter(int(match["quarter"]))
        return quarter.first_day, quarter.last_day
    year, month = int(match["year"]), int(match["month"])
    return Date(year, month, 1), Date(year, month, monthrange(year, month)[1])


def choice(label, choices, message, **kwargs):
    return django_filters.ChoiceFilter(
        label=label, choices=choices, error_messages={"invalid_choice": message}, **kwargs
    )


HOUSE_MESSAGE = _("Choose a growth house by its key, or both.")
KKR_MESSAGE = _("Choose a KKR by its key.")
MUNICIPALITY_MESSAGE = _("Choose a municipality by its code, e.g. 101.")
GOAL_MESSAGE = _("Choose a goal by its code, e.g. a.4a.")
TARGET_MESSAGE = _("Choose a target by its code.")


class AgreementFilterSet(django_filters.FilterSet):
    """A filter of one agreement's rows; the view hands it the agreement."""

    def __init__(self, *args, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement


class FilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["agreement"] = getattr(view, "agreement", None)
        return kwargs


def by_house(queryset, name, value: str):
    """Keep one house's rows, or with `both` the totals of all houses (rows without a house)."""
    if value == BOTH:
        return queryset.filter(**{f"{name}__isnull": True})
    return queryset.filter(**{f"{name}__key": value})


def by_goal(queryset, name, value: str):
    """Keep the rows of the goal and of its sub-goals."""
    return queryset.filter(Q(**{name: value}) | Q(**{name.replace("code", "parent__code"): value}))


class AgreementListFilter(AgreementFilterSet):
    year = django_filters.NumberFilter(
        label=_("Year"), error_messages={"invalid": _("Write the year as a number, e.g. 2018.")}
    )
    status = choice(
        _("Status"), Agreement.Status.choices, _("Choose a status: draft, active or closed.")
    )

    class Meta:
        model = Agreement
        fields = []


class TargetFilter(AgreementFilterSet):
    goal = choice(_("Goal"), goal_choices, GOAL_MESSAGE, field_name="goal__code", method=by_goal)
    kind = choice(_("Kind"), Target.Kind.choices, _("Choose a kind of target."))

    class Meta:
        model = Target
        fields = []


class TargetRowFilter(AgreementFilterSet):
    """A filter of a roll-up table's rows: by house (or both), goal and target."""

    house = choice(_("Growth house"), house_choices, HOUSE_MESSAGE, method=by_house)
    goal = choice(
        _("Goal"), goal_choices, GOAL_MESSAGE, field_name="target__goal__code", method=by_goal
    )
    target = choice(_("Target"), target_choices, TARGET_MESSAGE, field_name="target__code")


class ProgressFilter(TargetRowFilter):
    status = choice(_("Status"), Progress.choices, _("Choose a status of progress."))

    class Meta:
        model = TargetProgress
        fields = []


class MonthFilter(TargetRowFilter):
    period = PeriodFilter(label=_("Period"), field_name="month")

    class Meta:
        model = TargetMonth
        fields = []


class MunicipalityFilter(AgreementFilterSet):
    """Filters the municipalities; `house` chooses whose figures each one shows."""

    kkr = choice(_("KKR"), kkr_choices, KKR_MESSAGE, field_name="kkr__key")
    municipality = choice(
        _("Municipality"), municipality_choices, MUNICIPALITY_MESSAGE, field_name="code"
    )
    house = choice(_("Growth house"), house_choices, HOUSE_MESSAGE, method="keep")

    class Meta:
        model = Municipality
        fields = []

    def keep(self, queryset, name, value: str):
        return queryset


class ActivityFilter(AgreementFilterSet):
    house = choice(_("Growth house"), house_choices, HOUSE_MESSAGE, method="by_house")
    kkr = choice(_("KKR"), kkr_choices, KKR_MESSAGE, field_name="municipality__kkr__key")
    municipality = choice(
        _("Municipality"),
        municipality_choices,
        MUNICIPALITY_MESSAGE,
        field_name="municipality__code",
    )
    goal = choice(_("Goal"), goal_choices, GOAL_MESSAGE, method="linked_to_goal")
    period = PeriodFilter(label=_("Period"), field_name="date")
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="date",
        lookup_expr="gte",
        error_messages={"invalid": _("Write the date as yyyy-mm-dd, e.g. 2018-03-15.")},
    )
    date_to = django_filters.DateFilter(
        label=_("To"),
        field_name="date",
        lookup_expr="lte",
        error_messages={"invalid": _("Write the date as yyyy-mm-dd, e.g. 2018-03-15.")},
    )

    class Meta:
        model = Activity
        fields = []

    def by_house(self, queryset, name, value: str):
        """Keep one house's activities; `both` keeps them all."""
        return queryset if value == BOTH else queryset.filter(house__key=value)

    def linked_to_goal(self, queryset, name, value: str):
        """Keep the activities linked to the goal or to one of its sub-goals."""
        goals = Goal.objects.filter(focus_area__agreement=self.agreement).filter(
            Q(code=value) | Q(parent__code=value)
        )
        return queryset.filter(goals__in=goals).distinct()
