"""The year-end workbook: every sheet against the dashboards' selectors, the revision
layout, text that stays text, the formatting, and the export command."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from agreement.models import Organisation
from agreement.selectors import agreement_municipalities
from goals import services as goal_services
from goals.models import Goal, Progress, StatusText, Target
from goals.revision import layout
from reporting.activities import services
from reporting.models import Activity, Firm
from reporting.rollups import services as rollups
from reporting.rollups.selectors import Scope, agreement_progress, municipality_figures
from reporting.workbook import cells
from reporting.workbook.writer import write_workbook
from tests.factories import SJAELLAND, make_activity, make_firm

pytestmark = pytest.mark.django_db

MID_YEAR = datetime.date(2018, 6, 30)
APPROVED = Activity.Status.APPROVED
HOUSES = ["Væksthus Hovedstadsregionen", "Væksthus Sjælland"]
DANISH_SHEETS = [
    "Forside",
    "Oversigt",
    *HOUSES,
    "Virksomheder",
    "Kommuner",
    "Aktiviteter",
    "Effektmål",
    "Statustekster",
    "Revision",
]
ENGLISH_SHEETS = [
    "Cover",
    "Overview",
    *HOUSES,
    "Firms",
    "Municipalities",
    "Activities",
    "Effect measurements",
    "Status texts",
    "Revision",
]
# Sheets by place, whatever the language.
COVER, OVERVIEW, FIRST_HOUSE, SECOND_HOUSE, FIRMS, MUNICIPALITIES = 0, 1, 2, 3, 4, 5
ACTIVITIES, MEASUREMENTS, STATUS_TEXTS, REVISION = 6, 7, 8, 9
DATA_SHEETS = slice(OVERVIEW, None)  # the sheets under a header row
# Overview and house sheets: the columns after focus area, goal and target text.
KIND, THRESHOLD, VALUE, PERCENTAGE, STATUS, POINTS, LATEST_TEXT, TEXT_FROM = range(3, 11)
INJECTIONS = ['=HYPERLINK("x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx", "#N/A"]


def write(agreement, **options):
    buffer = io.BytesIO()
    rows = write_workbook(agreement, buffer, **options)
    buffer.seek(0)
    workbook = load_workbook(buffer)
    workbook.rows_written = rows
    return workbook


def first_row(sheet):
    """Return the first data row: the Revision sheet has a line of instructions first."""
    return layout.FIRST_ROW if sheet.title == layout.SHEET_TITLE else 2


def values(sheet):
    """Return the data rows' values, header left out."""
    return [list(row) for row in sheet.iter_rows(min_row=first_row(sheet), values_only=True)]


def data_cells(sheet):
    return list(sheet.iter_rows(min_row=first_row(sheet)))


def write_status_text(manager, *, goal="a.4a", quarter, text, status=Progress.ON_TRACK):
    return goal_services.status_text_save(
        goal=Goal.objects.get(code=goal),
        house=manager.organisation,
        quarter=quarter,
        status=status,
        text=text,
        author=manager,
    )


