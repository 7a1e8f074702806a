"""The cells of the Revision sheet as text and numbers, read as people type them in either
language, and numbers written as the portal writes them.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format

THOUSANDS_WITH_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
SPACES = re.compile(r"\s+")


def cell_text(value) -> str:
    """Return the cell as text: whole numbers without a decimal point, blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def normal_text(value) -> str:
    """Return the cell as text to compare: spaces made single, case folded."""
    return SPACES.sub(" ", cell_text(value)).casefold()


def signed_threshold(value) -> str:
    """Return a threshold as the signature writes it: two decimals, or '' for none."""
    return "" if value in (None, "") else f"{float(value):.2f}"


def parse_number(value) -> Decimal:
    """Read 250, 2,5 and 1.234,5 (Danish), 2.5, "25 %" and number cells; raise ValueError."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        written = cell_text(value).replace(" ", "").replace("\xa0", "").removesuffix("%")
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
