"""Cell values as Danish spreadsheets write them: text, dates, decimal commas, codes.

Each parser takes what openpyxl or the CSV reader gave (text, a number, a date)
and returns the value, or raises ValueError with the reason to show.
"""

import re
from datetime import date as Date
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

DATE_FORMATS = ("%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")
# 1.234 and 12.345.678 are thousands in Danish; 2.5 (one or two decimals) is a decimal point.
THOUSANDS_WITH_DOTS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def text(value) -> str:
    """Return the cell as text: whole numbers without a decimal point, blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | Date):
        return f"{value:%d.%m.%Y}"
    return str(value).strip()


def parse_date(value) -> Date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Date):
        return value
    written = text(value)
    # A date cell exported as text may carry midnight: "14.05.2018 00:00:00".
    day = written.split(" ", 1)[0]
    for date_format in DATE_FORMATS:
        try:
            return datetime.strptime(day, date_format).date()
        except ValueError:
            continue
    raise ValueError(
        _("%(value)s is not a date. Write it as dd.mm.yyyy, e.g. 14.05.2018.") % {"value": written}
    )


def parse_decimal(value) -> Decimal:
    """Read 2,5 and 1.234,5 (Danish), 2.5, and number cells."""
    if isinstance(value, bool):
        raise ValueError(_("Write a number, e.g. 1 or 2,5."))
    if isinstance(value, int | float):
        return Decimal(str(value))
    written = text(value).replace(" ", "").replace("\xa0", "")
    if "," in written:
        written = written.replace(".", "").replace(",", ".")
    elif THOUSANDS_WITH_DOTS.match(written):
        written = written.replace(".", "")
    try:
        number = Decimal(written)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(
            _("%(value)s is not a number. Write it as 1 or 2,5.") % {"value": text(value)}
        )
    return number


def parse_code(value) -> int:
    """Read a municipality code: 101, 101.0 from a number cell, or '0101'."""
    written = text(value)
    if not written.isascii() or not written.isdigit():
        raise ValueError(
            _("%(value)s is not a municipality code (three digits, e.g. 101).") % {"value": written}
        )
    return int(written)
