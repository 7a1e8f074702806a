"""The template workbook: the format's headers with an example row, and a sheet that explains it."""

import io
from datetime import date as Date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from agreement.models import Agreement, Municipality, Organisation
from goals.models import ActivityType
from reporting.erp_import.columns import COLUMNS

FILE_NAME = "aktiviteter-import.xlsx"
DATA_SHEET = "Aktiviteter"
GUIDE_SHEET = "Vejledning"
BOLD = Font(bold=True)


def _row(sheet, values, *, bold=False):
    """Append a row; text stays text, even where it starts like a formula."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        if bold:
            cell.font = BOLD


def template_workbook(*, agreement: Agreement, house: Organisation) -> bytes:
    """Return the template as xlsx bytes, with an example row for the house."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    _row(sheet, [column.header for column in COLUMNS], bold=True)
    example = {column.key: column.example for column in COLUMNS}
    example["date"] = max(Date(agreement.period_start.year, 5, 14), agreement.period_start)
    example["house"] = house.label
    example["quantity"] = 1
    _row(sheet, [example[column.key] for column in COLUMNS])
    sheet.cell(row=2, column=1).number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = max(14, len(column.header) + 4)
    _guide(workbook.create_sheet(GUIDE_SHEET), agreement)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _guide(sheet, agreement):
    _row(
        sheet,
        [_("Import of activities from the ERP system: one row per activity, from row 2.")],
        bold=True,
    )
    _row(
        sheet,
        [
            _(
                "Importing the same file again changes nothing; a row whose ERP id is already "
                "imported updates that activity."
            )
        ],
    )
    _row(
        sheet,
        [
            _("The date must be within the agreement's period, %(start)s to %(end)s.")
            % {
                "start": date_format(agreement.period_start, "d.m.Y"),
                "end": date_format(agreement.period_end, "d.m.Y"),
            }
        ],
    )
    _row(sheet, [])
    _row(sheet, [_("Column"), _("Required"), _("Explanation"), _("Example")], bold=True)
    for column in COLUMNS:
        _row(
            sheet,
            [
                column.header,
                _("Yes") if column.required else _("No"),
                str(column.help),
                column.example,
            ],
        )
    _row(sheet, [])
    _row(sheet, [_("Activity types"), _("Code"), _("With one firm (CVR number)")], bold=True)
    for activity_type in ActivityType.objects.order_by("name_da"):
        _row(
            sheet,
            [
                activity_type.name_da,
                activity_type.code,
                _("Yes") if activity_type.counts_firms else _("No"),
            ],
        )
    _row(sheet, [])
    _row(sheet, [_("Growth houses"), _("Short name"), _("Key")], bold=True)
    for house in Organisation.objects.growth_houses():
        _row(sheet, [house.name, house.short_name, house.key])
    _row(sheet, [])
    _row(sheet, [_("Municipality code"), _("Municipality")], bold=True)
    for municipality in Municipality.objects.order_by("code"):
        _row(sheet, [municipality.code, municipality.name])
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 80
    sheet.column_dimensions["D"].width = 22
    for row in sheet.iter_rows(min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
