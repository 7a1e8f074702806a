from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reporting.models import NoticeSettings


class NoticeSettingsForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language of the notices"),
        choices=settings.LANGUAGES,
    )

    class Meta:
        model = NoticeSettings
        fields = [
            "activity_returned",
            "approvals_waiting",
            "status_text_due",
            "targets_at_risk",
            "language",
        ]

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds the user's role can get are offered.
        for name in list(self.fields):
            if name != "language" and name not in kinds:
                del self.fields[name]
