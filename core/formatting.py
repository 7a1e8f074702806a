"""Quantities written as a reader of the active language writes them."""

from django.utils.formats import number_format
from django.utils.html import avoid_wrapping
from django.utils.translation import ngettext

KILOBYTE = 1024
UNITS = ["KB", "MB", "GB", "TB"]


def file_size(size: int) -> str:
    """Return a file's size for people: "612 byte" and "1,2 MB" in Danish, "612 bytes" and
    "1.2 MB" in English (a whole number without its decimal: "10 MB"), never split over
    two lines."""
    size = max(int(size or 0), 0)
    if size < KILOBYTE:
        return avoid_wrapping(ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size})
    value, unit = size / KILOBYTE, UNITS[0]
    for larger in UNITS[1:]:
        if round(value, 1) < KILOBYTE:
            break
        value, unit = value / KILOBYTE, larger
    value = round(value, 1)
    decimals = 0 if value == int(value) else 1
    return avoid_wrapping(f"{number_format(value, decimals)} {unit}")
