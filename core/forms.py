"""Form pieces that every app's forms share: Danish dates, a quick select, and a service's
refusal shown."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
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


class QuickSelect(forms.Select):
    """A select drawn in Python rather than through a template per option.

    The same markup as Django's select, without option attributes; the template
    engine takes several milliseconds for the dashboards' fifty municipalities,
    on every page view.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group, options, _index in widget["optgroups"]:
            items = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], " selected" if option["selected"] else "", option["label"])
                    for option in options
                ),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group, items) if group else items
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(groups)),
        )


def show_service_error(form, error, *, aliases=None):
    """Show a service's refusal next to the field it is about, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (aliases or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def posted_int(request, name) -> int | None:
    """Return the whole number posted under the name (a version, an id), or None."""
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None
