"""Reading the filled-in Revision sheet: the file checked, then each row checked against the
agreement, with a message per problem that names the row as the spreadsheet shows it.

A row says what it is about in its code and this year's threshold, signed in its check
column (layout.signature); only the open columns, next year's target and the comment,
are read as the KKRs' answer.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agreement.models import Agreement
from core import spreadsheets
from goals.models import Target
from goals.revision import layout

MAX_ROWS = 1000  # the 2018 agreement has 26 targets
MAX_COMMENT_LENGTH = 2000
# A threshold is stored with two decimals and at most ten digits.
MAX_THRESHOLD = Decimal("99999999.99")
PERCENTAGE_LIMIT = Decimal(100)
THOUSANDS_WITH_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
SPACES = re.compile(r"\s+")


@dataclass
class RevisedRow:
    """One target's row as the upload read it; kept as JSON on the AgreementRevision."""

    row: int
    code: str
    threshold: Decimal | None  # this year's
    value: str  # this year's value as the workbook stated it, for the preview
    next_threshold: Decimal | None  # None: the cell was empty, this year's stays
    comment: str

    @property
    def new_threshold(self) -> Decimal | None:
        return self.threshold if self.next_threshold is None else self.next_threshold

    @property
    def changed(self) -> bool:
        return self.new_threshold != self.threshold

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "code": self.code,
            "threshold": _decimal_text(self.threshold),
            "value": self.value,
            "next_threshold": _decimal_text(self.next_threshold),
            "comment": self.comment,
        }

    @classmethod
    def from_json(cls, data: dict) -> "RevisedRow":
        return cls(
            row=data["row"],
            code=data["code"],
            threshold=_decimal_or_none(data["threshold"]),
            value=data["value"],
            next_threshold=_decimal_or_none(data["next_threshold"]),
            comment=data["comment"],
        )


def _decimal_text(value):
    return None if value is None else str(value)


def _decimal_or_none(text):
    return None if text is None else Decimal(text)


@dataclass
class RowError:
    row: int | None  # None: the file as a whole
    column: layout.Column | None
    message: str

    def text(self, year: int) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, %(column)s: %(message)s") % {
            "row": self.row,
            "column": layout.headers(year)[layout.COLUMNS.index(self.column)],
            "message": self.message,
        }


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
    header = rows.pop(0) if rows and rows[0][0] == layout.HEADER_ROW else None
    header_error = _header_error(header, agreement)
    if header_error:
        raise ValidationError({"file": [header_error]})
    targets = {
        target.code: target
        for target in Target.objects.filter(agreement=agreement).order_by(
            "goal__position", "position"
        )
    }
    revised, errors = _check_rows(rows, agreement=agreement, targets=targets)
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
            if all(_text(value) == "" for value in values):
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


