"""Each kind of bad row is named in the preview by its row, its column and the reason.

Rows are checked by the activity's own rules; a row with errors is skipped, the
others are imported. Danish files: Windows-1252, semicolons, Danish dates and
decimal commas.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from core.spreadsheets import cell_text
from goals.models import ActivityType
from reporting.erp_import import services, values
from reporting.models import Activity
from tests.factories import make_activity, make_firm, new_cvr
from tests.reporting.erp_import.import_files import HEADERS, csv_bytes, erp_row, upload, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def preview_of(manager, content, name="eksport.csv"):
    batch = services.import_upload(
        house=manager.organisation, user=manager, upload=upload(content, name)
    )
    return services.import_preview(batch=batch, user=manager).plan


def errors_of(manager, *rows):
    plan = preview_of(manager, csv_bytes(rows))
    return [str(error) for error in plan.errors]


def test_a_cvr_number_whose_check_digit_is_wrong(mads):
    assert errors_of(mads, erp_row(cvr="12345678")) == [
        "Row 2, CVR-nummer: 12345678 is not a valid CVR number: the check digit does not match."
    ]


def test_the_error_names_the_row_and_column_in_danish(mads):
    rows = [erp_row("ERP-1", activity_type="Event"), erp_row("ERP-2", cvr="12345678")]

    with translation.override("da"):
        assert errors_of(mads, *rows) == [
            "Række 3, CVR-nummer: 12345678 er ikke et gyldigt CVR-nummer: kontrolcifferet "
            "passer ikke."
        ]


def test_a_cvr_number_that_is_not_eight_digits(mads):
    assert errors_of(mads, erp_row(cvr="1234")) == ["Row 2, CVR-nummer: A CVR number is 8 digits."]


def test_a_date_that_is_no_date(mads):
    assert errors_of(mads, erp_row(date="31.02.2018", activity_type="Event")) == [
        "Row 2, Dato: 31.02.2018 is not a date. Write it as dd.mm.yyyy, e.g. 14.05.2018."
    ]


def test_a_date_of_no_year_taking_entries(mads):
    assert errors_of(mads, erp_row(date="14.05.2019", activity_type="Event")) == [
        "Row 2, Dato: 14.05.2019 is in no agreement year that takes entries now: "
        "Regional aftale 2018: 01.01.2018–31.12.2018."
    ]


def test_an_empty_required_cell(mads):
    assert errors_of(mads, erp_row(date="", activity_type="Event")) == [
        "Row 2, Dato: The cell is empty; every row needs it."
    ]


def test_an_unknown_activity_type_lists_the_valid_ones(mads):
    (error,) = errors_of(mads, erp_row(activity_type="Kaffemøde"))

    names = sorted(activity_type.name_en for activity_type in ActivityType.objects.all())
    assert error == (
        f"Row 2, Aktivitetstype: Kaffemøde is not known. Write one of: {', '.join(names)}."
    )
    assert "Growth course, Growth mapping, Guidance" in error


def test_an_activity_type_by_danish_name_english_name_or_code_in_any_case(mads):
    cvr = new_cvr()
    rows = [
        erp_row(f"ERP-{n}", activity_type=name, cvr=cvr, firm_name="Firma", municipality_code=101)
        for n, name in enumerate(["VÆKSTKORTLÆGNING", "growth mapping", "GROWTH_MAPPING"])
    ]

    plan = preview_of(mads, csv_bytes(rows))

    assert plan.errors == []
    assert {p.activity.activity_type.code for p in plan.created} == {"growth_mapping"}


def test_a_row_of_the_other_house_is_skipped_not_an_error(mads):
    rows = [erp_row("ERP-1", activity_type="Event"), erp_row("VSJ-1", house="VSJ")]

    plan = preview_of(mads, csv_bytes(rows))

    assert plan.errors == []
    assert plan.other_house_rows == [3]
    assert [planned.activity.erp_id for planned in plan.created] == ["ERP-1"]


def test_an_unknown_house(mads):
    assert errors_of(mads, erp_row(house="Væksthus Fyn", activity_type="Event")) == [
        "Row 2, Leverende væksthus: Væksthus Fyn is not known. Write one of: VHHR, VSJ."
    ]


def test_houses_by_name_short_name_or_key(mads):
    rows = [
        erp_row("ERP-1", activity_type="Event", house="vækstHUS hovedstadsregionen"),
        erp_row("ERP-2", activity_type="Event", house="vaeksthus-hovedstaden"),
        erp_row("ERP-3", activity_type="Event", delivered_in="VSJ"),
        erp_row("ERP-4", activity_type="Event", delivered_in="VHHR"),
    ]

    plan = preview_of(mads, csv_bytes(rows))

    assert plan.errors == []
    delivered = [p.activity.delivered_in for p in plan.created]
    assert [house.label if house else None for house in delivered] == [None, None, "VSJ", None]


def test_a_type_with_a_firm_and_no_cvr_number(mads):
    assert errors_of(mads, erp_row(activity_type="Vejledning")) == [
        "Row 2, CVR-nummer: A guidance is with a firm: give its CVR number."
    ]


def test_a_new_firm_needs_its_name_and_municipality(mads):
    cvr = new_cvr()

    assert errors_of(mads, erp_row(cvr=cvr)) == [
        f"Row 2, Virksomhedsnavn: {cvr} is a new firm: give its name and municipality.",
        f"Row 2, Kommunekode: {cvr} is a new firm: give its name and municipality.",
    ]


def test_a_new_firms_name_too_long(mads):
    (error,) = errors_of(mads, erp_row(cvr=new_cvr(), firm_name="x" * 201, municipality_code=101))

    assert error.startswith("Row 2, Virksomhedsnavn: Ensure this value has at most 200 characters")


def test_an_unknown_municipality_code(mads):
    assert errors_of(mads, erp_row(activity_type="Event", municipality_code="999")) == [
        "Row 2, Kommunekode: 999 is not the code of a municipality of the agreement."
    ]
    assert errors_of(mads, erp_row(activity_type="Event", municipality_code="Kbh")) == [
        "Row 2, Kommunekode: Kbh is not a municipality code (three digits, e.g. 101)."
    ]


def test_a_quantity_that_is_no_number_zero_or_too_precise(mads):
    rows = [
        erp_row("ERP-1", activity_type="Event", quantity="to"),
        erp_row("ERP-2", activity_type="Event", quantity="0"),
        erp_row("ERP-3", activity_type="Event", quantity="1,125"),
    ]

    assert errors_of(mads, *rows) == [
        "Row 2, Antal: to is not a number. Write it as 1 or 2,5.",
        "Row 3, Antal: The quantity must be more than 0.",
        "Row 4, Antal: Ensure that there are no more than 2 decimal places.",
    ]


def test_an_erp_id_twice_in_one_file_refuses_both_rows(mads):
    rows = [
        erp_row("ERP-7", activity_type="Event"),
        erp_row("ERP-8", activity_type="Event"),
        erp_row("ERP-7", activity_type="Event", quantity="2"),
    ]

    plan = preview_of(mads, csv_bytes(rows))

    assert [str(error) for error in plan.errors] == [
        "Row 2, ERP-id: ERP-7 is in rows 2, 4; each record may be in the file once.",
        "Row 4, ERP-id: ERP-7 is in rows 2, 4; each record may be in the file once.",
    ]
    assert [p.activity.erp_id for p in plan.created] == ["ERP-8"]


def test_a_row_without_an_erp_id(mads):
    assert errors_of(mads, erp_row("", activity_type="Event")) == [
        "Row 2, ERP-id: The cell is empty; every row needs it."
    ]


def test_an_erp_id_too_long(mads):
    (error,) = errors_of(mads, erp_row("E" * 101, activity_type="Event"))

    assert error.startswith("Row 2, ERP-id: Ensure this value has at most 100 characters")


def test_a_row_of_an_activity_deleted_in_the_portal(mads):
    from reporting.activities import services as activity_services

    content = csv_bytes([erp_row("ERP-1", activity_type="Event")])
    batch = services.import_upload(
        house=mads.organisation, user=mads, upload=upload(content, "eksport.csv")
    )
    services.import_confirm(batch=batch, user=mads)
    activity = Activity.objects.get()
    activity_services.activity_delete(activity=activity, user=mads, version=activity.version)

    assert errors_of(mads, erp_row("ERP-1", activity_type="Event")) == [
        "Row 2, ERP-id: The activity imported with this id is deleted in the portal. Undo the "
        "deletion to import it again."
    ]


def test_every_error_of_a_row_is_named(mads):
    errors = errors_of(mads, erp_row(date="2018-13-01", cvr="12345678", quantity="-1"))

    assert errors == [
        "Row 2, Dato: 2018-13-01 is not a date. Write it as dd.mm.yyyy, e.g. 14.05.2018.",
        "Row 2, CVR-nummer: 12345678 is not a valid CVR number: the check digit does not match.",
        "Row 2, Antal: The quantity must be more than 0.",
    ]


def test_row_numbers_are_the_spreadsheets_with_blank_rows_and_a_title_above(mads):
    rows = [
        erp_row("ERP-1", activity_type="Event"),
        {},
        erp_row("ERP-2", activity_type="Kaffe"),
    ]

    plan = preview_of(mads, xlsx_bytes(rows, title_rows=[["Eksport fra ERP, maj 2018"]]), "e.xlsx")

    assert [p.row for p in plan.created] == [3]
    assert [error.row for error in plan.errors] == [5]


def test_a_danish_csv_from_excel(mads, hanne):
    firm = make_firm(user=hanne, name="Ærø Øl og Å-vand ApS", municipality_code=101)
    rows = [
        erp_row(
            "ERP-1",
            date="14-05-2018",
            activity_type="Vækstforløb",
            cvr=f"DK {firm.cvr[:4]} {firm.cvr[4:]}",
            quantity="1.234,5",
            description="Forløb om grøn omstilling på Ærø.",
        ),
        erp_row("ERP-2", date="1.6.2018", activity_type="Event", quantity="2,5"),
    ]
    content = csv_bytes(rows, delimiter=";", encoding="cp1252")

    plan = preview_of(mads, content)

    assert plan.errors == []
    growth_course, event = (p.activity for p in plan.created)
    assert growth_course.date == datetime.date(2018, 5, 14)
    assert growth_course.quantity == Decimal("1234.5")
    assert growth_course.firm == firm
    assert growth_course.description == "Forløb om grøn omstilling på Ærø."
    assert event.date == datetime.date(2018, 6, 1)
    assert event.quantity == Decimal("2.5")


def test_a_utf8_csv_with_commas_and_a_byte_order_mark(mads):
    rows = [erp_row("ERP-1", activity_type="Event", description="Æbler, pærer og blommer")]
    content = b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=",")

    plan = preview_of(mads, content)

    (planned,) = plan.created
    assert planned.activity.description == "Æbler, pærer og blommer"


def test_date_and_number_cells_of_a_workbook(mads):
    rows = [
        erp_row(
            "ERP-1",
            activity_type="Event",
            date=datetime.datetime(2018, 5, 14),
            quantity=2.5,
            municipality_code=147,
        ),
        erp_row(1002, activity_type="Event", date=datetime.date(2018, 5, 15)),
    ]

    plan = preview_of(mads, xlsx_bytes(rows), "eksport.xlsx")

    first, second = (p.activity for p in plan.created)
    assert (first.date, first.quantity, first.municipality.code) == (
        datetime.date(2018, 5, 14),
        Decimal("2.5"),
        147,
    )
    assert (second.erp_id, second.date) == ("1002", datetime.date(2018, 5, 15))


def test_columns_in_another_order_and_extra_columns_are_read(mads):
    headers = ["Noter", *reversed(HEADERS)]
    rows = [{**erp_row("ERP-1", activity_type="Event"), "Noter": "ignoreres"}]

    plan = preview_of(mads, csv_bytes(rows, headers=headers))

    (planned,) = plan.created
    assert planned.activity.erp_id == "ERP-1"


def test_an_existing_activity_in_another_status_keeps_it(mads, hanne):
    activity = make_activity(author=hanne, activity_type="event", status=Activity.Status.SUBMITTED)
    Activity.objects.filter(pk=activity.pk).update(erp_id="ERP-1")

    plan = preview_of(mads, csv_bytes([erp_row("ERP-1", activity_type="Event", quantity="3")]))

    (planned,) = plan.updated
    assert planned.activity.status == Activity.Status.SUBMITTED


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("2,5", Decimal("2.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),
        ("2.5", Decimal("2.5")),
        (" 3 ", Decimal("3")),
        (4, Decimal("4")),
        (2.25, Decimal("2.25")),
    ],
)
def test_numbers_as_danes_and_spreadsheets_write_them(written, number):
    assert values.parse_decimal(written) == number


@pytest.mark.parametrize(
    "written",
    ["14.05.2018", "14-05-2018", "2018-05-14", "14/05/2018", "14.05.2018 00:00:00"],
)
def test_dates_as_danes_and_spreadsheets_write_them(written):
    assert values.parse_date(written) == datetime.date(2018, 5, 14)


def test_a_whole_number_cell_is_text_without_a_decimal_point():
    assert cell_text(10150817.0) == "10150817"
