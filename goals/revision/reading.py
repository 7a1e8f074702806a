"""Reading the filled-in Revision sheet: the file checked, then each row checked against the
agreement, with a message per problem that names the row as the spreadsheet shows it.

A row says what it is about in its code and this year's threshold, signed in its check
column (layout.signature); its focus area, goal, text and kind are compared with the
agreement. Only the open columns, next year's target and the comment, are read as the
KKRs' answer; this year's progress (value, percentage, status) is not read.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from agreement.models import Agreement
from core import spreadsheets
from core.spreadsheets import cell_text
from goals.models import Target
from goals.revision import layout
from goals.revision.cells import normal_text
from goals.revision.rows import RevisedRow, check_rows

__all__ = ["MAX_ROWS", "RevisedRow", "read_revision"]

MAX_ROWS = 1000  # the 2018 agreement has 26 targets


def read_revision(upload, *, agreement: Agreement) -> list[RevisedRow]:
    """Return the rows of the upload's Revision sheet, one per target of the agreement.

    A file that is refused raises ValidationError {"file": [...]}; rows that are wrong
    raise ValidationError {"rows": [...]}, one message per problem.
    """
    name = upload.name or ""
    try:
        spreadsheets.check_workbook(upload, max_size=settings.REVISION_MAX_FILE_SIZE)
        rows = _sheet_rows(upload, name)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    # The line of instructions above the header is the reader's, not data.
    rows = [row for row in rows if row[0] >= layout.HEADER_ROW]
    header = rows.pop(0) if rows and rows[0][0] == layout.HEADER_ROW else None
    header_error = _header_error(header, agreement)
    if header_error:
        raise ValidationError({"file": [header_error]})
    targets = {
        target.code: target
        for target in Target.objects.filter(agreement=agreement)
        .select_related("goal__focus_area")
        .order_by("goal__position", "position")
    }
    revised, errors = check_rows(rows, agreement=agreement, targets=targets)
    if errors:
        raise ValidationError({"rows": [error.text(agreement.year) for error in errors]})
    return revised


def _sheet_rows(upload, name):
    """Return the Revision sheet's rows that hold anything, with their row numbers."""
    rows = []
    generator = spreadsheets.sheet_rows(
        upload, name=name, sheet=layout.SHEET_TITLE, max_columns=len(layout.COLUMNS)
    )
    try:
        for number, values in generator:
            if number > MAX_ROWS:
                raise ValidationError(
                    _("The Revision sheet of %(name)s has more than %(count)s rows.")
                    % {"name": name, "count": number_format(MAX_ROWS, force_grouping=True)}
                )
            values = tuple(values) + (None,) * (len(layout.COLUMNS) - len(values))
            if all(cell_text(value) == "" for value in values):
                continue
            rows.append((number, values))
    except ValidationError as error:
        if error.code == spreadsheets.NO_SHEET:
            raise ValidationError(
                _(
                    "%(name)s has no sheet named %(sheet)s. Upload the year-end workbook "
                    "with its %(sheet)s sheet filled in."
                )
                % {"name": name, "sheet": layout.SHEET_TITLE}
            ) from None
        raise
    finally:
        generator.close()
    return rows


def _header_error(header, agreement) -> str | None:
    """Return why the header row is not the Revision sheet's for the agreement's year, or None.

    The workbook may have been downloaded in either language.
    """
    found = [normal_text(value) for value in header[1]] if header else []
    best = None
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            expected = layout.headers(agreement.year)
        mismatches = [
            index
            for index, text in enumerate(expected)
            if index >= len(found) or found[index] != normal_text(text)
        ]
        if not mismatches:
            return None
        if best is None or len(mismatches) < len(best[1]):
            best = (language, mismatches)
    if header is None:
        return _(
            "The Revision sheet has no header row in row %(row)s. Download the workbook of "
            "%(title)s again and fill it in."
        ) % {"row": layout.HEADER_ROW, "title": agreement.title}
    language, mismatches = best
    with translation.override(language):
        expected = layout.headers(agreement.year)
    index = mismatches[0]
    return _(
        "Row %(row)s: the headers are not those of the workbook of %(title)s: column "
        "%(letter)s says “%(found)s”, not “%(expected)s”. Download the workbook of %(title)s "
        "again and fill it in."
    ) % {
        "row": layout.HEADER_ROW,
        "title": agreement.title,
        "letter": get_column_letter(layout.COLUMNS[index].number),
        "found": cell_text(header[1][index]) if index < len(header[1]) else "",
        "expected": expected[index],
    }
