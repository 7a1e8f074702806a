"""Effect measures: measured shares (e.g. 132 of 410 surveyed client firms) with their
source and date, entered by a growth house's manager; the latest one counts.

The dates a measurement may have run from the agreement's start to six months after
its end, since effect surveys are often made after the year. Wording checks switch to
English with the language cookie, except the Danish conflict message.
"""

import datetime
import html
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from agreement.models import Organisation
from goals import services
from goals.models import EffectMeasurement, Target

pytestmark = pytest.mark.django_db

HOVEDSTADEN = "vaeksthus-hovedstaden"
SJAELLAND = "vaeksthus-sjaelland"
HOUSE_OF = {"hanne": HOVEDSTADEN, "mads": HOVEDSTADEN, "sofie": SJAELLAND, "morten": SJAELLAND}
OTHER_HOUSE = {HOVEDSTADEN: SJAELLAND, SJAELLAND: HOVEDSTADEN}
MANAGER_OF = {HOVEDSTADEN: "mads", SJAELLAND: "morten"}
HOUSE_PEOPLE = list(HOUSE_OF)
STAFF = ["hanne", "sofie"]
READERS = ["rikke", "rasmus", "anne"]
CONFLICT_DA = "En anden har gemt en ændring her"
CONFLICT_EN = "Someone else saved a change here while you were editing."

LIST = "/agreements/2018/effects/"
EFFECT = "b.b.international-activity"
NEW = f"/agreements/2018/effects/{EFFECT}/new/"


def detail(measurement):
    return f"/agreements/2018/effects/measurements/{measurement.pk}/"


def target(code=EFFECT):
    return Target.objects.get(code=code, agreement__year=2018)


def measure(
    person, numerator=132, denominator=410, measured_on=datetime.date(2018, 11, 30), **more
):
    return services.effect_measurement_create(
        target=more.pop("target", target()),
        house=more.pop("house", person.organisation),
        numerator=numerator,
        denominator=denominator,
        source=more.pop("source", "Kundeundersøgelse efterår 2018"),
        measured_on=measured_on,
        author=person,
        **more,
    )


def form(**fields):
    data = {
        "measured_on": "30.11.2018",
        "numerator": "132",
        "denominator": "410",
        "source": "Kundeundersøgelse efterår 2018",
        "note": "",
        "version": "",
    }
    data.update(fields)
    return data


def page_text(response):
    return html.unescape(response.content.decode())


def in_english(client):
    client.post("/i18n/setlang/", {"language": "en"})
    return client


def history_text(response):
    page = page_text(response)
    start = page.index('id="history-heading"')
    return " ".join(re.sub(r"<[^>]+>", " ", page[start : page.index("</section>", start)]).split())


def house_part(response, key):
    page = page_text(response)
    start = page.find(f'<div class="mb-3" data-house="{key}"')
    if start < 0:
        return ""
    return page[start : page.find("</table>", start) + 8]


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


# Who sees what.


@pytest.fixture
def measurement(mads):
    return measure(mads)


PAGES = [("get", LIST), ("get", NEW), ("post", NEW), ("get", "{detail}"), ("post", "{detail}")]


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_anonymous_visitor_is_sent_to_login(client_as, measurement, method, path):
    response = getattr(client_as(None), method)(path.format(detail=detail(measurement)))

    assert_sent_to_login(response)


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_user_without_a_role_is_refused(client_as, measurement, method, path):
    response = getattr(client_as("stranger"), method)(
        path.format(detail=detail(measurement)), form(numerator="1")
    )

    assert response.status_code == 403
    assert EffectMeasurement.objects.get().numerator == 132


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_see_only_their_own_houses_measurements(client_as, person, name):
    own, other = HOUSE_OF[name], OTHER_HOUSE[HOUSE_OF[name]]
    measure(person(MANAGER_OF[own]), source="Vores egen måling")
    measure(person(MANAGER_OF[other]), source="Det andet hus' måling")
    client = client_as(name)

    response = client.get(LIST)

    assert response.status_code == 200
    assert "Vores egen måling" in page_text(response)
    assert "Det andet hus' måling" not in page_text(response)
    assert client.get(f"{LIST}?house={other}").status_code == 404


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_read_both_houses_measurements(client_as, mads, morten, name):
    measure(mads, 100, 400, source="Hovedstadens måling")
    measure(morten, 30, 120, source="Sjællands måling")

    response = client_as(name).get(LIST)

    assert "Hovedstadens måling" in house_part(response, HOVEDSTADEN)
    assert "Sjællands måling" in house_part(response, SJAELLAND)
    assert "Add a measurement" not in page_text(response)
    assert "Tilføj en måling" not in page_text(response)


