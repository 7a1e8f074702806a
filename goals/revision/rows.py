"""The rows of the Revision sheet checked against the agreement: one RevisedRow per target,
or a message per problem that names the row and column as the spreadsheet shows them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.spreadsheets import cell_text
from goals.models import Target
from goals.revision import layout
from goals.revision.cells import (
    number_text,
    parse_number,
    signed_threshold,
    value_text,
)

MAX_COMMENT_LENGTH = 2000
# A threshold is stored with two decimals and at most ten digits.
MAX_THRESHOLD = Decimal("99999999.99")
PERCENTAGE_LIMIT = Decimal(100)


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


def check_rows(rows, *, agreement, targets) -> tuple[list[RevisedRow], list[RowError]]:
    """Return the rows read and the problems found; every target must have one row.

    `rows` are (row number, cell values) pairs, `targets` the agreement's by code.
    """
    revised, errors = [], []
    seen = {}  # code → the row it was first read in
    for number, values in rows:
        cells = {column.key: values[column.number - 1] for column in layout.COLUMNS}
        target, error = _row_target(number, cells, agreement=agreement, targets=targets, seen=seen)
        if error is not None:
            errors.append(error)
            continue
        row_errors = []
        next_threshold = _next_threshold(cells[layout.NEXT_THRESHOLD.key], target, row_errors)
        comment = _comment(cells[layout.COMMENT.key], row_errors)
        errors += [RowError(number, column, message) for column, message in row_errors]
        if not row_errors:
            revised.append(
                RevisedRow(
                    row=number,
                    code=target.code,
                    threshold=target.threshold,
                    value=value_text(cells[layout.VALUE.key]),
                    next_threshold=next_threshold,
                    comment=comment,
                )
            )
    errors += [_missing(code, target) for code, target in targets.items() if code not in seen]
    return revised, errors


def _row_target(number, cells, *, agreement, targets, seen):
    """Return (the target the row is about, None), or (None, why the row cannot be read)."""
    code = cell_text(cells[layout.CODE.key])
    if not code:
        message = _(
            "the code is empty. The revision changes the agreement's targets; a new "
            "target is described in the comment of a target it is near."
        )
        return None, RowError(number, layout.CODE, message)
    target = targets.get(code)
    if target is None:
        message = _(
            "%(code)s is not a target of %(title)s. A row's code cannot be changed, "
            "and a new target is described in the comment of a target it is near."
        ) % {"code": code, "title": agreement.title}
        return None, RowError(number, layout.CODE, message)
    if code in seen:
        message = _("target %(code)s is also in row %(other)s; keep one row per target.") % {
            "code": code,
            "other": seen[code],
        }
        return None, RowError(number, layout.CODE, message)
    seen[code] = number
    threshold_cell = cells[layout.THRESHOLD.key]
    if not layout.signature_matches(agreement.year, code, threshold_cell, cells[layout.CHECK.key]):
        return None, RowError(number, None, _tampered(agreement.year))
    if signed_threshold(threshold_cell) != signed_threshold(target.threshold):
        message = _(
            "the agreement's threshold is now %(now)s, not %(stated)s as in the "
            "workbook; it was changed after the workbook was downloaded. Download "
            "the workbook again."
        ) % {
            "now": number_text(target.threshold),
            "stated": number_text(parse_number(threshold_cell)),
        }
        return None, RowError(number, layout.THRESHOLD, message)
    return target, None


def _missing(code, target):
    return RowError(
        None,
        None,
        _(
            "Target %(code)s (%(text)s) is not in the file. The Revision sheet has "
            "a row for each target of the agreement; download the workbook again."
        )
        % {"code": code, "text": Truncator(target.text).chars(80)},
    )


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


def _next_threshold(value, target, errors) -> Decimal | None:
    if cell_text(value) == "":
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
        number = parse_number(value)
    except ValueError:
        errors.append(
            (column, _("write a number, e.g. %(example)s") % {"example": number_text(example)})
        )
        return None
    if number < 0:
        errors.append((column, _("the target cannot be negative.")))
    elif target.kind == Target.Kind.EFFECT and number > PERCENTAGE_LIMIT:
        errors.append(
            (
                column,
                _("%(number)s is more than 100; a percentage is at most 100.")
                % {"number": number_text(number)},
            )
        )
    elif number > MAX_THRESHOLD:
        errors.append((column, _("%(number)s is too large.") % {"number": number_text(number)}))
    elif number != number.quantize(Decimal("0.01")):
        errors.append((column, _("write the number with at most two decimals, e.g. 2,5.")))
    else:
        return number.quantize(Decimal("0.01"))
    return None


def _comment(value, errors) -> str:
    comment = cell_text(value)
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
