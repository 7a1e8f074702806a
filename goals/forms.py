"""Forms of the progress inputs. They parse what the user sent; the models and services
hold the rules."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DanishDateField
from goals.models import Progress


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class StatusTextForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Choose a status")), *Progress.choices],
        help_text=_("Where the goal stands at the end of the quarter."),
    )
    text = forms.CharField(
        label=_("Status text"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the house did on the goal this quarter, and what comes next."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("status", css_class="col-md-4")), "text", "version")


class EffectMeasurementForm(forms.Form):
    measured_on = DanishDateField(label=_("Measured on"))
    numerator = forms.IntegerField(
        label=_("Numerator"),
        min_value=0,
        max_value=10_000_000,
        help_text=_("How many, e.g. 132 client firms that increased their international activity."),
    )
    denominator = forms.IntegerField(
        label=_("Denominator"),
        min_value=1,
        max_value=10_000_000,
        help_text=_("Of how many, e.g. 410 surveyed client firms."),
        error_messages={"min_value": _("The denominator must be at least 1.")},
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the figures come from, e.g. the client survey of December 2018."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(
                Column("measured_on", css_class="col-md-4"),
                Column("numerator", css_class="col-md-4"),
                Column("denominator", css_class="col-md-4"),
            ),
            "source",
            "note",
            "version",
        )

    def measurement_fields(self):
        return {
            name: self.cleaned_data[name]
            for name in ("measured_on", "numerator", "denominator", "source", "note")
        }


class MilestoneForm(forms.Form):
    done_on = DanishDateField(label=_("Done on"))
    evidence_url = forms.URLField(
        label=_("Link to the evidence"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    evidence_text = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Describe the evidence, or where it is kept; a link, this, or both."),
    )
    jointly = forms.BooleanField(
        label=_("Reached jointly by both growth houses"),
        required=False,
        help_text=_("Reopen the milestone to change this once it is marked as done."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, completion=None, **kwargs):
        super().__init__(*args, **kwargs)
        if completion is not None:
            # The form changes the completion there is, whose house stays.
            self.fields["jointly"].disabled = True
            self.fields["jointly"].initial = completion.house_id is None
        self.helper = _helper(
            Row(Column("done_on", css_class="col-md-4")),
            "evidence_url",
            "evidence_text",
            "jointly",
            "version",
        )

    def milestone_fields(self):
        return {
            name: self.cleaned_data[name] for name in ("done_on", "evidence_url", "evidence_text")
        }