@pytest.fixture
def logged(hanne, sofie, mads, morten, agreement_2018):
    """A small hand-checked year, with firms in København and Næstved.

    Approved: Hovedstaden guided 2 København firms and 1 Næstved firm, and ran a growth
    course (2.5, 12 participants, a København firm) delivered in Sjælland; Sjælland guided
    the same Næstved firm and mapped another. Not approved: a submitted, a draft and a
    returned activity; one approved activity deleted. Two status texts on goal 4a, and an
    effect measurement of each house.
    """
    copenhagen = [make_firm(user=hanne, municipality_code=101) for _ in range(2)]
    naestved = make_firm(user=sofie, municipality_code=370, name="Næstved Maskiner A/S")
    for firm in copenhagen:
        make_activity(author=hanne, firm=firm, status=APPROVED, description="Vejledning")
    imported = make_activity(author=hanne, firm=naestved, status=APPROVED)
    Activity.objects.filter(pk=imported.pk).update(erp_id="ERP-7")  # as an import sets it
    make_activity(author=sofie, firm=naestved, status=APPROVED, date=datetime.date(2018, 5, 2))
    make_activity(
        author=sofie,
        activity_type="growth_mapping",
        firm=make_firm(user=sofie, municipality_code=370),
        status=APPROVED,
        date=datetime.date(2018, 4, 9),
    )
    make_activity(
        author=hanne,
        activity_type="growth_course",
        delivered_in=Organisation.objects.get(key=SJAELLAND),
        status=APPROVED,
        quantity=Decimal("2.5"),
        participants=12,
        date=datetime.date(2018, 2, 10),
    )
    make_activity(author=sofie, status=Activity.Status.SUBMITTED, description="Afventer")
    make_activity(author=sofie, status=Activity.Status.DRAFT, description="Kladde")
    returned = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    services.activity_return(activity=returned, user=mads, version=returned.version, reason="Nej")
    deleted = make_activity(author=hanne, status=APPROVED, description="Slettet")
    services.activity_delete(activity=deleted, user=mads, version=deleted.version)

    write_status_text(mads, quarter=1, text="Hovedstaden i gang")
    write_status_text(morten, quarter=2, text="Sjælland foran", status=Progress.AT_RISK)
    target = Target.objects.get(code="b.b.international-activity")
    for manager, numerator, denominator in [(mads, 132, 410), (morten, 30, 120)]:
        goal_services.effect_measurement_create(
            target=target,
            house=manager.organisation,
            numerator=numerator,
            denominator=denominator,
            source="Kundeundersøgelse",
            measured_on=datetime.date(2018, 6, 1),
            author=manager,
            note="Spørgeskema",
        )
    rollups.rollup_full(agreement_2018, today=MID_YEAR)
    return agreement_2018


@pytest.fixture
def workbook(logged):
    return write(logged)


# The sheets.


def test_the_sheets_have_danish_names_in_order(workbook):
    assert workbook.sheetnames == DANISH_SHEETS


def test_in_english_the_sheets_and_headers_are_english(logged):
    workbook = write(logged, language="en")

    assert workbook.sheetnames == ENGLISH_SHEETS
    assert [cell.value for cell in workbook["Overview"][1]] == [
        "Focus area",
        "Goal",
        "Target",
        "Kind",
        "At least",
        "Value",
        "Percentage",
        "Status",
        "Points",
        "Latest status text, Væksthus Hovedstadsregionen",
        "Latest status text, Væksthus Sjælland",
    ]
    assert workbook["Activities"]["A1"].value == "Date"
    assert workbook["Overview"].cell(row=2, column=STATUS + 1).value == "Behind"
    with translation.override("en"):
        assert [cell.value for cell in workbook["Revision"][layout.HEADER_ROW]] == layout.headers(
            2018
        )


def test_the_danish_headers(workbook):
    assert [cell.value for cell in workbook["Oversigt"][1]][:3] == [
        "Indsatsområde",
        "Mål",
        "Måltal",
    ]
    assert workbook["Kommuner"]["A1"].value == "Kommune"
    assert workbook["Oversigt"].cell(row=2, column=STATUS + 1).value == "Bagud"


def test_the_overview_and_house_sheets_hold_every_target_as_the_dashboards_do(logged, workbook):
    progress = agreement_progress(logged)
    sheets = [
        (workbook.worksheets[OVERVIEW], lambda target: target.total_progress),
        (workbook.worksheets[FIRST_HOUSE], lambda target: target.house_progress[0]),
        (workbook.worksheets[SECOND_HOUSE], lambda target: target.house_progress[1]),
    ]
    assert [house.name for house in progress.houses] == HOUSES
    for sheet, progress_of in sheets:
        rows = values(sheet)
        assert len(rows) == len(progress.targets)
        for target, row in zip(progress.targets, rows, strict=True):
            stored = progress_of(target)
            assert row[2] == target.text
            assert row[KIND] == str(target.get_kind_display())
            assert_number(row[THRESHOLD], target.threshold)
            assert_number(row[VALUE], stored.value)
            assert_number(
                row[PERCENTAGE], None if stored.percentage is None else stored.percentage / 100
            )
            with translation.override("da"):
                assert row[STATUS] == Progress(stored.status).label
            assert_number(row[POINTS], stored.points if stored.max_points else None)


