"""The rows of the Revision sheet checked against the agreement: one RevisedRow per target,
or a message per problem that names the row and column as the spreadsheet shows them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.spreadsheets import cell_text
from goals import thresholds
from goals.models import Target
from goals.revision import layout
from goals.revision.cells import (
    number_text,
    parse_number,
    plain_text,
    signed_threshold,
    value_text,
)

MAX_COMMENT_LENGTH = 2000


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
    errors += _above_parents(revised, targets)
    errors.sort(key=lambda error: (error.row is None, error.row or 0))
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
    edited = [
        column
        for column, texts in layout.compared_texts(target).items()
        if plain_text(cells[column.key]) not in texts
    ]
    if edited:
        return None, RowError(number, None, _edited(edited, agreement.year))
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


def _open_columns(year) -> str:
    return layout.column_names(sorted(layout.OPEN_COLUMNS, key=lambda column: column.number), year)


def _tampered(year):
    return _(
        "the row was changed outside the columns %(open)s, or it comes from another year's "
        "workbook. Copy the row again from the workbook as it was downloaded, and fill in only "
        "those two columns."
    ) % {"open": _open_columns(year)}


def _edited(columns, year):
    return ngettext(
        "%(columns)s is not as in the agreement. Only %(open)s are filled in; write in the "
        "comment what should change. Copy the row again from the workbook as it was "
        "downloaded, or download the workbook again if the agreement has changed since.",
        "%(columns)s are not as in the agreement. Only %(open)s are filled in; write in the "
        "comment what should change. Copy the row again from the workbook as it was "
        "downloaded, or download the workbook again if the agreement has changed since.",
        len(columns),
    ) % {"columns": layout.column_names(columns, year), "open": _open_columns(year)}


def _next_threshold(value, target, errors) -> Decimal | None:
    """Return next year's threshold as written, checked by the rules of goals.thresholds."""
    if cell_text(value) == "":
        return None
    try:
        number = parse_number(value)
    except ValueError:
        number = None
    problem = thresholds.threshold_problem(target.kind, number)
    if problem is None:
        return number.quantize(thresholds.CENTS)
    if problem == thresholds.Problem.NO_THRESHOLD:
        message = _(
            "a target of the kind %(kind)s has no threshold; leave the cell empty and write in "
            "the comment what should change."
        ) % {"kind": Target.Kind(target.kind).label.lower()}
    elif number is None:
        example = target.threshold or (Decimal(25) if target.kind == Target.Kind.EFFECT else 250)
        message = _("write a number, e.g. %(example)s") % {"example": number_text(example)}
    elif problem == thresholds.Problem.NOT_A_COUNT:
        message = _(
            "%(number)s cannot be the target: a target that counts activities or firms is a "
            "whole number from %(minimum)s to %(maximum)s."
        ) % {
            "number": number_text(number),
            "minimum": number_text(thresholds.MIN_COUNT),
            "maximum": number_text(thresholds.MAX_COUNT),
        }
    else:
        message = _(
            "%(number)s cannot be the target: a percentage is a number from %(minimum)s to "
            "%(maximum)s with at most two decimals."
        ) % {
            "number": number_text(number),
            "minimum": number_text(thresholds.MIN_PERCENTAGE),
            "maximum": number_text(thresholds.MAX_PERCENTAGE),
        }
    errors.append((layout.NEXT_THRESHOLD, message))
    return None


def _above_parents(revised, targets) -> list[RowError]:
    """Return a problem for each of-which target whose threshold next year is above its
    parent's threshold next year (each revised or kept)."""
    rows = {row.code: row for row in revised}
    by_pk = {target.pk: target for target in targets.values()}
    problems = []
    for row in revised:
        parent = by_pk.get(targets[row.code].parent_id)
        parent_row = rows.get(parent.code) if parent else None
        if parent_row and thresholds.exceeds_parent(row.new_threshold, parent_row.new_threshold):
            message = _(
                "%(number)s is more than %(parent)s, next year's target of %(code)s in row "
                "%(row)s: an of-which target cannot be above the target it is part of."
            ) % {
                "number": number_text(row.new_threshold),
                "parent": number_text(parent_row.new_threshold),
                "code": parent.code,
                "row": parent_row.row,
            }
            problems.append(RowError(row.row, layout.NEXT_THRESHOLD, message))
    return problems


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
