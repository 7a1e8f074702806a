"""Template helpers every app's pages use: file sizes.

Loaded as {% load portal %} (config.settings: TEMPLATES' libraries), as core is no app.
"""

from django import template

from core.formatting import file_size as _file_size

register = template.Library()


@register.filter
def file_size(size):
    """Write a file's size as the reader's language does: 612 byte, 1,2 MB."""
    return _file_size(size)
