"""The "Revision" sheet of the year-end workbook: what the export writes and the upload reads.

One row per target of the agreement, under one header row. The KKRs fill in the
two open columns, next year's target and a comment; every other column is this
year's, and the check column (hidden) signs what the row says about the target,
so that a row changed outside the open columns, or moved to another agreement,
is refused on upload.
"""

from dataclasses import dataclass

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

SHEET_TITLE = "Revision"  # the same word in Danish and English: the upload finds it by name
HEADER_ROW = 1
FIRST_ROW = 2


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


def signature(year: int, code: str, threshold) -> str:
    """Sign the agreement's year, the target's code and its threshold, as the row states them.

    The threshold is signed as written: a number with two decimals, or "" for none.
    """
    threshold = "" if threshold in (None, "") else f"{float(threshold):.2f}"
    message = f"{year}|{code}|{threshold}"
    return salted_hmac("goals.revision.row", message).hexdigest()[:24]


def signature_matches(year: int, code, threshold, check) -> bool:
    try:
        expected = signature(year, str(code or ""), threshold)
    except (TypeError, ValueError):
        return False
    return constant_time_compare(expected, str(check or ""))