def test_national_targets_come_first_with_the_figures_of_the_dashboards(workbook):
    overview = values(workbook.worksheets[OVERVIEW])

    # The Næstved firm guided by both houses counts once.
    assert overview[0][:2] == ["Nationalt", None]
    assert overview[0][2].startswith("I aftalen forpligtes Væksthusene")
    assert (overview[0][THRESHOLD], overview[0][VALUE]) == (4000, 4)
    assert overview[0][PERCENTAGE] == pytest.approx(0.001)
    assert overview[0][POINTS] is None  # the national targets are not scored
    assert values(workbook.worksheets[FIRST_HOUSE])[0][VALUE] == 3
    assert values(workbook.worksheets[SECOND_HOUSE])[0][VALUE] == 2


def test_the_goal_is_in_the_agreements_numbering(workbook):
    rows = {row[2]: row for row in values(workbook.worksheets[OVERVIEW])}
    growth_courses = Target.objects.get(code="a.4a.growth-courses")

    assert rows[growth_courses.text][:2] == ["a", "4a"]
    assert rows[growth_courses.text][VALUE] == 1


def test_the_overview_shows_the_newest_status_text_of_either_house(workbook):
    growth_courses = Target.objects.get(code="a.4a.growth-courses").text
    by_target = {
        index: {row[2]: row for row in values(workbook.worksheets[index])}
        for index in (OVERVIEW, FIRST_HOUSE, SECOND_HOUSE)
    }

    overview = by_target[OVERVIEW][growth_courses]
    assert overview[LATEST_TEXT:] == [
        "Hovedstaden i gang\n(1. kvartal: januar–marts 2018)",
        "Sjælland foran\n(2. kvartal: april–juni 2018)",
    ]
    first_house = by_target[FIRST_HOUSE][growth_courses]
    assert first_house[LATEST_TEXT:] == [
        "Hovedstaden i gang",
        "Væksthus Hovedstadsregionen, 1. kvartal: januar–marts 2018",
    ]
    assert by_target[SECOND_HOUSE][growth_courses][LATEST_TEXT] == "Sjælland foran"
    national = by_target[OVERVIEW][Target.objects.get(code="national.guided-firms").text]
    assert national[LATEST_TEXT:] == [None, None]


def test_the_municipalities_sheet_is_the_municipalities_dashboard(logged, workbook):
    national, figures = municipality_figures(logged, Scope(), agreement_municipalities(logged))
    sheet = workbook.worksheets[MUNICIPALITIES]
    rows = values(sheet)

    assert [cell.value for cell in sheet[1]][3:5] == [
        "I aftalen forpligtes Væksthusene til at vejlede 4.000 virksomheder",
        "heraf skal 2.000 virksomheder gennemføre en vækstkortlægning",
    ]
    assert len(rows) == len(figures) == 46
    for figure, row in zip(figures, rows, strict=True):
        municipality = figure.municipality
        assert row[:3] == [municipality.name, municipality.code, municipality.kkr.name]
        assert row[3:] == [*figure.values, figure.activities, figure.pending]
    by_name = {row[0]: row for row in rows}
    assert by_name["København"][3:] == [2, 0, 3, 1]
    assert by_name["Næstved"][3:] == [2, 1, 3, 0]


def test_the_activities_sheet_lists_every_approved_activity_and_no_other(logged, workbook):
    approved = Activity.objects.alive().approved().in_agreement(logged)
    rows = values(workbook.worksheets[ACTIVITIES])

    assert len(rows) == approved.count() == 6
    assert [row[0].date() for row in rows] == sorted(a.date for a in approved)
    descriptions = {row[9] for row in rows}
    assert "Vejledning" in descriptions
    assert not descriptions & {"Afventer", "Kladde", "Slettet"}
    course = next(row for row in rows if row[3] == "Vækstforløb")
    assert course[1:3] == HOUSES
    assert (course[7], course[8]) == (2.5, 12)
    assert course[11] == "a) 4a"
    guided = next(row for row in rows if row[10] == "ERP-7")
    assert guided[5:7] == ["Næstved Maskiner A/S", "Næstved"]
    assert len(guided[4]) == 8


