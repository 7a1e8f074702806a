"""The documents' status colours are the dashboards'."""

import re
from pathlib import Path

from django.conf import settings

from reporting.palette import PROGRESS_COLOURS


def test_the_documents_palette_is_the_dashboards_stylesheets():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()

    for status, colour in PROGRESS_COLOURS.items():
        rule = re.search(rf"\.progress-{status.value} {{ background-color: #(\w+);", css)
        assert rule and rule.group(1).upper() == colour, status
