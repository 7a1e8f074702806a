"""CSV as Danish Excel opens it: UTF-8 with a BOM, `;` between fields and a decimal comma.

One renderer serves the API's lists (`?format=csv`) and the pages' "Hent som CSV" links,
which point at the same endpoints.
"""

import csv
import io
from decimal import Decimal

from rest_framework.renderers import BaseRenderer

from core.spreadsheets import FORMULA_STARTS


class DanishCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = [flatten(row) for row in _rows(data)]
        header = list(dict.fromkeys(key for row in rows for key in row))
        if not header:
            view = (renderer_context or {}).get("view")
            header = list(getattr(view, "csv_header", lambda: [])())
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(row.get(key)) for key in header])
        return out.getvalue().encode(self.charset)


def _rows(data):
    if isinstance(data, dict) and "results" in data:
        return data["results"]
    if isinstance(data, list):
        return data
    return [data] if data else []


def flatten(row, prefix="") -> dict:
    """Return the row with nested objects as `outer.inner` columns."""
    flat = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def cell(value) -> str:
    """Return the value as a Danish spreadsheet reads it: decimal comma, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (Decimal, float)):
        return format(Decimal(str(value)).normalize(), "f").replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return cell(", ".join(str(each) for each in value))
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