def test_the_measurements_sheet_lists_every_measurement_with_its_share(workbook):
    rows = values(workbook.worksheets[MEASUREMENTS])

    assert len(rows) == 2
    first = rows[0]
    assert first[0] == "b) b)"
    assert first[2:6] == [HOUSES[0], 132, 410, pytest.approx(132 / 410)]
    assert first[6:] == ["Kundeundersøgelse", datetime.datetime(2018, 6, 1), "Spørgeskema"]
    assert rows[1][2:5] == [HOUSES[1], 30, 120]


def test_the_status_texts_sheet_lists_every_status_text(workbook):
    rows = values(workbook.worksheets[STATUS_TEXTS])

    assert [row[:5] for row in rows] == [
        ["a) 4a", HOUSES[0], "1. kvartal: januar–marts 2018", "På sporet", "Hovedstaden i gang"],
        ["a) 4a", HOUSES[1], "2. kvartal: april–juni 2018", "I risiko", "Sjælland foran"],
    ]
    assert rows[0][5] == "Mads Testesen"
    assert isinstance(rows[0][6], datetime.datetime)


def test_the_firms_sheet_has_the_chart_and_its_table(workbook):
    sheet = workbook.worksheets[FIRMS]

    assert [cell.value for cell in sheet[1]] == ["Måltal", *HOUSES, "Begge væksthuse", "Mindst"]
    assert [row[1:] for row in values(sheet)] == [[3, 2, 4, 4000], [0, 1, 1, 2000]]
    assert len(sheet._charts) == 1


# The revision sheet.


def test_the_revision_sheet_follows_the_layout_with_a_valid_signature_per_row(logged, workbook):
    sheet = workbook["Revision"]
    progress = agreement_progress(logged)

    assert [cell.value for cell in sheet[layout.HEADER_ROW]] == layout.headers(2018)
    rows = values(sheet)
    assert len(rows) == len(progress.targets)
    for target, row in zip(progress.targets, rows, strict=True):
        cell = {column: row[column.number - 1] for column in layout.COLUMNS}
        assert cell[layout.CODE] == target.code
        assert_number(cell[layout.THRESHOLD], target.threshold)
        assert_number(cell[layout.VALUE], target.total_progress.value)
        assert cell[layout.NEXT_THRESHOLD] is None and cell[layout.COMMENT] is None
        assert layout.signature_matches(
            2018, cell[layout.CODE], cell[layout.THRESHOLD], cell[layout.CHECK]
        )
    assert rows[0][layout.TEXT.number - 1].startswith("I aftalen")


def test_the_revision_hides_the_check_and_marks_the_open_columns(workbook):
    sheet = workbook["Revision"]
    letter = {column: get_column_letter(column.number) for column in layout.COLUMNS}

    assert sheet.column_dimensions[letter[layout.CHECK]].hidden
    assert not sheet.column_dimensions[letter[layout.COMMENT]].hidden
    for column in layout.OPEN_COLUMNS:
        header = sheet.cell(row=layout.HEADER_ROW, column=column.number)
        assert header.fill.fgColor.rgb.endswith("FFF2CC")
        assert sheet.cell(row=layout.FIRST_ROW, column=column.number).fill.fgColor.rgb.endswith(
            "FFF2CC"
        )
    assert sheet.cell(row=layout.HEADER_ROW, column=1).fill.fgColor.rgb.endswith("DDEBF7")
    assert sheet.cell(row=layout.FIRST_ROW, column=layout.COMMENT.number).number_format == "@"


