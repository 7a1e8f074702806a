"""Check the plain values of an agreement file: texts, numbers, dates, lists of mappings.

Each check takes the mapping that holds the value, the key and the path of the
mapping; it records a problem as `path.key: problem` and returns a usable value
(a default where the value is wrong), so that checking goes on and every
problem of the file is found in one reading, up to MAX_PROBLEMS of them.
"""

import datetime
import re
from decimal import Decimal

SLUG = re.compile(r"^[-a-z0-9_]+$")
CODE = re.compile(r"^[-a-z0-9_.]+$")
# What a database cannot store in a text: NUL, and halves of a surrogate pair.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# More problems than anyone reads through: the check stops at the next one.
MAX_PROBLEMS = 100


class TooManyProblems(Exception):
    """Raised at the problem after the MAX_PROBLEMS-th: the file is too broken to check on."""


class Missing:
    """Stands for the value of a key that is absent."""


MISSING = Missing()


def quoted(value):
    """Quote a value for a problem's text; name the shape of a list or mapping instead."""
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"


def finite_decimal(value):
    """Return an int or float as a Decimal; None for anything else, NaN and the infinities."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = Decimal(str(value))
    return number if number.is_finite() else None


def _item_path(path, name, index, item):
    """Name a list item by its code or key where it has one, else by its position."""
    label = item.get("code", item.get("key")) if isinstance(item, dict) else None
    if isinstance(label, (str, int)) and not isinstance(label, bool):
        return f"{path}{name}[{label}]"
    return f"{path}{name}[{index}]"


class ValueChecker:
    """Check plain values, collecting every problem in `errors`."""

    def __init__(self):
        self.errors = []

    def error(self, path, problem):
        if len(self.errors) == MAX_PROBLEMS:
            raise TooManyProblems
        self.errors.append(f"{path}: {problem}")

    def mapping(self, value, path, allowed):
        if not isinstance(value, dict):
            self.error(path, "must be a mapping of keys to values")
            return None
        for key in value:
            if key not in allowed:
                self.error(f"{path}.{key}", f"unknown key (expected one of: {', '.join(allowed)})")
        return value

    def items(self, parent, key, path, *, required=True):
        """Return the list under `key` as (path, item) pairs of mappings."""
        value = parent.get(key)
        if value is None:
            if required:
                self.error(f"{path}{key}", "is required")
            return []
        if not isinstance(value, list):
            self.error(f"{path}{key}", "must be a list")
            return []
        if required and not value:
            self.error(f"{path}{key}", "must not be empty")
        pairs = []
        for index, item in enumerate(value):
            item_path = _item_path(path, key, index, item)
            if not isinstance(item, dict):
                self.error(item_path, "must be a mapping of keys to values")
                continue
            pairs.append((item_path, item))
        return pairs

    def given(self, parent, key, path, *, required):
        """Return the value under `key`, or MISSING where it is absent, null or empty."""
        value = parent.get(key, MISSING)
        if value is None or value == "":
            value = MISSING
        if value is MISSING and required:
            self.error(f"{path}.{key}", "is required")
        return value

    def text(self, parent, key, path, *, required=True, max_length=None, pattern=None):
        value = self.given(parent, key, path, required=required)
        where = f"{path}.{key}"
        if value is MISSING:
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(where, "must be text")
            return ""
        value = value.strip()
        if UNSTORABLE.search(value):
            self.error(
                where, "contains a character that cannot be stored (NUL or a lone surrogate)"
            )
        if max_length and len(value) > max_length:
            self.error(where, f"must be at most {max_length} characters")
        if pattern and not pattern.match(value):
            self.error(where, "may contain only lower-case letters, digits, '-', '_' and '.'")
        return value

    def whole_number(self, parent, key, path, *, minimum, maximum, required=True):
        value = self.given(parent, key, path, required=required)
        if value is MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            self.error(f"{path}.{key}", f"must be a whole number from {minimum} to {maximum}")
            return None
        return value

    def number(self, parent, key, path, *, minimum, maximum, above_minimum=False):
        """Return the optional number under `key` as a Decimal of at most two decimals."""
        value = self.given(parent, key, path, required=False)
        if value is MISSING:
            return None
        number = finite_decimal(value)
        if (
            number is None
            or (number <= minimum if above_minimum else number < minimum)
            or number > maximum
            or number.as_tuple().exponent < -2
        ):
            bounds = f"above {minimum} and at most" if above_minimum else f"from {minimum} to"
            self.error(
                f"{path}.{key}", f"must be a number {bounds} {maximum}, with at most two decimals"
            )
            return None
        return number

    def flag(self, parent, key, path, *, default=False):
        value = parent.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(f"{path}.{key}", "must be true or false")
            return False
        return value

    def date(self, parent, key, path, *, required=True):
        value = self.given(parent, key, path, required=required)
        if value is MISSING:
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                pass
        if not isinstance(value, datetime.date):
            self.error(f"{path}.{key}", "must be a date written YYYY-MM-DD")
            return None
        return value

    def choice(self, parent, key, path, choices, *, required=True, default=""):
        value = self.given(parent, key, path, required=required)
        if value is MISSING:
            return default
        if not isinstance(value, str) or value not in choices:
            self.error(f"{path}.{key}", f"must be one of: {', '.join(sorted(choices))}")
            return default
        return value

    def unique(self, seen, value, path, what):
        if value and value in seen:
            self.error(path, f"{what} '{value}' is used more than once")
        seen.add(value)
