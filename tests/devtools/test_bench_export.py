"""The bench's workbook timings: the export, its write-only floor and django-import-export.

`make bench` times them on 100,000 activities; these run the same code on a few
hundred and check that the floor writes the same sheets and values as the export.
PostgreSQL only, as the bench: the log is written by SQL.
"""

import pytest
from django.db import connection

from devtools.bench import data, export
from reporting.models import Activity, Firm
from reporting.rollups import services as rollups

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the bench's log is written by PostgreSQL SQL"
    ),
    # The generator vacuums its tables, which no transaction may do.
    pytest.mark.django_db(transaction=True),
]

SIZE = 300


@pytest.fixture
def year(agreement_2018):
    data.generate(agreement_2018, SIZE)
    rollups.rollup_full(agreement_2018)
    return agreement_2018


def approved(agreement):
    return Activity.objects.alive().approved().in_agreement(agreement).count()


def test_the_floor_writes_the_same_sheets_and_values_as_the_export(year, tmp_path):
    export_seconds = export.time_export(year, tmp_path / "export.xlsx")
    sheets = export.read_sheets(tmp_path / "export.xlsx")
    floor_seconds = export.time_floor(sheets, tmp_path / "floor.xlsx")

    assert export_seconds > 0
    assert floor_seconds > 0
    floor = export.read_sheets(tmp_path / "floor.xlsx")
    assert [sheet.title for sheet in floor] == [sheet.title for sheet in sheets]
    assert [sheet.rows for sheet in floor] == [sheet.rows for sheet in sheets]
    titles = [sheet.title for sheet in sheets]
    assert "Aktiviteter" in titles
    activities = sheets[titles.index("Aktiviteter")]
    assert len(activities.rows) == 1 + approved(year) > 1


def test_the_floor_keeps_a_text_that_looks_like_a_formula_a_text(year, tmp_path):
    Activity.objects.filter(pk=Activity.objects.approved().order_by("pk")[0].pk).update(
        description="=SUM(A1:A2)", erp_id="#N/A"
    )
    export.time_export(year, tmp_path / "export.xlsx")
    sheets = export.read_sheets(tmp_path / "export.xlsx")
    export.time_floor(sheets, tmp_path / "floor.xlsx")

    assert [sheet.rows for sheet in export.read_sheets(tmp_path / "floor.xlsx")] == [
        sheet.rows for sheet in sheets
    ]
    assert any("=SUM(A1:A2)" in row and "#N/A" in row for sheet in sheets for row in sheet.rows)


def test_the_peer_exports_the_activity_sheets_rows_but_the_goals(year, tmp_path):
    seconds = export.time_peer(year, tmp_path / "peer.xlsx")

    assert seconds > 0
    export.time_export(year, tmp_path / "export.xlsx")
    sheets = {sheet.title: sheet for sheet in export.read_sheets(tmp_path / "export.xlsx")}
    (peer,) = export.read_sheets(tmp_path / "peer.xlsx")
    expected = [_padded(row[:11]) for row in sheets["Aktiviteter"].rows]
    assert [_padded(row) for row in peer.rows] == expected


def _padded(row):
    """The row's 11 values, an empty string read as None, missing trailing cells as None."""
    values = [None if value == "" else value for value in row]
    return values + [None] * (11 - len(values))


def test_measure_and_the_peak_give_positive_figures(year, tmp_path):
    seconds = export.measure(year, tmp_path, runs=1)

    assert set(seconds) == {"export", "floor", "peer"}
    assert all(value > 0 for value in seconds.values())
    assert export.export_peak_mb(year, tmp_path / "peak.xlsx") > 0


def test_run_gives_every_figure_and_empties_the_log(agreement_2018):
    results = export.run(size=300, memory_sizes=(200, 300), runs=1)

    assert set(results) == {
        "export_seconds_300",
        "raw_writeonly_seconds_300",
        "import_export_seconds_300",
        "export_over_floor_ratio",
        "peer_over_export_ratio",
        "export_peak_mb_200",
        "export_peak_mb_300",
    }
    assert all(value > 0 for value in results.values())
    assert not Activity.objects.exists()
    assert not Firm.objects.exists()
