"""The import format: its columns, their Danish headers, and how a file's headers map to them.

The headers are the format's own and stay Danish whatever language the user reads
the portal in; FORMAT.md describes each column.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: str
    example: str


COLUMNS = (
    Column(
        "date",
        "Dato",
        True,
        _(
            "The day of the activity, inside the agreement's period: 14.05.2018, 14-05-2018, "
            "2018-05-14 or a date cell."
        ),
        "14.05.2018",
    ),
    Column(
        "activity_type",
        "Aktivitetstype",
        True,
        _(
            "The activity type's name, in Danish or English, or its code, e.g. Vejledning or "
            "guidance."
        ),
        "Vejledning",
    ),
    Column(
        "house",
        "Leverende væksthus",
        True,
        _(
            "The growth house that did the work: its name, short name (VHHR, VSJ) or key. "
            "Only your own house's rows are imported."
        ),
        "VHHR",
    ),
    Column(
        "delivered_in",
        "Leveret i væksthus",
        False,
        _(
            "The other growth house, for work delivered in its region; empty (or your own "
            "house) otherwise."
        ),
        "",
    ),
    Column(
        "cvr",
        "CVR-nummer",
        False,
        _("The firm's CVR number (8 digits). Needed for the types that are with one firm."),
        "10150817",
    ),
    Column(
        "firm_name",
        "Virksomhedsnavn",
        False,
        _("The firm's name. Used only when the CVR number is new to the portal."),
        "Eksempel ApS",
    ),
    Column(
        "municipality_code",
        "Kommunekode",
        False,
        _(
            "The municipality's official code, e.g. 101 for København. Empty: the firm's "
            "municipality. Needed for a new firm."
        ),
        "101",
    ),
    Column(
        "quantity",
        "Antal",
        False,
        _("How many, with a decimal comma: 1, 2,5 or 1.234,5. Empty: 1."),
        "1",
    ),
    Column(
        "description",
        "Beskrivelse",
        False,
        _("What was done, in a few words."),
        "Vejledning om eksport til Tyskland.",
    ),
    Column(
        "goal",
        "Mål",
        False,
        _(
            "The goal the activity counts for, in the agreement's numbering, e.g. a) 4c or "
            "b) a). Needed where the activity type counts for several goals; empty: the "
            "type's goal."
        ),
        "",
    ),
    Column(
        "erp_id",
        "ERP-id",
        True,
        _(
            "The record's id in the ERP system, unique in the file. A row with an id already "
            "imported updates that activity."
        ),
        "A-2018-0001",
    ),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}

# The activity's fields as the columns the import reads them from, for the model's errors.
COLUMN_OF_FIELD = {
    "date": "date",
    "activity_type": "activity_type",
    "house": "house",
    "delivered_in": "delivered_in",
    "firm": "cvr",
    "municipality": "municipality_code",
    "quantity": "quantity",
    "description": "description",
    "erp_id": "erp_id",
}


def normalise_header(header) -> str:
    """Return the header as compared: case, spaces, dots, hyphens and underscores ignored."""
    return re.sub(r"[\s._\-]+", "", str(header or "")).casefold()


@dataclass
class Layout:
    """Where each column of the format is in one file: its position, or absent."""

    headers: list[str]
    positions: dict[str, int]

    @property
    def missing_required(self) -> list[Column]:
        return [c for c in COLUMNS if c.required and c.key not in self.positions]

    @property
    def missing_optional(self) -> list[Column]:
        return [c for c in COLUMNS if not c.required and c.key not in self.positions]

    @property
    def complete(self) -> bool:
        return not self.missing_required

    def header_of(self, key) -> str:
        return self.headers[self.positions[key]] if key in self.positions else ""


def resolve_layout(headers: list[str], saved: dict[str, str] | None = None) -> Layout:
    """Find each column in the file's headers: by the house's saved mapping, else by the format.

    A file header is used for one column only.
    """
    positions_by_header = {}
    for position, header in enumerate(headers):
        positions_by_header.setdefault(normalise_header(header), position)
    positions_by_header.pop("", None)
    positions, used = {}, set()
    for column in COLUMNS:
        for candidate in ((saved or {}).get(column.key), column.header):
            position = positions_by_header.get(normalise_header(candidate))
            if candidate and position is not None and position not in used:
                positions[column.key] = position
                used.add(position)
                break
    return Layout(headers=list(headers), positions=positions)
