"""Bench of the year-end workbook: write_workbook on 100,000 activities, against its floor and its peer.

The 2018 agreement's log is emptied and a synthetic one of SIZE activities
generated (devtools.bench.data), then fully rolled up (untimed), as the workbook
is written after ``rollups.rollup_full``. Of the 100,000 activities generated
(the default seed), 90,689 are approved and not deleted: the rows of the
Aktiviteter sheet. The rest are submitted, drafts (many in the year's last weeks),
returned or deleted. Then:

- ``export_seconds_100k``: ``reporting.workbook.write_workbook(agreement, path)``
  in Danish to a temporary file, end to end (the selectors' reads, every sheet, the
  save).
- ``raw_writeonly_seconds_100k``: the floor. The workbook just written is read
  back (read-only, untimed) into each sheet's rows of values; then only writing
  them again is timed: openpyxl ``Workbook(write_only=True)``, the same sheets with
  the same values, no styles, no formats (but the ones openpyxl gives a date by
  itself: without one a date would read back as a number), no chart, no filter.
- ``import_export_seconds_100k``: the common peer. django-import-export's
  ``ModelResource`` for Activity with the Aktiviteter sheet's columns but the
  goals (an m2m the peer would need a query per row for), ``resource.export()``
  of the same activities in the same order, with ``force_native_type=True`` as
  its admin passes for a binary format, then ``dataset.export("xlsx")`` (tablib,
  a normal openpyxl workbook), the bytes written to a temporary file; end to end.
- ``export_over_floor_ratio`` (goal: at most 1.5) and ``peer_over_export_ratio``
  (goal: at least 3).

Each time is the best of RUNS runs after an untimed export (a warm-up, which also
gives the floor its workbook to read); the three take turns within a run, so that
a busy machine slows them alike.

- ``export_peak_mb_10k`` and ``export_peak_mb_100k``: the peak of Python's memory
  (tracemalloc, started just before write_workbook and read right after it; MB of
  2**20 bytes) while writing the workbook of a log of that many activities, in a
  run of its own (tracemalloc slows what it traces). The goal: flat, about the same
  at both sizes, as the activities are streamed a chunk at a time. Allocations by C
  libraries (lxml's buffers, the zip's) are not Python's, so not counted.

PostgreSQL only; the database is the bench's own. The log is emptied again at the
end (``data.clear()``): the benches after this one find no activities and no firms.
"""

import gc
import logging
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation
from import_export import fields, resources, widgets
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

from agreement.models import Agreement
from devtools.bench import data
from devtools.bench.rollup import AGREEMENT_YEAR, label
from reporting.models import Activity
from reporting.rollups import services as rollups
from reporting.workbook import activities as activity_sheet
from reporting.workbook.writer import write_workbook

logger = logging.getLogger(__name__)

SIZE = 100_000
MEMORY_SIZES = (10_000, 100_000)
RUNS = 3
LANGUAGE = "da"


def run(size: int = SIZE, memory_sizes=MEMORY_SIZES, runs: int = RUNS) -> dict[str, float]:
    """Benchmark the workbook on generated logs; return the figures by name.

    Empties the activity log first and again at the end.
    """
    agreement = Agreement.objects.get(year=AGREEMENT_YEAR)
    name = label(size)
    results = {}
    peaks = {}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-export-") as directory:
            directory = Path(directory)
            _prepare(agreement, size)
            seconds = measure(agreement, directory, runs=runs)
            results = {
                f"export_seconds_{name}": seconds["export"],
                f"raw_writeonly_seconds_{name}": seconds["floor"],
                f"import_export_seconds_{name}": seconds["peer"],
                "export_over_floor_ratio": seconds["export"] / seconds["floor"],
                "peer_over_export_ratio": seconds["peer"] / seconds["export"],
            }
            # The size already generated first, then the others, each on a log of its own.
            for each in sorted(memory_sizes, key=lambda each: each != size):
                if each != size:
                    _prepare(agreement, each)
                peaks[each] = export_peak_mb(agreement, directory / "peak.xlsx")
                logger.info(
                    "  peak Python memory, %s activities: %.1f MB", f"{each:,}", peaks[each]
                )
    finally:
        data.clear()
    for each in sorted(peaks):
        results[f"export_peak_mb_{label(each)}"] = peaks[each]
    return results


def measure(agreement: Agreement, directory: Path, *, runs: int = RUNS) -> dict[str, float]:
    """Time the export, its floor and its peer on the log there is, rolled up.

    Return the best of `runs` seconds of each, keyed ``export``, ``floor``, ``peer``.
    The files are written into `directory`: export.xlsx, floor.xlsx and peer.xlsx.
    """
    export_path = directory / "export.xlsx"
    floor_path = directory / "floor.xlsx"
    peer_path = directory / "peer.xlsx"
    logger.info("  warm-up export, read back for the floor")
    write_workbook(agreement, export_path, language=LANGUAGE)
    sheets = read_sheets(export_path)
    timings = {"export": [], "floor": [], "peer": []}
    for attempt in range(1, runs + 1):
        timings["export"].append(time_export(agreement, export_path))
        timings["floor"].append(time_floor(sheets, floor_path))
        timings["peer"].append(time_peer(agreement, peer_path))
        logger.info(
            "    run %d: export %.2f s, floor %.2f s, django-import-export %.2f s",
            attempt,
            timings["export"][-1],
            timings["floor"][-1],
            timings["peer"][-1],
        )
    return {kind: min(seconds) for kind, seconds in timings.items()}


