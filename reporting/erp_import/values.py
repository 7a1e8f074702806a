"""Cell values as Danish spreadsheets write them: text, dates, decimal commas, codes.

Each parser takes what openpyxl or the CSV reader gave (text, a number, a date)
and returns the value, or raises ValueError with the reason to show.
"""

from datetime import date as Date
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from core.spreadsheets import cell_decimal, cell_text

DATE_FORMATS = ("%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")


def parse_date(value) -> Date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Date):
        return value
    written = cell_text(value)
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
    try:
        return cell_decimal(value)
    except ValueError:
        raise ValueError(
            _("%(value)s is not a number. Write it as 1 or 2,5.") % {"value": cell_text(value)}
        ) from None


def parse_code(value) -> int:
    """Read a municipality code: 101, 101.0 from a number cell, or '0101'."""
    written = cell_text(value)
    if not written.isascii() or not written.isdigit():
        raise ValueError(
            _("%(value)s is not a municipality code (three digits, e.g. 101).") % {"value": written}
        )
    return int(written)
