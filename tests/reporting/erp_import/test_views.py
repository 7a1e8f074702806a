"""The import's pages: only a growth house's manager imports, for their own house.

Staff, reviewers, administrators and strangers are refused (403), an anonymous
visitor is sent to log in, and another house's import answers 404.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from reporting.erp_import import reading, services, views
from reporting.models import Activity, ColumnMapping, ImportBatch
from tests.factories import new_cvr
from tests.pages import first_use_title
from tests.reporting.activities.files import sent_as
from tests.reporting.erp_import.import_files import HEADERS, csv_bytes, erp_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

REFUSED = ["stranger", "hanne", "sofie", "rikke", "rasmus", "anne"]
ERP_HEADERS = [
    "Aktivitetsdato",
    "Type",
    "Væksthus",
    "Leveret i",
    "CVR",
    "Firma",
    "Kommune nr.",
    "Mængde",
    "Note",
    "Sagsnr.",
]


@pytest.fixture
def english(client_for):
    """Return a client for the person, reading the portal in English."""

    def sign_in(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return sign_in


@pytest.fixture
def batch_of_mads(mads):
    content = csv_bytes([erp_row("ERP-1", activity_type="Event")])
    return services.import_upload(
        house=mads.organisation, user=mads, upload=upload(content, "eksport.csv")
    )


def page_urls(batch):
    return [
        ("get", reverse("reporting:import_upload")),
        ("post", reverse("reporting:import_upload")),
        ("get", reverse("reporting:import_template")),
        ("get", reverse("reporting:import_preview", args=[batch.pk])),
        ("get", reverse("reporting:import_mapping", args=[batch.pk])),
        ("post", reverse("reporting:import_mapping", args=[batch.pk])),
        ("post", reverse("reporting:import_confirm", args=[batch.pk])),
        ("get", reverse("reporting:import_status", args=[batch.pk])),
        ("get", reverse("reporting:import_errors_csv", args=[batch.pk])),
    ]


def test_an_anonymous_visitor_is_sent_to_log_in(client, batch_of_mads):
    for method, url in page_urls(batch_of_mads):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


@pytest.mark.parametrize("name", REFUSED)
def test_only_a_manager_imports(request, client_for, batch_of_mads, name):
    client = client_for(request.getfixturevalue(name))

    for method, url in page_urls(batch_of_mads):
        assert getattr(client, method)(url).status_code == 403, url
    assert not Activity.objects.exists()


def test_a_manager_does_not_see_the_other_houses_import(client_for, morten, batch_of_mads):
    client = client_for(morten)

    for method, url in page_urls(batch_of_mads)[3:]:
        assert getattr(client, method)(url).status_code == 404, url
    batch_of_mads.refresh_from_db()
    assert batch_of_mads.confirmed_at is None


def test_confirming_is_a_post(client_for, mads, batch_of_mads):
    url = reverse("reporting:import_confirm", args=[batch_of_mads.pk])

    assert client_for(mads).get(url).status_code == 405


def test_managers_see_the_link_and_staff_do_not(english, mads, hanne):
    link = (
        f'href="{reverse("reporting:import_upload")}">'
        'Import from <abbr title="Enterprise Resource Planning: '
    )
    assert link in english(mads).get("/activities/").content.decode()
    assert reverse("reporting:import_upload") not in (
        english(hanne).get("/activities/").content.decode()
    )


def test_the_upload_page_lists_the_formats_columns(english, mads):
    page = english(mads).get(reverse("reporting:import_upload")).content.decode()

    assert "Import from ERP" in page
    for header in HEADERS:
        assert f'<th scope="row" class="text-nowrap">{header}</th>' in page
    assert reverse("reporting:import_template") in page


def test_a_manager_uploads_sees_the_preview_and_confirms(english, mads, hanne):
    client = english(mads)
    rows = [
        erp_row("ERP-1", cvr=new_cvr(), firm_name="<b>Fed</b> ApS", municipality_code="101"),
        erp_row("ERP-2", activity_type="Event", quantity="nul"),
    ]

    response = client.post(
        reverse("reporting:import_upload"), {"file": upload(xlsx_bytes(rows), "maj.xlsx")}
    )
    batch = ImportBatch.objects.get()
    assert response.url == reverse("reporting:import_preview", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "Preview of the import" in page
    assert '<dd class="col-sm-7 col-md-8" data-count="created">1</dd>' in page
    assert '<dd class="col-sm-7 col-md-8" data-count="errors">1</dd>' in page
    assert "Row 3, Antal: nul is not a number. Write it as 1 or 2,5." in page
    assert "&lt;b&gt;Fed&lt;/b&gt; ApS" in page
    assert "<b>Fed</b>" not in page
    assert not Activity.objects.exists()

    response = client.post(reverse("reporting:import_confirm", args=[batch.pk]), follow=True)

    page = response.content.decode()
    assert "Import confirmed" in page
    assert '<dd class="col-sm-7 col-md-8" data-count="created">1</dd>' in page
    assert '<dd class="col-sm-7 col-md-8" data-count="errors">1</dd>' in page
    activity = Activity.objects.get()
    assert (activity.erp_id, activity.author, activity.status) == ("ERP-1", mads, "approved")


def test_a_double_click_on_confirm_imports_once(english, mads, batch_of_mads):
    client = english(mads)
    url = reverse("reporting:import_confirm", args=[batch_of_mads.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert "This import is already confirmed." in response.content.decode()
    assert Activity.objects.count() == 1
    assert Activity.history.count() == 1


def test_a_refused_file_is_named_next_to_the_field(english, mads):
    response = english(mads).post(
        reverse("reporting:import_upload"), {"file": upload(b"%PDF-1.4\n", "eksport.csv")}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error_1_id_file"' in page
    assert "eksport.csv does not contain what its name says (csv)." in page
    assert not ImportBatch.objects.exists()


def test_no_file_chosen(english, mads):
    page = english(mads).post(reverse("reporting:import_upload")).content.decode()

    assert "Choose the file to import." in page


def test_a_file_dropped_for_its_name_is_said_in_place_of_no_file(english, mads):
    response = english(mads).post(
        reverse("reporting:import_upload"), {"file": sent_as("..", b"PK\x03\x04")}
    )

    page = response.content.decode()
    assert 'id="error_1_id_file"' in page
    assert "The file “..” was not received" in page
    assert "Choose the file to import." not in page
    assert not ImportBatch.objects.exists()


def test_the_preview_explains_erp_cvr_and_the_other_house_where_first_used(client_for, mads):
    rows = [erp_row("ERP-1", activity_type="Event", delivered_in="VSJ")]

    response = client_for(mads).post(
        reverse("reporting:import_upload"),
        {"file": upload(csv_bytes(rows), "maj.csv")},
        follow=True,
    )

    page = response.content.decode()
    assert "Forhåndsvisning af importen" in page
    assert first_use_title(page, "ERP") == (
        "Enterprise Resource Planning: væksthusenes forretningssystem"
    )
    assert first_use_title(page, "CVR") == "Det Centrale Virksomhedsregister"
    assert first_use_title(page, "VSJ") == "Væksthus Sjælland"


def test_a_file_unreadable_at_the_preview_is_explained(english, mads, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 1)
    rows = [erp_row(f"ERP-{n}", activity_type="Event") for n in range(3)]
    batch = services.import_upload(
        house=mads.organisation,
        user=mads,
        upload=upload(csv_bytes(rows), "stor.csv"),
        language="en",
    )

    page = english(mads).get(reverse("reporting:import_preview", args=[batch.pk])).content
    page = page.decode()
    assert "The file could not be read" in page
    assert "stor.csv has more than 1 rows; split it into smaller files." in page


def test_other_headers_are_mapped_once_and_remembered_for_the_house(english, mads, morten):
    client = english(mads)
    rows = [dict(zip(ERP_HEADERS, erp_row("ERP-1", activity_type="Event").values(), strict=True))]
    content = csv_bytes(rows, headers=ERP_HEADERS)

    response = client.post(reverse("reporting:import_upload"), {"file": upload(content, "a.csv")})
    batch = ImportBatch.objects.get()
    response = client.get(response.url)
    mapping_url = reverse("reporting:import_mapping", args=[batch.pk])
    assert response.url == mapping_url
    page = client.get(mapping_url).content.decode()
    assert "Choose the columns" in page
    assert '<option value="Sagsnr.">Sagsnr.</option>' in page

    response = client.post(mapping_url, dict(zip(_keys(), ERP_HEADERS, strict=True)))

    assert response.url == reverse("reporting:import_preview", args=[batch.pk])
    mapping = ColumnMapping.objects.get(house=mads.organisation)
    assert mapping.columns["erp_id"] == "Sagsnr."
    assert mapping.history.get().history_user == mads
    page = client.get(response.url).content.decode()
    assert '<dd class="col-sm-7 col-md-8" data-count="created">1</dd>' in page

    response = client.post(reverse("reporting:import_upload"), {"file": upload(content, "b.csv")})
    assert client.get(response.url).status_code == 200, "the next upload goes to the preview"

    other = english(morten)
    response = other.post(reverse("reporting:import_upload"), {"file": upload(content, "c.csv")})
    assert other.get(response.url).status_code == 302, "the other house maps its own"


def _keys():
    from reporting.erp_import.columns import COLUMNS

    # The columns this ERP export has (no goal column).
    return [column.key for column in COLUMNS if column.key != "goal"]


def test_the_mapping_form_asks_for_required_columns_and_refuses_one_column_twice(english, mads):
    rows = [dict(zip(ERP_HEADERS, erp_row("ERP-1").values(), strict=True))]
    batch = services.import_upload(
        house=mads.organisation,
        user=mads,
        upload=upload(csv_bytes(rows, headers=ERP_HEADERS), "a.csv"),
    )
    url = reverse("reporting:import_mapping", args=[batch.pk])

    page = english(mads).post(url, {"date": "Type", "activity_type": "Type"}).content.decode()

    assert "Type is already chosen for Dato." in page
    assert "Choose the column that holds Leverende væksthus." in page
    assert "Choose the column that holds ERP-id." in page
    assert not ColumnMapping.objects.exists()


def test_the_template_has_the_headers_an_example_and_a_guide(client_for, mads):
    response = client_for(mads).get(reverse("reporting:import_template"))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="aktiviteter-import.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Aktiviteter", "Vejledning"]
    rows = list(workbook["Aktiviteter"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    guide = [cell for row in workbook["Vejledning"].iter_rows(values_only=True) for cell in row]
    for expected in ("CVR-nummer", "Vækstkortlægning", "growth_mapping", "VHHR", "VSJ", "Gladsaxe"):
        assert expected in guide


def test_the_templates_example_row_imports_as_it_is(client_for, mads):
    content = client_for(mads).get(reverse("reporting:import_template")).content
    batch = services.import_upload(
        house=mads.organisation, user=mads, upload=upload(content, "skabelon.xlsx")
    )

    plan = services.import_preview(batch=batch, user=mads).plan

    assert plan.errors == []
    assert len(plan.created) == 1


def test_a_confirmed_import_shows_its_result(english, mads, batch_of_mads):
    services.import_confirm(batch=batch_of_mads, user=mads)
    client = english(mads)

    page = client.get(reverse("reporting:import_preview", args=[batch_of_mads.pk])).content
    assert "Import confirmed" in page.decode()
    mapping = client.get(reverse("reporting:import_mapping", args=[batch_of_mads.pk]))
    assert mapping.url == reverse("reporting:import_preview", args=[batch_of_mads.pk])
    listing = client.get(reverse("reporting:import_upload")).content.decode()
    assert "eksport.csv" in listing


def test_a_shared_export_skips_the_other_houses_rows_and_offers_every_error_as_csv(
    english, mads, monkeypatch
):
    monkeypatch.setattr(views, "PREVIEW_ERRORS", 2)
    rows = [
        erp_row("ERP-1", activity_type="Event"),
        *(erp_row(f"VSJ-{n}", house="VSJ", activity_type="Event") for n in range(3)),
        *(erp_row(f"ERP-{n}", activity_type="Event", quantity="nul") for n in range(2, 5)),
    ]
    client = english(mads)
    response = client.post(
        reverse("reporting:import_upload"), {"file": upload(csv_bytes(rows), "delt.csv")}
    )

    page = client.get(response.url).content.decode()
    assert '<dd class="col-sm-7 col-md-8" data-count="other-house">3</dd>' in page
    assert '<dd class="col-sm-7 col-md-8" data-count="errors">3</dd>' in page
    assert "Errors not shown: 1." in page
    assert "Download all 3 errors as CSV" in page
    assert "Væksthus Sjælland" not in page.split('id="import-errors"')[1].split("</ul>")[0]

    batch = ImportBatch.objects.get()
    download = client.get(reverse("reporting:import_errors_csv", args=[batch.pk]))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines == [
        "Row;Error",
        "6;Row 6, Antal: nul is not a number. Write it as 1 or 2,5.",
        "7;Row 7, Antal: nul is not a number. Write it as 1 or 2,5.",
        "8;Row 8, Antal: nul is not a number. Write it as 1 or 2,5.",
    ]
