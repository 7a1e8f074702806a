from collections import defaultdict

import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.forms import QuickSelect
from reporting.models import TargetMunicipality
from reporting.rollups.selectors import Scope


class DashboardFilter(django_filters.FilterSet):
    """The dashboards' choice: one growth house or both, and a KKR, a municipality or all.

    The all-houses roll-up rows are those without a house, so the house is always
    part of the filter; `scope` gives what was chosen to the dashboards' selectors.
    An invalid choice shows its error next to the field, and the page shows all.
    """

    house = django_filters.ChoiceFilter(
        label=_("Growth house"),
        empty_label=_("Both houses"),
        widget=QuickSelect(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose a growth house from the list.")},
    )
    area = django_filters.ChoiceFilter(
        label=_("KKR or municipality"),
        empty_label=_("All municipalities"),
        widget=QuickSelect(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": _("Choose a KKR or a municipality from the list.")},
    )

    class Meta:
        model = TargetMunicipality
        fields = []

    def __init__(self, data, *, houses, municipalities, default_area="", **kwargs):
        if "area" not in data and default_area:
            data = data.copy()
            data["area"] = default_area
        super().__init__(data, **kwargs)
        self.houses = {house.key: house for house in houses}
        self.municipalities = municipalities
        self.kkrs = {}
        areas = defaultdict(list)
        for municipality in municipalities:
            self.kkrs[municipality.kkr.key] = municipality.kkr
            areas[municipality.kkr].append((str(municipality.code), municipality.name))
        self.filters["house"].extra["choices"] = [(h.key, h.name) for h in houses]
        self.filters["area"].extra["choices"] = [
            (kkr.name, [(kkr.key, _("All of %(kkr)s") % {"kkr": kkr.name}), *choices])
            for kkr, choices in areas.items()
        ]

    def is_valid(self):
        valid = super().is_valid()
        for name in self.form.errors:
            attrs = self.form.fields[name].widget.attrs
            attrs["class"] = "form-select is-invalid"
            attrs["aria-describedby"] = f"id_{name}_error"
        return valid

    @cached_property
    def scope(self):
        if not self.is_valid():
            return Scope()
        house = self.houses.get(self.form.cleaned_data.get("house"))
        area = self.form.cleaned_data.get("area") or ""
        municipality = next((m for m in self.municipalities if str(m.code) == area), None)
        return Scope(house=house, kkr=self.kkrs.get(area), municipality=municipality)

    def filter_queryset(self, queryset):
        return self.scope.rows(queryset)
