"""Bars for the dashboards, drawn as SVG so that they need neither JavaScript nor inline styles."""

from decimal import Decimal

from django import template

from goals.models import Target

register = template.Library()

HUNDRED = Decimal(100)


def _share(value, threshold) -> Decimal:
    """Return the value as a share of the threshold in percent, between 0 and 100."""
    return max(Decimal(0), min(HUNDRED, Decimal(value) / threshold * HUNDRED))


@register.inclusion_tag("reporting/includes/bar.html")
def progress_bar(target, row, pace=None, area_value=None):
    """Draw a target's value against its threshold, with the pace line and an area's part.

    Only targets with a threshold get a bar: counts and distinct firms, with the line
    where the pace stands today, and effects (a percentage against a percentage).
    """
    if row is None or row.value is None or not target.threshold:
        return {"bar": None}
    width = _share(row.value, target.threshold)
    if area_value == "":  # a target that no area counts
        area_value = None
    return {
        "bar": True,
        "status": row.status,
        "width": f"{width:.2f}",
        "area_width": None
        if area_value is None
        else f"{min(width, _share(area_value, target.threshold)):.2f}",
        "pace_x": f"{min(Decimal(pace) * HUNDRED, Decimal('99.5')):.2f}"
        if pace is not None and target.kind in Target.COUNTING_KINDS
        else None,
    }


@register.filter
def concerns(target, house):
    """Return whether the target concerns the growth house (None: all houses); see Target."""
    return target.concerns(house or None)


@register.inclusion_tag("reporting/includes/sort_header.html", takes_context=True)
def sort_header(context, label, key, *, numeric=False, css=""):
    """A column header that sorts the table by the column, and says how it is sorted.

    A number column sorts largest first on the first click; a name column A to Z.
    The sorting is done by the server, so the links work without JavaScript.
    """
    current = context.get("sort", "")
    if current.removeprefix("-") == key:
        descending = current.startswith("-")
        following = key if descending else f"-{key}"
        state = "descending" if descending else "ascending"
    else:
        following, state = (f"-{key}" if numeric else key), None
    query = context.get("filter_query", "")
    return {
        "label": label,
        "state": state,
        "href": f"?{query}&sort={following}" if query else f"?sort={following}",
        "css": css,
    }
