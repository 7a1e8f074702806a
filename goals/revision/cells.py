"""The cells of the Revision sheet as text and numbers, read as people type them in either
language, and numbers written as the portal writes them.
"""

import re
from decimal import Decimal

from django.utils.formats import number_format
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.spreadsheets import cell_decimal, cell_text

SPACES = re.compile(r"\s+")


def plain_text(value) -> str:
    """Return the cell as text to compare with what was written: spaces made single, and
    without the characters a worksheet cannot hold (the workbook leaves them out)."""
    return SPACES.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", cell_text(value))).strip()


def normal_text(value) -> str:
    """Return the cell as text to compare: spaces made single, case folded."""
    return plain_text(value).casefold()


def signed_threshold(value) -> str:
    """Return a threshold as the signature writes it: two decimals, or '' for none."""
    return "" if value in (None, "") else f"{float(value):.2f}"


def parse_number(value) -> Decimal:
    """Read 250, 2,5 and 1.234,5 (Danish), 2.5, "25 %" and number cells; raise ValueError."""
    return cell_decimal(value, percent=True)


def number_text(value) -> str:
    """Return the number as the portal writes it: 4.000, 2,5; a dash for none."""
    if value is None:
        return "–"
    value = Decimal(value)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value, force_grouping=True)


def value_text(value) -> str:
    """Return this year's value as the workbook stated it, for the preview."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(Decimal(str(value)))
    return cell_text(value)[:100]
