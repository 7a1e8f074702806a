"""Form pieces that every app's forms share: Danish dates, and a service's refusal shown."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y"]
DATE_PLACEHOLDER = _("dd.mm.yyyy")


class DanishDateField(forms.DateField):
    widget = forms.DateInput(
        format="%d.%m.%Y", attrs={"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric"}
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "error_messages", {"invalid": _("Write the date as dd.mm.yyyy, e.g. 15.03.2018.")}
        )
        super().__init__(**kwargs)


def show_service_error(form, error, *, aliases=None):
    """Show a service's refusal next to the field it is about, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (aliases or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)
