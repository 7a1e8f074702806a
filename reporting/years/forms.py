"""Forms of the year's life: each carries the version of the agreement the administrator saw."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DanishDateField


class ActivateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(forms.Form):
    entries_close_on = DanishDateField(
        label=_("Late entries until"),
        required=False,
        help_text=_(
            "Until this day (included) staff may still log activities dated in the period, and "
            "managers approve them. Leave it empty to close the year now."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the year reopened?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the agreement's history."),
    )
    entries_close_on = DanishDateField(label=_("Late entries until"))
    version = forms.IntegerField(widget=forms.HiddenInput)
