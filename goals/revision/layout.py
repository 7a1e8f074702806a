"""The "Revision" sheet of the year-end workbook: what the export writes and the upload reads.

A line of instructions (row 1), then one row per target of the agreement under one
header row (row 2). The KKRs fill in the
two open columns, next year's target and a comment; every other column is this
year's, locked in the sheet. The check column (hidden) signs the row's year, code and
threshold, so that a row moved to another agreement, or with another threshold, is
refused on upload; the upload compares the focus area, goal, text and kind with the
agreement. This year's value, percentage and status are the progress as the workbook
was downloaded, which moves on as work is logged: the upload cannot check them, and
ignores them.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from goals.revision.cells import plain_text, signed_threshold

SHEET_TITLE = "Revision"  # the same word in Danish and English: the upload finds it by name
INSTRUCTIONS_ROW = 1
HEADER_ROW = 2
FIRST_ROW = 3


@dataclass(frozen=True)
class Column:
    key: str
    number: int  # 1 is column A


CODE, FOCUS_AREA, GOAL, TEXT, KIND, THRESHOLD, VALUE, PERCENTAGE, STATUS = (
    Column("code", 1),
    Column("focus_area", 2),
    Column("goal", 3),
    Column("text", 4),
    Column("kind", 5),
    Column("threshold", 6),
    Column("value", 7),
    Column("percentage", 8),
    Column("status", 9),
)
NEXT_THRESHOLD = Column("next_threshold", 10)
COMMENT = Column("comment", 11)
CHECK = Column("check", 12)
COLUMNS = [
    CODE,
    FOCUS_AREA,
    GOAL,
    TEXT,
    KIND,
    THRESHOLD,
    VALUE,
    PERCENTAGE,
    STATUS,
    NEXT_THRESHOLD,
    COMMENT,
    CHECK,
]
OPEN_COLUMNS = {NEXT_THRESHOLD, COMMENT}  # the ones the KKRs fill in
# Locked, and compared on upload with what the agreement says as text (compared_texts).
COMPARED_COLUMNS = [FOCUS_AREA, GOAL, TEXT, KIND]
# Every column the upload checks against the agreement; the code and threshold are signed too.
CHECKED_COLUMNS = [CODE, *COMPARED_COLUMNS, THRESHOLD]
# Locked, but this year's progress as it was when the workbook was downloaded: not read.
IGNORED_COLUMNS = [VALUE, PERCENTAGE, STATUS]


def headers(year: int) -> list[str]:
    """Return the header row in the active language, in the order of COLUMNS."""
    return [
        _("Code"),
        _("Focus area"),
        _("Goal"),
        _("Target"),
        _("Kind"),
        _("Target %(year)s") % {"year": year},
        _("Value %(year)s") % {"year": year},
        _("Percentage"),
        _("Status"),
        _("Target %(year)s") % {"year": year + 1},
        _("Comment"),
        _("Check"),
    ]


def column_names(columns, year: int) -> str:
    """Return the columns' headers in words, in the active language: "Value 2018,
    Percentage and Status"."""
    names = headers(year)
    return get_text_list([names[COLUMNS.index(column)] for column in columns], _("and"))


def ignored_columns_text(year: int) -> str:
    """Say plainly which columns the upload ignores, and why."""
    return _(
        "%(columns)s are this year's progress as the workbook was downloaded; progress moves "
        "on as work is logged, so the upload does not check them, and changes made to them "
        "are ignored."
    ) % {"columns": column_names(IGNORED_COLUMNS, year)}


def instructions(year: int) -> str:
    """Return the line above the header: what the KKRs fill in, and where."""
    return _(
        "Fill in the yellow columns, %(next)s and %(comment)s, for each target; leave the "
        "other columns as they are. Then an administrator uploads the workbook under "
        "“Revise the agreement”."
    ) % {"next": headers(year)[COLUMNS.index(NEXT_THRESHOLD)], "comment": _("Comment")}


def written_texts(target) -> dict[Column, str]:
    """Return what the workbook writes of the target in COMPARED_COLUMNS, in the active
    language. The target's goal and its focus area are read: select them with the target."""
    goal = target.goal
    return {
        FOCUS_AREA: goal.focus_area.code if goal else _("National"),
        GOAL: goal.label if goal else "",
        TEXT: target.text,
        KIND: target.get_kind_display(),
    }


def compared_texts(target) -> dict[Column, set[str]]:
    """Return, for each of COMPARED_COLUMNS, the texts the workbook writes of the target in
    the languages it may be downloaded in (as cells.plain_text reads them)."""
    texts = {column: set() for column in COMPARED_COLUMNS}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for column, text in written_texts(target).items():
                texts[column].add(plain_text(text))
    return texts


def signature(year: int, code: str, threshold) -> str:
    """Sign the agreement's year, the target's code and its threshold, as the row states them.

    The threshold is signed as written: a number with two decimals, or "" for none.
    """
    message = f"{year}|{code}|{signed_threshold(threshold)}"
    return salted_hmac("goals.revision.row", message).hexdigest()[:24]


def signature_matches(year: int, code, threshold, check) -> bool:
    try:
        expected = signature(year, str(code or ""), threshold)
    except (TypeError, ValueError):
        return False
    return constant_time_compare(expected, str(check or ""))
