"""The revision's upload form: the filled-in year-end workbook."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.formatting import file_size
from core.spreadsheets import XLSX_TYPE

XLSX_TYPES = f".xlsx,{XLSX_TYPE}"


class RevisionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("The filled-in year-end workbook"),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_TYPES}),
        error_messages={
            "required": _("Choose the filled-in workbook to upload."),
            "empty": _("The chosen file is empty."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An Excel workbook (.xlsx) with the sheet Revision, at most %(size)s."
        ) % {"size": file_size(settings.REVISION_MAX_FILE_SIZE)}