def _text(value) -> str:
    """Return the cell as text: whole numbers without a decimal point, blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _normal(header) -> str:
    return SPACES.sub(" ", _text(header)).casefold()


def _header_error(header, agreement) -> str | None:
    """Return why the header row is not the Revision sheet's for the agreement's year, or None.

    The workbook may have been downloaded in either language.
    """
    found = [_normal(value) for value in header[1]] if header else []
    best = None
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            expected = layout.headers(agreement.year)
        mismatches = [
            index
            for index, text in enumerate(expected)
            if index >= len(found) or found[index] != _normal(text)
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
        "letter": _letter(layout.COLUMNS[index].number),
        "found": _text(header[1][index]) if index < len(header[1]) else "",
        "expected": expected[index],
    }


def _letter(number):
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _signed_threshold(value) -> str:
    """Return a threshold as the signature writes it: two decimals, or '' for none."""
    return "" if value in (None, "") else f"{float(value):.2f}"


def _check_rows(rows, *, agreement, targets):
    year = agreement.year
    revised, errors = [], []
    seen = {}  # code → the row it was first read in
    for number, values in rows:
        cells = {column.key: values[column.number - 1] for column in layout.COLUMNS}
        code = _text(cells[layout.CODE.key])
        if not code:
            errors.append(
                RowError(
                    number,
                    layout.CODE,
                    _(
                        "the code is empty. The revision changes the agreement's targets; a new "
                        "target is described in the comment of a target it is near."
                    ),
                )
            )
            continue
        target = targets.get(code)
        if target is None:
            errors.append(
                RowError(
                    number,
                    layout.CODE,
                    _(
                        "%(code)s is not a target of %(title)s. A row's code cannot be changed, "
                        "and a new target is described in the comment of a target it is near."
                    )
                    % {"code": code, "title": agreement.title},
                )
            )
            continue
        if code in seen:
            errors.append(
                RowError(
                    number,
                    layout.CODE,
                    _("target %(code)s is also in row %(other)s; keep one row per target.")
                    % {"code": code, "other": seen[code]},
                )
            )
            continue
        seen[code] = number
        threshold_cell = cells[layout.THRESHOLD.key]
        if not layout.signature_matches(year, code, threshold_cell, cells[layout.CHECK.key]):
            errors.append(RowError(number, None, _tampered(year)))
            continue
        if _signed_threshold(threshold_cell) != _signed_threshold(target.threshold):
            errors.append(
                RowError(
                    number,
                    layout.THRESHOLD,
                    _(
                        "the agreement's threshold is now %(now)s, not %(stated)s as in the "
                        "workbook; it was changed after the workbook was downloaded. Download "
                        "the workbook again."
                    )
                    % {
                        "now": _number(target.threshold),
                        "stated": _number(_parse_number(threshold_cell)),
                    },
                )
            )
            continue
        row_errors = []
        next_threshold = _next_threshold(cells[layout.NEXT_THRESHOLD.key], target, row_errors)
        comment = _comment(cells[layout.COMMENT.key], row_errors)
        errors += [RowError(number, column, message) for column, message in row_errors]
        if not row_errors:
            revised.append(
                RevisedRow(
                    row=number,
                    code=code,
                    threshold=target.threshold,
                    value=_value_text(cells[layout.VALUE.key]),
                    next_threshold=next_threshold,
                    comment=comment,
                )
            )
    for code, target in targets.items():
        if code not in seen:
            errors.append(
                RowError(
                    None,
                    None,
                    _(
                        "Target %(code)s (%(text)s) is not in the file. The Revision sheet has "
                        "a row for each target of the agreement; download the workbook again."
                    )
                    % {"code": code, "text": Truncator(target.text).chars(80)},
                )
            )
    return revised, errors


def _tampered(year):
    headers = layout.headers(year)
    open_columns = sorted(layout.OPEN_COLUMNS, key=lambda column: column.number)
    return _(
        "the row was changed outside the columns %(next)s and %(comment)s, or it comes from "
        "another year's workbook. Copy the row again from the workbook as it was downloaded, "
        "and fill in only those two columns."
    ) % {
        "next": headers[layout.COLUMNS.index(open_columns[0])],
        "comment": headers[layout.COLUMNS.index(open_columns[1])],
    }


def _parse_number(value) -> Decimal:
    """Read 250, 2,5 and 1.234,5 (Danish), 2.5, "25 %" and number cells; raise ValueError."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        written = _text(value).replace(" ", "").replace("\xa0", "").removesuffix("%")
        if "," in written:
            written = written.replace(".", "").replace(",", ".")
        elif THOUSANDS_WITH_DOTS.match(written.lstrip("-")):
            written = written.replace(".", "")
        try:
            number = Decimal(written)
        except InvalidOperation:
            raise ValueError from None
    if not number.is_finite():
        raise ValueError
    return number


def _number(value) -> str:
    """Return the number as the portal writes it: 4.000, 2,5; a dash for none."""
    if value is None:
        return "–"
    value = Decimal(value)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value, force_grouping=True)


def _value_text(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(Decimal(str(value)))
    return _text(value)[:100]


def _next_threshold(value, target, errors) -> Decimal | None:
    if _text(value) == "":
        return None
    column = layout.NEXT_THRESHOLD
    if target.kind not in Target.THRESHOLD_KINDS:
        errors.append(
            (
                column,
                _(
                    "a target of the kind %(kind)s has no threshold; leave the cell empty and "
                    "write in the comment what should change."
                )
                % {"kind": Target.Kind(target.kind).label.lower()},
            )
        )
        return None
    example = target.threshold or (Decimal(25) if target.kind == Target.Kind.EFFECT else 250)
    try:
        number = _parse_number(value)
    except ValueError:
        errors.append(
            (column, _("write a number, e.g. %(example)s") % {"example": _number(example)})
        )
        return None
    if number < 0:
        errors.append((column, _("the target cannot be negative.")))
    elif target.kind == Target.Kind.EFFECT and number > PERCENTAGE_LIMIT:
        errors.append(
            (
                column,
                _("%(number)s is more than 100; a percentage is at most 100.")
                % {"number": _number(number)},
            )
        )
    elif number > MAX_THRESHOLD:
        errors.append((column, _("%(number)s is too large.") % {"number": _number(number)}))
    elif number != number.quantize(Decimal("0.01")):
        errors.append((column, _("write the number with at most two decimals, e.g. 2,5.")))
    else:
        return number.quantize(Decimal("0.01"))
    return None


def _comment(value, errors) -> str:
    comment = _text(value)
    if len(comment) > MAX_COMMENT_LENGTH:
        errors.append(
            (
                layout.COMMENT,
                _("the comment is %(length)s characters long; it may be at most %(limit)s.")
                % {
                    "length": number_format(len(comment), force_grouping=True),
                    "limit": number_format(MAX_COMMENT_LENGTH, force_grouping=True),
                },
            )
        )
    return comment
