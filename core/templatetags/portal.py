"""Template helpers every app's pages use: file sizes, and abbreviations explained.

Loaded as {% load portal %} (config.settings: TEMPLATES' libraries), as core is no app.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

from core.formatting import file_size as _file_size

register = template.Library()

# The abbreviations the pages use, with the full name a reader who does not know them needs.
# A growth house's short name (VSJ, VHHR) comes with its name: includes/organisation_label.html.
ABBREVIATIONS = {
    "CVR": _("The Central Business Register"),
    "ERP": _("Enterprise Resource Planning: the growth houses' business system"),
    "KKR": _("Municipal contact council"),
}


@register.filter
def file_size(size):
    """Write a file's size as the reader's language does: 612 byte, 1,2 MB."""
    return _file_size(size)


@register.simple_tag
def abbr(short, title=None):
    """Mark an abbreviation up with its full name, for its first use on a page: one of
    ABBREVIATIONS, or another (an organisation's short name) with the title given.

    {% abbr "CVR" %}, or {% abbr "CVR" as cvr %} to place it in a translated sentence.
    """
    if title is None:
        title = ABBREVIATIONS[short]
    if not title:
        return conditional_escape(short)
    return format_html('<abbr title="{}">{}</abbr>', title, short)