def test_the_list_shows_date_fraction_percentage_and_source_latest_first(client_as, mads):
    measure(mads, 50, 400, datetime.date(2018, 6, 30), source="Forårsundersøgelse")
    measure(mads, 132, 410, datetime.date(2018, 11, 30), source="Efterårsundersøgelse")

    part = house_part(in_english(client_as("rikke")).get(LIST), HOVEDSTADEN)

    assert part.index("30.11.2018") < part.index("30.06.2018")
    assert "132/410" in part and "32.2" in part and "Efterårsundersøgelse" in part
    assert "50/400" in part and "12.5" in part and "Forårsundersøgelse" in part
    assert part.count("Counts") == 1
    assert part.index("Counts") < part.index("30.06.2018")


def test_only_the_manager_sees_the_add_link_for_their_own_house(client_as):
    manager_page = page_text(in_english(client_as("mads")).get(LIST))
    staff_page = page_text(in_english(client_as("hanne")).get(LIST))

    assert f'href="{NEW}"' in manager_page
    assert 'href="/agreements/2018/effects/b.d.international-sales/new/"' in manager_page
    assert f'href="{NEW}"' not in staff_page


# Adding a measurement.


def test_mads_adds_a_measurement_for_his_house(client_as, mads):
    client = in_english(client_as("mads"))
    assert client.get(NEW).status_code == 200

    response = client.post(NEW, form(note="Svarprocent 41."))

    assert response.status_code == 302
    assert response.url == LIST
    saved = EffectMeasurement.objects.get()
    assert (saved.target.code, saved.house.key, saved.author) == (EFFECT, HOVEDSTADEN, mads)
    assert (saved.numerator, saved.denominator, saved.measured_on) == (
        132,
        410,
        datetime.date(2018, 11, 30),
    )
    assert (saved.source, saved.note) == ("Kundeundersøgelse efterår 2018", "Svarprocent 41.")
    assert saved.percentage.quantize(Decimal("0.01")) == Decimal("32.20")
    assert saved.history.get().history_user == mads
    assert "The measurement is saved." in page_text(client.get(LIST))


@pytest.mark.parametrize("name", STAFF + READERS)
def test_only_a_manager_adds_a_measurement(client_as, name):
    client = client_as(name)

    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form()).status_code == 403
    assert not EffectMeasurement.objects.exists()


@pytest.mark.parametrize("code", ["a.1.collaborations", "c.1.kommissorium", "b.a.effect", "x.y"])
def test_only_an_effect_target_takes_measurements(client_as, code):
    response = client_as("mads").post(f"/agreements/2018/effects/{code}/new/", form())

    assert response.status_code == 404
    assert not EffectMeasurement.objects.exists()


def test_a_target_of_the_other_house_alone_takes_no_measurement_from_this_house(client_as):
    Target.objects.filter(code=EFFECT).update(house=Organisation.objects.get(key=SJAELLAND))

    assert client_as("mads").post(NEW, form()).status_code == 404
    assert client_as("morten").post(NEW, form()).status_code == 302
    assert EffectMeasurement.objects.get().house.key == SJAELLAND


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        (
            {"numerator": "411"},
            "numerator",
            "The numerator cannot be larger than the denominator.",
        ),
        ({"denominator": "0"}, "denominator", "The denominator must be at least 1."),
        ({"numerator": "-1"}, "numerator", "greater than or equal to 0"),
        ({"numerator": "12,5"}, "numerator", "Enter a whole number."),
        ({"numerator": ""}, "numerator", "This field is required."),
        ({"source": "  "}, "source", "This field is required."),
        ({"measured_on": "31.11.2018"}, "measured_on", "Write the date as dd.mm.yyyy"),
        ({"measured_on": "2018-13-01"}, "measured_on", "Write the date as dd.mm.yyyy"),
        (
            {"measured_on": "31.12.2017"},
            "measured_on",
            "within the agreement's period or up to six months after it, 01.01.2018 to 30.06.2019",
        ),
        ({"measured_on": "01.07.2019"}, "measured_on", "up to six months after it"),
    ],
    ids=[
        "numerator-over-denominator",
        "zero-denominator",
        "negative",
        "decimal",
        "no-numerator",
        "no-source",
        "no-such-day",
        "iso-with-month-13",
        "before-the-period",
        "over-six-months-after",
    ],
)
def test_a_measurement_that_does_not_add_up_is_refused(client_as, fields, field, error):
    response = in_english(client_as("mads")).post(NEW, form(**fields))

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert not EffectMeasurement.objects.exists()