def test_the_revision_sheet_is_protected_but_for_the_open_columns(workbook):
    sheet = workbook["Revision"]
    open_columns = {column.number for column in layout.OPEN_COLUMNS}

    assert sheet.protection.sheet
    assert not sheet.protection.autoFilter  # filtering stays possible
    assert not sheet.protection.formatColumns  # and widening a column
    assert sheet.max_row > layout.FIRST_ROW
    for row in sheet.iter_rows(min_row=layout.HEADER_ROW, max_col=len(layout.COLUMNS)):
        for cell in row:
            unlocked = cell.row >= layout.FIRST_ROW and cell.column in open_columns
            assert cell.protection.locked is not unlocked, cell.coordinate
    assert not any(
        other.protection.sheet for other in workbook.worksheets if other.title != "Revision"
    )


def test_the_revision_upload_reads_the_sheet_as_written(logged):
    reading = pytest.importorskip("goals.revision.reading")
    buffer = io.BytesIO()
    write_workbook(logged, buffer)
    upload = SimpleUploadedFile("aftale-2018.xlsx", buffer.getvalue())

    revised = reading.read_revision(upload, agreement=logged)

    assert [row.code for row in revised] == [
        target.code for target in agreement_progress(logged).targets
    ]
    assert not any(row.changed or row.comment for row in revised)


def test_a_changed_threshold_no_longer_matches_the_signature(workbook):
    row = values(workbook["Revision"])[0]
    check = row[layout.CHECK.number - 1]

    assert layout.signature_matches(2018, row[0], row[layout.THRESHOLD.number - 1], check)
    assert not layout.signature_matches(2018, row[0], 5000, check)


# What a user typed stays text.


@pytest.mark.parametrize("typed", INJECTIONS)
def test_typed_text_that_looks_like_a_formula_stays_text(logged, hanne, mads, typed):
    firm = make_firm(user=hanne, name="Midlertidigt navn")
    Firm.objects.filter(pk=firm.pk).update(name=typed)
    activity = make_activity(author=hanne, firm=firm, status=APPROVED)
    # Written past the services, which strip what they are given.
    Activity.objects.filter(pk=activity.pk).update(description=typed)
    StatusText.objects.filter(house=mads.organisation, quarter=1).update(text=typed)

    workbook = write(logged)

    activity_row = next(
        row for row in data_cells(workbook.worksheets[ACTIVITIES]) if row[9].value == typed
    )
    status_text = next(
        row[4] for row in data_cells(workbook.worksheets[STATUS_TEXTS]) if row[4].value == typed
    )
    overview_text = next(
        row[LATEST_TEXT]
        for row in data_cells(workbook.worksheets[FIRST_HOUSE])
        if row[LATEST_TEXT].value == typed
    )
    for cell in [activity_row[5], activity_row[9], status_text, overview_text]:
        assert (cell.value, cell.data_type) == (typed, "s")
        if typed[0] in "=+-@\t\r":
            assert cell.number_format == "@"
    # Numbers and dates beside them stay numbers and dates.
    assert activity_row[0].is_date and activity_row[0].number_format == "DD-MM-YYYY"
    assert activity_row[7].data_type == "n" and activity_row[7].value == 1


def test_characters_a_worksheet_cannot_hold_are_left_out(logged, hanne):
    activity = make_activity(author=hanne, status=APPROVED)
    Activity.objects.filter(pk=activity.pk).update(description="Før\x0bEfter\x01")

    rows = values(write(logged).worksheets[ACTIVITIES])

    assert "FørEfter" in {row[9] for row in rows}


def test_the_text_cell_keeps_plain_text_plain(workbook):
    ws = workbook.worksheets[OVERVIEW]  # any sheet will do for a detached cell

    # Plain text goes in as it is: openpyxl writes a string that starts no formula as text.
    assert cells.text(ws, "Vejledning") == "Vejledning"
    assert cells.text(ws, "#N/A").data_type == "s"
    assert cells.text(ws, "") is None and cells.text(ws, None) is None


# Formatting.


def test_every_sheet_has_a_bold_filled_header_frozen_panes_and_a_filter(workbook):
    for sheet in workbook.worksheets[DATA_SHEETS]:
        header_row = first_row(sheet) - 1
        assert sheet.freeze_panes == f"A{header_row + 1}", sheet.title
        last_column = get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A{header_row}:{last_column}{sheet.max_row}"
        header = sheet[f"A{header_row}"]
        assert header.font.b and header.fill.fill_type == "solid", sheet.title
        assert sheet.column_dimensions["A"].width > 0


