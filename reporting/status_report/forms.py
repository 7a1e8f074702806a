from django import forms
from django.utils.translation import gettext_lazy as _

BOTH = ""


class StatusReportForm(forms.Form):
    """The quarter of the agreement's period and a KKR, or both."""

    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        error_messages={
            "required": _("Choose a quarter."),
            "invalid_choice": _("Choose a quarter of the agreement's period."),
        },
    )
    kkr = forms.ChoiceField(
        label=_("KKR"),
        required=False,
        error_messages={"invalid_choice": _("Choose a KKR of the agreement, or both.")},
    )

    def __init__(self, *args, agreement, kkrs, initial_quarter=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kkrs = {kkr.key: kkr for kkr in kkrs}
        self.fields["quarter"].choices = [
            (quarter.number, quarter.label) for quarter in agreement.quarters()
        ]
        self.fields["kkr"].choices = [
            (BOTH, _("Both KKRs")),
            *((kkr.key, kkr.name) for kkr in kkrs),
        ]
        if initial_quarter:
            self.initial.setdefault("quarter", initial_quarter)

    def clean_kkr(self):
        key = self.cleaned_data["kkr"]
        return self.kkrs.get(key) if key else None