@pytest.mark.parametrize("day", ["01.01.2018", "31.12.2018", "30.06.2019"])
def test_a_measurement_from_the_period_or_the_six_months_after_is_accepted(client_as, day):
    assert client_as("mads").post(NEW, form(measured_on=day)).status_code == 302


def test_a_whole_share_and_nothing_are_both_measurements(mads):
    assert measure(mads, 410, 410).percentage == 100
    assert measure(mads, 0, 410).percentage == 0


@time_machine.travel(datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_a_measurement_cannot_be_dated_in_the_future(client_as):
    response = in_english(client_as("mads")).post(NEW, form(measured_on="02.03.2019"))

    assert "The date cannot be in the future." in response.context["form"].errors["measured_on"]
    assert not EffectMeasurement.objects.exists()


@pytest.mark.parametrize("code", ["c.1.kommissorium", "a.1.collaborations"])
def test_service_refuses_a_target_that_is_not_an_effect(mads, code):
    with pytest.raises(ValidationError) as refused:
        measure(mads, target=target(code))

    assert "target" in refused.value.error_dict
    assert not EffectMeasurement.objects.exists()


def test_service_refuses_an_organisation_that_is_not_a_growth_house(mads):
    with pytest.raises(ValidationError) as refused:
        measure(mads, house=Organisation.objects.get(key="kkr-hovedstaden"))

    assert "house" in refused.value.error_dict


def test_the_database_refuses_a_share_over_the_whole_even_past_the_service(mads):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EffectMeasurement.objects.create(
            target=target(),
            house=mads.organisation,
            numerator=5,
            denominator=4,
            source="x",
            measured_on=datetime.date(2018, 5, 1),
            author=mads,
        )


# The latest counts.


def test_the_latest_measurement_by_date_counts_for_each_house(mads, morten):
    measure(mads, 10, 100, datetime.date(2018, 11, 30))
    latest_hovedstaden = measure(mads, 20, 100, datetime.date(2019, 1, 15))
    measure(mads, 30, 100, datetime.date(2018, 6, 30))  # entered last, measured earlier
    latest_sjaelland = measure(morten, 5, 50, datetime.date(2018, 9, 1))

    latest = EffectMeasurement.objects.latest_by_house()

    assert latest == {
        (target().pk, mads.organisation.pk): latest_hovedstaden,
        (target().pk, morten.organisation.pk): latest_sjaelland,
    }


def test_of_two_measurements_on_the_same_day_the_later_entry_counts(mads):
    measure(mads, 10, 100)
    later = measure(mads, 11, 100)

    assert list(EffectMeasurement.objects.latest_by_house().values()) == [later]


def test_each_target_has_its_own_latest_measurement(mads):
    measure(mads, 10, 100)
    measure(mads, 1, 2, target=target("b.d.international-sales"))

    latest = EffectMeasurement.objects.latest_by_house()

    assert {target_id: m.numerator for (target_id, _house), m in latest.items()} == {
        target().pk: 10,
        target("b.d.international-sales").pk: 1,
    }


# Correcting a measurement.


def test_mads_corrects_a_measurement(client_as, mads, measurement):
    client = client_as("mads")
    page = client.get(detail(measurement))
    assert 'id="effect-measurement-form"' in page_text(page)

    response = client.post(
        detail(measurement),
        form(numerator="140", measured_on="01.12.2018", version=measurement.version),
    )

    assert response.status_code == 302
    saved = EffectMeasurement.objects.get()
    assert (saved.numerator, saved.measured_on) == (140, datetime.date(2018, 12, 1))
    assert (saved.target.code, saved.house.key, saved.author) == (EFFECT, HOVEDSTADEN, mads)


@pytest.mark.parametrize("name", ["hanne", "rikke", "rasmus", "anne"])
def test_staff_and_readers_open_a_measurement_without_a_form(client_as, measurement, name):
    response = client_as(name).get(detail(measurement))

    assert response.status_code == 200
    assert "Kundeundersøgelse efterår 2018" in page_text(response)
    assert 'id="effect-measurement-form"' not in page_text(response)


@pytest.mark.parametrize("name", ["hanne", "rikke", "rasmus", "anne"])
def test_staff_and_readers_cannot_correct_a_measurement(client_as, measurement, name):
    response = client_as(name).post(
        detail(measurement), form(numerator="1", version=measurement.version)
    )

    assert response.status_code == 403
    assert EffectMeasurement.objects.get().numerator == 132


@pytest.mark.parametrize("name", ["sofie", "morten"])
def test_the_other_house_cannot_find_a_measurement(client_as, measurement, name):
    client = client_as(name)

    assert client.get(detail(measurement)).status_code == 404
    assert (
        client.post(detail(measurement), form(numerator="1", version=measurement.version))
    ).status_code == 404
    assert EffectMeasurement.objects.get().numerator == 132


def test_a_measurement_is_not_found_under_another_year(client_as, measurement):
    response = client_as("mads").get(f"/agreements/2017/effects/measurements/{measurement.pk}/")

    assert response.status_code == 404


def test_a_correction_on_top_of_a_changed_measurement_is_refused_and_the_other_stays(
    client_as, mads, measurement
):
    stale = measurement.version
    services.effect_measurement_update(
        measurement=EffectMeasurement.objects.get(),
        user=mads,
        version=stale,
        numerator=150,
        denominator=410,
        source="Rettet i en anden fane",
        measured_on=datetime.date(2018, 11, 30),
    )

    response = client_as("mads").post(detail(measurement), form(numerator="99", version=stale))

    assert response.status_code == 200
    assert CONFLICT_DA in page_text(response)
    saved = EffectMeasurement.objects.get()
    assert (saved.numerator, saved.source) == (150, "Rettet i en anden fane")


def test_the_conflict_speaks_english_when_chosen(client_as, mads, measurement):
    stale = measurement.version
    services.effect_measurement_update(
        measurement=EffectMeasurement.objects.get(),
        user=mads,
        version=stale,
        numerator=150,
        denominator=410,
        source="Rettet",
        measured_on=datetime.date(2018, 11, 30),
    )

    response = in_english(client_as("mads")).post(
        detail(measurement), form(numerator="99", version=stale)
    )

    assert CONFLICT_EN in page_text(response)


def test_history_shows_who_added_and_corrected_the_measurement(client_as, mads, measurement):
    services.effect_measurement_update(
        measurement=measurement,
        user=mads,
        version=measurement.version,
        numerator=140,
        denominator=410,
        source="Kundeundersøgelse efterår 2018",
        measured_on=datetime.date(2018, 11, 30),
    )

    history = history_text(in_english(client_as("rikke")).get(detail(measurement)))

    assert "Added · Mads Testesen" in history
    assert "132/410, 30.11.2018" in history
    assert "Changed · Mads Testesen" in history
    assert "Numerator: 132 → 140" in history
    assert history.index("Changed") < history.index("Added")


def recorded_scopes(agreement):
    from reporting.models import Recount

    return list(Recount.objects.filter(agreement=agreement).values_list("scope", flat=True))


def test_saved_measurements_queue_one_roll_up_once_committed(
    mads, agreement_2018, monkeypatch, django_capture_on_commit_callbacks
):
    from reporting.rollups import tasks

    queued = []
    monkeypatch.setattr(tasks.rollup_drain, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        measurement = measure(mads)
        services.effect_measurement_update(
            measurement=measurement,
            user=mads,
            version=measurement.version,
            numerator=1,
            denominator=2,
            source="x",
            measured_on=datetime.date(2018, 5, 1),
        )

    # Both saves are in one transaction here: the agreement is drained once, and each save
    # recorded that its progress rows are to be recomputed.
    assert queued == [agreement_2018.pk]
    assert recorded_scopes(agreement_2018) == ["progress", "progress"]
