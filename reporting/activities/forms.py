"""Forms of the activity log. They parse what the user sent; the services hold the rules."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agreement.models import Municipality, Organisation
from agreement.selectors import agreement_holding, agreements_taking_entries, entries_refusal
from core.forms import DanishDateField
from goals.models import ActivityType, Goal
from reporting.activities.selectors import default_goals
from reporting.models import Activity, Firm, validate_cvr


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, as Django's documentation shows."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def normalise_cvr(value):
    """Return the digits of a CVR number written with spaces or a DK prefix."""
    value = value.strip().upper().removeprefix("DK").replace(" ", "").replace("-", "")
    return value


class GoalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, goal):
        return f"{goal.label} {goal.title}"


class ActivityForm(forms.Form):
    activity_type = forms.ModelChoiceField(
        ActivityType.objects.all(), label=_("Activity type"), empty_label=_("Choose a type")
    )
    date = DanishDateField(label=_("Date"))
    quantity = forms.DecimalField(
        label=_("Quantity"),
        initial=1,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=_("How many, e.g. the number of growth courses. Usually 1."),
        error_messages={"min_value": _("The quantity must be more than 0.")},
    )
    participants = forms.IntegerField(
        label=_("Participants"), required=False, min_value=0, max_value=1_000_000
    )
    firm_cvr = forms.CharField(
        label=_("Firm: CVR number or name"),
        required=False,
        max_length=200,
        help_text=_("Type a CVR number or part of a name and choose the firm from the list."),
        widget=forms.TextInput(attrs={"list": "firm-options", "autocomplete": "off"}),
    )
    firm_name = forms.CharField(label=_("Name of the new firm"), required=False, max_length=200)
    firm_municipality = forms.ModelChoiceField(
        Municipality.objects.all(),
        label=_("The new firm's municipality"),
        required=False,
        empty_label=_("Choose a municipality"),
    )
    firm_sector = forms.CharField(label=_("Sector (optional)"), required=False, max_length=100)
    goals = GoalChoiceField(
        Goal.objects.none(),
        label=_("Goals it serves"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Filled in from the targets that count the type; add any other goal it serves. "
            "Left empty, the type's goals are used."
        ),
    )
    delivered_in = forms.ModelChoiceField(
        Organisation.objects.none(),
        label=_("Delivered in"),
        required=False,
        empty_label=_("Our own house's region"),
        help_text=_("For work delivered in the other growth house's region."),
    )
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(),
        label=_("Municipality"),
        required=False,
        empty_label=_("The firm's municipality"),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(
        label=_("Add files"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, images or text; at most 10 MB each."),
    )
    links = forms.CharField(
        label=_("Add links"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "https://"}),
        help_text=_("One web address per line."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, agreement, house, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement, self.house, self.activity = agreement, house, activity
        goals = (
            Goal.objects.filter(focus_area__agreement=agreement)
            .select_related("focus_area")
            .order_by("position")
        )
        self.fields["goals"].queryset = goals
        # Only the goals that concern the house are offered; another one sent anyway (from a
        # page opened before the agreement changed) is refused by the services, which say why.
        self.fields["goals"].widget.choices = [
            (goal.pk, self.fields["goals"].label_from_instance(goal))
            for goal in goals.concerning(house)
        ]
        self.fields["delivered_in"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.GROWTH_HOUSE
        ).exclude(pk=house.pk)
        self.helper = self._helper()

    def clean_date(self):
        """Find the year the activity counts in: its own for an edit, else the year open for
        entries whose period holds the date (the year of the page first)."""
        day = self.cleaned_data["date"]
        if self.activity is not None:
            if error := Activity(agreement=self.agreement, date=day).date_error():
                raise ValidationError(error)
            self.entry_agreement = self.agreement
            return day
        agreements = agreements_taking_entries(preferred=self.agreement)
        self.entry_agreement = agreement_holding(day, agreements)
        if self.entry_agreement is None:
            raise ValidationError(entries_refusal(day, agreements, shown=self.agreement))
        return day

    @property
    def changes_year(self) -> bool:
        """Whether the date puts a new activity in another year than the page's."""
        return getattr(self, "entry_agreement", self.agreement) != self.agreement

    def in_entry_year(self):
        """Return the form again, unsaved, for the year the date belongs to: the goals are
        that year's, those of the chosen type (the files stay kept for the form)."""
        data = self.cleaned_data
        agreement = self.entry_agreement
        initial = {
            name: self.data.get(name, "")
            for name in self.fields
            if name not in ("goals", "files", "version")
        }
        initial["goals"] = default_goals(agreement, data["activity_type"], house=self.house)
        return ActivityForm(agreement=agreement, house=self.house, initial=initial)

    def clean_firm_cvr(self):
        value = self.cleaned_data["firm_cvr"]
        if not value.strip():
            return ""
        cvr = normalise_cvr(value)
        if not cvr.isdigit():
            raise ValidationError(
                _("Choose the firm from the list, or type its CVR number (8 digits).")
            )
        validate_cvr(cvr)
        return cvr

    def clean_links(self):
        return [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        cvr = cleaned.get("firm_cvr")
        cleaned["firm"] = None
        if cvr:
            cleaned["firm"] = Firm.objects.filter(cvr=cvr).select_related("municipality").first()
            if cleaned["firm"] is None:
                cleaned["firm"] = self._new_firm(cvr, cleaned)
        elif cleaned.get("firm_name"):
            self.add_error("firm_cvr", _("Give the new firm's CVR number."))
        return cleaned

    def _new_firm(self, cvr, cleaned):
        missing = _("%(cvr)s is a new firm: give its name and municipality.") % {"cvr": cvr}
        if not cleaned.get("firm_name"):
            self.add_error("firm_name", missing)
        if not cleaned.get("firm_municipality"):
            self.add_error("firm_municipality", missing)
        if not (cleaned.get("firm_name") and cleaned.get("firm_municipality")):
            return None
        return Firm(
            cvr=cvr,
            name=cleaned["firm_name"],
            municipality=cleaned["firm_municipality"],
            sector=cleaned.get("firm_sector", ""),
        )

    def activity_fields(self):
        """Return the fields to give the services."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "activity_type",
                "date",
                "firm",
                "municipality",
                "delivered_in",
                "quantity",
                "participants",
                "description",
            )
        }
        goals = list(data["goals"])
        fields["goals"] = goals if goals or self.activity is not None else None
        # The files come through the form's kept files (uploads.pending_uploads_update).
        fields["links"] = data["links"]
        return fields

    def _helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Fieldset(
                _("What and when"),
                Row(
                    Column("activity_type", css_class="col-md-6"),
                    Column("date", css_class="col-md-3"),
                    Column("quantity", css_class="col-md-3"),
                ),
                Row(Column("participants", css_class="col-md-3")),
            ),
            Fieldset(
                _("Firm"),
                Field("firm_cvr"),
                HTML('{% include "reporting/includes/firm_lookup.html" %}'),
                Div(
                    Row(
                        Column("firm_name", css_class="col-md-6"),
                        Column("firm_municipality", css_class="col-md-3"),
                        Column("firm_sector", css_class="col-md-3"),
                    ),
                    css_id="new-firm",
                ),
            ),
            Fieldset(_("Goals"), "goals"),
            Fieldset(
                _("Where"),
                Row(
                    Column("delivered_in", css_class="col-md-6"),
                    Column("municipality", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("Description and evidence"),
                "description",
                HTML('{% include "reporting/includes/pending_uploads.html" %}'),
                "files",
                "links",
            ),
            "version",
        )
        return helper


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it returned?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author sees this and can correct the activity and submit it again."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FirmForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Firm
        fields = ["name", "municipality", "sector"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("save", _("Save")))
