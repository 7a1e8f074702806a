"""Forms of the import: the upload, and the mapping of a file's headers to the format's columns."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.formatting import file_size
from reporting.erp_import.columns import COLUMNS


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The ERP system's export"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": _("Choose the file to import.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("An Excel workbook (.xlsx) or CSV, at most %(size)s.") % {
            "size": file_size(settings.IMPORT_MAX_FILE_SIZE)
        }


class ColumnMappingForm(forms.Form):
    """A choice of the file's headers for each column of the format."""

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not in the file"))]
        choices += [(header, header) for header in dict.fromkeys(h for h in headers if h)]
        for column in COLUMNS:
            self.fields[column.key] = forms.ChoiceField(
                label=column.header,
                choices=choices,
                required=column.required,
                help_text=column.help,
                error_messages={
                    "required": _("Choose the column that holds %(column)s.")
                    % {"column": column.header}
                },
            )

    def clean(self):
        cleaned = super().clean()
        chosen = {}
        for column in COLUMNS:
            header = cleaned.get(column.key)
            if not header:
                continue
            if header in chosen:
                self.add_error(
                    column.key,
                    _("%(header)s is already chosen for %(column)s.")
                    % {"header": header, "column": chosen[header]},
                )
            chosen.setdefault(header, column.header)
        return cleaned