def test_numbers_dates_and_percentages_have_their_formats(workbook):
    overview = data_cells(workbook.worksheets[OVERVIEW])
    assert overview[0][THRESHOLD].number_format == "#,##0"
    assert overview[0][PERCENTAGE].number_format == "0.0%"
    scored = next(row for row in overview if row[POINTS].value is not None)
    assert scored[POINTS].number_format == "#,##0.00"
    measurement = data_cells(workbook.worksheets[MEASUREMENTS])[0]
    assert measurement[5].number_format == "0.0%"
    assert measurement[7].is_date and measurement[7].number_format == "DD-MM-YYYY"
    course = next(row for row in data_cells(workbook.worksheets[ACTIVITIES]) if row[7].value == 2.5)
    assert course[7].number_format == "#,##0.00"
    municipality = data_cells(workbook.worksheets[MUNICIPALITIES])[0]
    assert municipality[1].number_format == "0"  # the code, without a thousands separator


# Size and progress.


def test_progress_is_reported_as_rows_are_written_and_reaches_the_total(logged, monkeypatch):
    monkeypatch.setattr(cells.Rows, "REPORT_EVERY", 10)
    calls = []

    workbook = write(logged, progress=lambda written, total: calls.append((written, total)))

    rows = sum(sheet.max_row - first_row(sheet) + 1 for sheet in workbook.worksheets[DATA_SHEETS])
    assert workbook.rows_written == rows
    assert calls[-1] == (rows, rows)
    assert [written for written, _total in calls[:-1]] == list(range(10, rows, 10))
    assert all(total == rows for _written, total in calls)


def test_the_queries_do_not_grow_with_the_activities(logged, hanne):
    def queries():
        cache.clear()  # the municipalities are cached for the dashboards
        with CaptureQueriesContext(connection) as captured:
            write(logged)
        return len(captured)

    before = queries()
    for _ in range(5):
        make_activity(author=hanne, status=APPROVED, activity_type="event")

    assert queries() == before


def test_an_agreement_before_the_first_roll_up_still_exports(agreement_2018):
    workbook = write(agreement_2018)

    overview = values(workbook.worksheets[OVERVIEW])
    assert overview[0][VALUE] is None and overview[0][STATUS] is None
    assert values(workbook["Revision"])[0][layout.CHECK.number - 1]


# The command.


def test_the_command_writes_the_workbook_and_reports(logged, tmp_path):
    out, stdout, stderr = tmp_path / "aftale-2018.xlsx", io.StringIO(), io.StringIO()

    call_command(
        "export_workbook",
        "--year",
        "2018",
        "--out",
        str(out),
        "--language",
        "en",
        stdout=stdout,
        stderr=stderr,
    )

    workbook = load_workbook(out)
    assert workbook.sheetnames == ENGLISH_SHEETS
    rows = sum(sheet.max_row - first_row(sheet) + 1 for sheet in workbook.worksheets[DATA_SHEETS])
    assert stdout.getvalue() == f"Wrote {rows:,} rows of Regional aftale 2018 to {out}.\n"
    assert f"{rows:,} of {rows:,} rows (100%)" in stderr.getvalue()


def test_the_command_refuses_an_unknown_year(agreement_2018, tmp_path):
    with pytest.raises(CommandError, match="There is no agreement for 1999. Agreements: 2018."):
        call_command("export_workbook", "--year", "1999", "--out", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


def test_the_command_refuses_a_folder_that_is_not_there(agreement_2018, tmp_path):
    out = tmp_path / "missing" / "x.xlsx"

    with pytest.raises(CommandError, match="no folder"):
        call_command("export_workbook", "--year", "2018", "--out", str(out))


def assert_number(cell_value, expected):
    if expected is None:
        assert cell_value is None
    else:
        assert cell_value == pytest.approx(float(expected))