def time_export(agreement: Agreement, path: Path) -> float:
    """Return the seconds write_workbook takes to write the agreement's workbook to path."""
    started = time.perf_counter()
    write_workbook(agreement, path, language=LANGUAGE)
    return time.perf_counter() - started


@dataclass
class SheetValues:
    """A sheet's title and rows of values, as openpyxl reads them back."""

    title: str
    rows: list[tuple] = field(default_factory=list)
    # Rows with a string openpyxl would write as a formula or an error value: its columns.
    texts: dict[int, list[int]] = field(default_factory=dict)


def read_sheets(path: Path) -> list[SheetValues]:
    """Read every sheet of the workbook (read-only): its title and its rows of values."""
    workbook = load_workbook(path, read_only=True)
    try:
        sheets = []
        for ws in workbook.worksheets:
            sheet = SheetValues(ws.title)
            # Tuples of plain values: the garbage collector leaves them alone while timing.
            for index, row in enumerate(ws.iter_rows(values_only=True)):
                sheet.rows.append(row)
                texts = [column for column, value in enumerate(row) if _taken_for_more(value)]
                if texts:
                    sheet.texts[index] = texts
            sheets.append(sheet)
        return sheets
    finally:
        workbook.close()


def time_floor(sheets: list[SheetValues], path: Path) -> float:
    """Return the seconds a plain write-only workbook takes to write the sheets' values."""
    started = time.perf_counter()
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title)
        texts = sheet.texts
        for index, row in enumerate(sheet.rows):
            if index in texts:
                row = _as_text(ws, row, texts[index])
            ws.append(row)
    workbook.save(path)
    return time.perf_counter() - started


def _taken_for_more(value) -> bool:
    """Say whether openpyxl would write the string as a formula or an error value."""
    return isinstance(value, str) and (
        (len(value) > 1 and value.startswith("=")) or value in ERROR_CODES
    )


def _as_text(ws, row, columns):
    """Return the row with the columns' strings in cells of the string type, and no style."""
    row = list(row)
    for column in columns:
        cell = WriteOnlyCell(ws, value=row[column])
        cell.data_type = "s"
        row[column] = cell
    return row


class ActivityResource(resources.ModelResource):
    """The Aktiviteter sheet's columns but the goals, as django-import-export declares them."""

    date = fields.Field(attribute="date", widget=widgets.DateWidget())
    house = fields.Field(attribute="house__name")
    delivered_in = fields.Field(attribute="delivered_in__name")
    activity_type = fields.Field(attribute="activity_type__name_da")
    cvr = fields.Field(attribute="firm__cvr")
    firm = fields.Field(attribute="firm__name")
    municipality = fields.Field(attribute="municipality__name")
    quantity = fields.Field(attribute="quantity", widget=widgets.DecimalWidget())
    participants = fields.Field(attribute="participants", widget=widgets.IntegerWidget())
    description = fields.Field(attribute="description")
    erp_id = fields.Field(attribute="erp_id")

    class Meta:
        model = Activity
        fields = (
            "date",
            "house",
            "delivered_in",
            "activity_type",
            "cvr",
            "firm",
            "municipality",
            "quantity",
            "participants",
            "description",
            "erp_id",
        )
        export_order = fields

    def get_export_headers(self, selected_fields=None):
        # The sheet's own headers, in the workbook's language.
        with translation.override(LANGUAGE):
            return [column.header for column in activity_sheet.columns()[: len(self._meta.fields)]]


def peer_queryset(agreement: Agreement):
    """Return the Aktiviteter sheet's activities, in its order, with what the columns show."""
    return (
        Activity.objects.alive()
        .approved()
        .in_agreement(agreement)
        .select_related("house", "delivered_in", "activity_type", "firm", "municipality")
        .order_by("date", "pk")
    )


def time_peer(agreement: Agreement, path: Path) -> float:
    """Return the seconds django-import-export takes to export the activities to an xlsx file."""
    started = time.perf_counter()
    dataset = ActivityResource().export(queryset=peer_queryset(agreement), force_native_type=True)
    path.write_bytes(dataset.export("xlsx"))
    return time.perf_counter() - started


def export_peak_mb(agreement: Agreement, path: Path) -> float:
    """Return the peak of Python's memory, in MB, while write_workbook writes to path."""
    gc.collect()
    tracemalloc.start()
    try:
        write_workbook(agreement, path, language=LANGUAGE)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def _prepare(agreement: Agreement, size: int) -> None:
    """Empty the log, generate one of `size` activities and roll it up (untimed)."""
    logger.info("export bench, %s activities: generating the log and rolling it up", f"{size:,}")
    data.clear()
    data.generate(agreement, size)
    rollups.rollup_full(agreement)
    rows = Activity.objects.alive().approved().in_agreement(agreement).count()
    logger.info("  %s approved activities: the Aktiviteter sheet's rows", f"{rows:,}")
