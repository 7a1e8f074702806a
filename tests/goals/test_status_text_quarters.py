"""Status texts are for the quarters of the agreement's period, counted from its first day
and named by their months.

The 2018 agreement runs over the calendar year, so its quarters are the calendar's; the
2019/20 agreement (tests/goals/data) runs from 1 July, so its first quarter is July to
September 2019 and its third January to March 2020, while the texts belong to its year 2019.
"""

import html
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from goals import services
from goals.models import Goal, Progress, StatusText
from tests.goals.agreement_files import load_2019

pytestmark = pytest.mark.django_db

OVERVIEW_2018 = "/agreements/2018/status/"
OVERVIEW_2019 = "/agreements/2019/status/"
QUARTERS_2018 = [
    "1. kvartal: januar–marts 2018",
    "2. kvartal: april–juni 2018",
    "3. kvartal: juli–september 2018",
    "4. kvartal: oktober–december 2018",
]
QUARTERS_2019 = [
    "1. kvartal: juli–september 2019",
    "2. kvartal: oktober–december 2019",
    "3. kvartal: januar–marts 2020",
    "4. kvartal: april–juni 2020",
]


@pytest.fixture
def agreement_2019(agreement_2018):
    return load_2019()


def text_page(year, goal_code, quarter):
    return f"/agreements/{year}/status/{goal_code}/{quarter}/"


def write(manager, *, year=2019, goal_code="a.3", quarter, text="Godt i gang."):
    return services.status_text_save(
        goal=Goal.objects.get(code=goal_code, focus_area__agreement__year=year),
        house=manager.organisation,
        quarter=quarter,
        status=Progress.ON_TRACK,
        text=text,
        author=manager,
    )


def page_text(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def column_headings(response):
    thead = re.search(r"<thead>(.*?)</thead>", page_text(response), re.DOTALL)[1]
    return [heading.strip() for heading in re.findall(r"<th[^>]*>(.*?)</th>", thead)]


def heading(response):
    return re.search(r"<h1>(.*?)</h1>", page_text(response))[1]


def previous_text(response):
    return re.search(
        r'data-testid="previous-text">(.*?)</div>\s*</div>', page_text(response), re.DOTALL
    )[1]


def in_english(client):
    client.post("/i18n/setlang/", {"language": "en"})
    return client


# The 2018 agreement: the calendar's quarters, named by their months.


def test_the_2018_overview_names_each_quarter_by_its_months(client_as):
    response = client_as("rikke").get(OVERVIEW_2018)

    assert column_headings(response) == ["Mål", *QUARTERS_2018]


def test_the_2018_text_page_is_headed_by_its_quarter_and_its_neighbours(client_as, mads):
    write(mads, year=2018, goal_code="a.1", quarter=2, text="Andet kvartal.")

    response = client_as("mads").get(text_page(2018, "a.1", 3))

    assert heading(response) == "Statustekst · 3. kvartal: juli–september 2018"
    assert "Teksten fra 2. kvartal: april–juni 2018" in previous_text(response)
    links = page_text(response)
    assert f'href="{text_page(2018, "a.1", 2)}">2. kvartal: april–juni 2018</a>' in links
    assert f'href="{text_page(2018, "a.1", 4)}">4. kvartal: oktober–december 2018</a>' in links


# The 2019/20 agreement: quarters from July.


def test_the_2019_overview_counts_its_quarters_from_july(client_as, agreement_2019, mads):
    write(mads, quarter=1, text="Første kvartal af 2019/20.")

    response = client_as("mads").get(OVERVIEW_2019)

    assert column_headings(response) == ["Mål", *QUARTERS_2019]
    row = re.search(r'<tr data-goal="a.3">(.*?)</tr>', page_text(response), re.DOTALL)[1]
    assert "Første kvartal af 2019/20." in re.search(r'data-quarter="1">(.*?)</td>', row, re.S)[1]
    assert (
        'Skriv statustekst<span class="visually-hidden"> a.3 3. kvartal: januar–marts 2020' in row
    )


def test_the_text_of_january_to_march_2020_is_the_third_quarter_of_the_2019_agreement(
    client_as, agreement_2019, mads
):
    write(mads, quarter=1, text="Første kvartal af 2019/20.")
    written = write(mads, quarter=3, text="Tredje kvartal af 2019/20.")

    response = client_as("anne").get(text_page(2019, "a.3", 3))

    assert (written.year, written.quarter) == (2019, 3)
    assert heading(response) == "Statustekst · 3. kvartal: januar–marts 2020"
    assert "Teksten fra 1. kvartal: juli–september 2019" in previous_text(response)
    assert "Tredje kvartal af 2019/20." in page_text(response)
    with translation.override("da"):
        assert str(written) == "a.3 3. kvartal: januar–marts 2020"


def test_in_english_the_quarters_are_named_by_english_months(client_as, agreement_2019, mads):
    write(mads, quarter=1, text="Første kvartal af 2019/20.")
    client = in_english(client_as("mads"))

    overview = client.get(OVERVIEW_2019)
    page = client.get(text_page(2019, "a.3", 3))

    assert column_headings(overview) == [
        "Goal",
        "Quarter 1: July–September 2019",
        "Quarter 2: October–December 2019",
        "Quarter 3: January–March 2020",
        "Quarter 4: April–June 2020",
    ]
    assert heading(page) == "Status text · Quarter 3: January–March 2020"
    assert "The text of Quarter 1: July–September 2019" in previous_text(page)


# Quarters the period does not have.


def test_a_quarter_after_the_period_is_not_found_and_refused(client_as, agreement_2019, mads):
    assert client_as("mads").get(text_page(2019, "a.3", 5)).status_code == 404
    with pytest.raises(ValidationError) as refused:
        write(mads, quarter=5)
    assert "quarter" in refused.value.message_dict
    assert not StatusText.objects.exists()


def test_a_half_year_period_has_two_quarters(client_as, agreement_2019, mads):
    agreement_2019.period_end = agreement_2019.period_start.replace(month=12, day=31)
    agreement_2019.save()

    response = client_as("mads").get(OVERVIEW_2019)

    assert column_headings(response) == ["Mål", *QUARTERS_2019[:2]]
    assert 'colspan="3"' in page_text(response)  # a focus area's heading spans the table
    assert client_as("mads").get(text_page(2019, "a.3", 3)).status_code == 404
    with pytest.raises(ValidationError):
        write(mads, quarter=3)
