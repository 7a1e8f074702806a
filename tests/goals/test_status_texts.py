"""Status texts: each growth house's quarterly narrative and traffic light on each goal.

The house's manager writes them, its staff read them, and the reviewers and the
administrator read both houses'. The text of the quarter before is shown when the
next is written. A save on top of a page someone else has changed since is refused.

The wording checks switch to English with the language cookie, except where they
check the Danish conflict message, which the translation already has.
"""

import html
import re

import pytest
from django.core.exceptions import ValidationError

from agreement.models import Organisation
from goals import services
from goals.models import Goal, Progress, StatusText

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

OVERVIEW = "/agreements/2018/status/"


def text_page(goal_code="a.1", quarter=1, house=None):
    return f"/agreements/2018/status/{goal_code}/{quarter}/" + (f"?house={house}" if house else "")


def house(key):
    return Organisation.objects.get(key=key)


def goal(code):
    return Goal.objects.get(code=code, focus_area__agreement__year=2018)


def write(person, goal_code="a.1", quarter=1, status=Progress.ON_TRACK, text="Godt i gang."):
    """Write the person's house's text through the service, as the form does."""
    existing = StatusText.objects.filter(
        goal=goal(goal_code), house=person.organisation, quarter=quarter
    ).first()
    return services.status_text_save(
        goal=goal(goal_code),
        house=person.organisation,
        quarter=quarter,
        status=status,
        text=text,
        author=person,
        version=existing.version if existing else None,
    )


def page_text(response):
    return html.unescape(response.content.decode())


def in_english(client):
    client.post("/i18n/setlang/", {"language": "en"})
    return client


def version_on(response):
    """Return the version the page's form carries (empty for a new text)."""
    match = re.search(r'name="version" value="(\d*)"', response.content.decode())
    return match[1] if match else ""


def section(response, key):
    """Return the page's part about one house."""
    page = page_text(response)
    start = page.find(f'data-house="{key}"')
    if start < 0:
        return ""
    end = page.find("<section", start)
    return page[start : end if end > 0 else None]


def history_text(response):
    """Return the words of the page's history, without tags."""
    page = page_text(response)
    history = page[
        page.index('id="history-heading"') : page.index(
            "</section>", page.index('id="history-heading"')
        )
    ]
    return " ".join(re.sub(r"<[^>]+>", " ", history).split())


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


# Who sees what.


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("path", [OVERVIEW, text_page(), "/agreements/status/"])
def test_anonymous_visitor_is_sent_to_login(client_as, method, path):
    assert_sent_to_login(getattr(client_as(None), method)(path))


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("path", [OVERVIEW, text_page(), "/agreements/status/"])
def test_user_without_a_role_is_refused(client_as, method, path):
    response = getattr(client_as("stranger"), method)(
        path, *([{"status": "on_track", "text": "x"}] if method == "post" else [])
    )

    assert response.status_code == 403
    assert not StatusText.objects.exists()


@pytest.mark.parametrize("name", HOUSE_PEOPLE + READERS)
def test_the_menu_leads_everyone_with_a_role_to_the_status_texts(client_as, name):
    client = client_as(name)

    assert 'href="/agreements/status/?year=2018"' in page_text(client.get("/agreements/2018/"))
    response = client.get("/agreements/status/")
    assert response.status_code == 302
    assert response.url == OVERVIEW


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_see_only_their_own_houses_texts(client_as, person, name):
    own, other = HOUSE_OF[name], OTHER_HOUSE[HOUSE_OF[name]]
    write(person(MANAGER_OF[own]), text="Vores egen tekst om samarbejdet.")
    write(person(MANAGER_OF[other]), text="Det andet hus' tekst.")

    response = client_as(name).get(OVERVIEW)

    assert response.status_code == 200
    assert section(response, own)
    assert not section(response, other)
    assert "Vores egen tekst" in page_text(response)
    assert "Det andet hus' tekst" not in page_text(response)


@pytest.mark.parametrize("name", HOUSE_PEOPLE)
def test_house_people_cannot_choose_the_other_house(client_as, person, name):
    other = OTHER_HOUSE[HOUSE_OF[name]]
    write(person(MANAGER_OF[other]), text="Det andet hus' tekst.")
    client = client_as(name)

    assert client.get(f"{OVERVIEW}?house={other}").status_code == 404
    assert client.get(text_page(house=other)).status_code == 404


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_read_both_houses_one_after_the_other(
    client_as, mads, morten, name
):
    write(mads, text="Hovedstadens tekst om samarbejdet.")
    write(morten, text="Sjællands tekst om samarbejdet.")

    response = client_as(name).get(OVERVIEW)

    page = page_text(response)
    assert response.status_code == 200
    assert page.index(f'data-house="{HOVEDSTADEN}"') < page.index(f'data-house="{SJAELLAND}"')
    assert "Hovedstadens tekst" in section(response, HOVEDSTADEN)
    assert "Sjællands tekst" in section(response, SJAELLAND)
    assert "Write status text" not in page and "Skriv statustekst" not in page


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_choose_a_house(client_as, mads, morten, name):
    write(mads, text="Hovedstadens tekst om samarbejdet.")
    write(morten, text="Sjællands tekst om samarbejdet.")

    response = client_as(name).get(f"{OVERVIEW}?house={SJAELLAND}")

    assert "Sjællands tekst" in page_text(response)
    assert not section(response, HOVEDSTADEN)


def test_overview_cell_shows_the_traffic_light_and_the_first_words_and_links_to_the_text(
    client_as, mads
):
    write(
        mads,
        goal_code="b.b",
        quarter=2,
        status=Progress.AT_RISK,
        text="Samarbejdet med Udenrigsministeriet er forsinket, fordi aftalen om "
        "eksportrådgivning først kommer på plads efter sommerferien.",
    )

    response = in_english(client_as("rikke")).get(OVERVIEW)

    row = re.search(r'<tr data-goal="b.b">(.*?)</tr>', page_text(response), re.DOTALL)[1]
    cell = re.search(r'data-quarter="2">(.*?)</td>', row, re.DOTALL)[1]
    assert "At risk" in cell
    assert "Samarbejdet med Udenrigsministeriet er forsinket, fordi aftalen om …" in cell
    assert "sommerferien" not in cell
    assert f'href="{text_page("b.b", 2, HOVEDSTADEN)}"' in cell


def test_manager_sees_write_links_for_the_empty_quarters_of_every_goal_without_sub_goals(
    client_as,
):
    response = in_english(client_as("mads")).get(OVERVIEW)

    page = page_text(response)
    assert f'href="{text_page("a.4a", 3)}"' in page
    assert "Write status text" in page
    assert f'href="{text_page("a.4", 1)}"' not in page, "a goal with sub-goals has none"
    assert "Written for each sub-goal." in page


@pytest.mark.parametrize("name", ["hanne", "rikke", "anne"])
def test_nobody_but_the_manager_sees_write_links(client_as, name):
    page = page_text(in_english(client_as(name)).get(OVERVIEW))

    assert "Write status text" not in page


def test_overview_reads_in_a_bounded_number_of_queries(
    client_as, mads, morten, django_assert_max_num_queries
):
    for quarter in (1, 2, 3):
        write(mads, goal_code="a.1", quarter=quarter)
        write(morten, goal_code="c.1", quarter=quarter)
    client = client_as("rikke")

    with django_assert_max_num_queries(15):
        assert client.get(OVERVIEW).status_code == 200


# The text page.


def test_manager_opens_an_empty_form(client_as):
    response = in_english(client_as("mads")).get(text_page("a.1", 1))

    assert response.status_code == 200
    assert 'id="status-text-form"' in page_text(response)
    assert "No text from an earlier quarter of the year." in page_text(response)
    assert version_on(response) == ""


def test_mads_writes_a_status_text(client_as, mads):
    client = in_english(client_as("mads"))
    response = client.post(
        text_page("a.1", 1), {"status": "on_track", "text": "  Møder med Copenhagen Capacity.  "}
    )

    assert response.status_code == 302
    assert response.url == OVERVIEW
    text = StatusText.objects.get()
    assert (text.goal.code, text.house.key, text.year, text.quarter) == (
        "a.1",
        HOVEDSTADEN,
        2018,
        1,
    )
    assert (text.status, text.text, text.author) == (
        Progress.ON_TRACK,
        "Møder med Copenhagen Capacity.",
        mads,
    )
    assert text.history.get().history_user == mads
    assert "The status text is saved." in page_text(client.get(response.url))


def test_the_form_shows_the_current_text_and_saves_a_change(client_as, mads):
    written = write(mads, status=Progress.ON_TRACK, text="Første udgave.")
    client = client_as("mads")

    response = client.get(text_page("a.1", 1))
    assert "Første udgave." in page_text(response)
    assert '<option value="on_track" selected>' in page_text(response)
    assert version_on(response) == str(written.version)

    response = client.post(
        text_page("a.1", 1),
        {"status": "at_risk", "text": "Anden udgave.", "version": version_on(response)},
    )

    assert response.status_code == 302
    text = StatusText.objects.get()
    assert (text.status, text.text) == (Progress.AT_RISK, "Anden udgave.")


@pytest.mark.parametrize("name", STAFF)
def test_staff_read_their_houses_text_without_a_form(client_as, person, name):
    write(person(MANAGER_OF[HOUSE_OF[name]]), text="Tekst fra lederen.")

    response = client_as(name).get(text_page("a.1", 1))

    assert response.status_code == 200
    assert "Tekst fra lederen." in page_text(response)
    assert '<form method="post" novalidate' not in page_text(response)


@pytest.mark.parametrize("name", READERS)
def test_reviewers_read_both_houses_texts_on_a_goal(client_as, mads, morten, name):
    write(mads, text="Hovedstadens tekst.")
    write(morten, text="Sjællands tekst.")

    response = client_as(name).get(text_page("a.1", 1))

    assert response.status_code == 200
    assert "Hovedstadens tekst." in section(response, HOVEDSTADEN)
    assert "Sjællands tekst." in section(response, SJAELLAND)
    assert 'id="status-text-form"' not in page_text(response)
    # Each house's history has a heading of its own for screen readers.
    html = page_text(response)
    assert html.count('id="history-vaeksthus-hovedstaden"') == 1
    assert html.count('id="history-vaeksthus-sjaelland"') == 1


@pytest.mark.parametrize("name", STAFF + READERS)
def test_only_the_houses_manager_writes(client_as, mads, name):
    write(mads, text="Lederens tekst.")

    response = client_as(name).post(
        text_page("a.1", 1), {"status": "behind", "text": "Ændret af en anden."}
    )

    assert response.status_code == 403
    assert StatusText.objects.get().text == "Lederens tekst."
    assert StatusText.objects.count() == 1


def test_manager_cannot_write_for_the_other_house(client_as, mads):
    write(mads, text="Hovedstadens tekst.")

    response = client_as("morten").post(
        text_page("a.1", 1, HOVEDSTADEN), {"status": "behind", "text": "Sjællands forsøg."}
    )

    assert response.status_code == 404
    assert StatusText.objects.get().text == "Hovedstadens tekst."


def test_a_manager_writes_for_their_own_house_only(client_as, mads, morten):
    client_as("morten").post(text_page("a.1", 1), {"status": "on_track", "text": "Sjælland."})

    assert StatusText.objects.get().house.key == SJAELLAND


@pytest.mark.parametrize(
    "path",
    [
        text_page("a.4", 1),  # has sub-goals
        text_page("z.9", 1),
        text_page("a.1", 0),
        text_page("a.1", 5),
        "/agreements/2017/status/a.1/1/",
        "/agreements/2017/status/",
    ],
)
def test_unknown_goals_quarters_and_years_are_not_found(client_as, path):
    assert client_as("mads").get(path).status_code == 404


# What the form refuses.


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"status": "on_track", "text": ""}, "text", "This field is required."),
        ({"status": "on_track", "text": "   \n  "}, "text", "This field is required."),
        ({"status": "", "text": "Tekst"}, "status", "This field is required."),
        ({"status": "splendid", "text": "Tekst"}, "status", "Select a valid choice."),
    ],
    ids=["empty-text", "blank-text", "no-status", "unknown-status"],
)
def test_a_text_without_words_or_status_is_refused(client_as, data, field, error):
    response = in_english(client_as("mads")).post(text_page("a.1", 1), data)

    assert response.status_code == 200
    assert error in response.context["form"].errors[field][0]
    assert not StatusText.objects.exists()


def test_service_refuses_an_empty_text_and_a_goal_with_sub_goals(mads):
    with pytest.raises(ValidationError) as empty:
        services.status_text_save(
            goal=goal("a.1"),
            house=mads.organisation,
            quarter=1,
            status="on_track",
            text=" ",
            author=mads,
        )
    with pytest.raises(ValidationError) as parent:
        services.status_text_save(
            goal=goal("a.4"),
            house=mads.organisation,
            quarter=1,
            status="on_track",
            text="x",
            author=mads,
        )

    assert "text" in empty.value.error_dict
    assert "goal" in parent.value.error_dict
    assert not StatusText.objects.exists()


@pytest.mark.parametrize("organisation", ["kkr-hovedstaden", "copenhagen-capacity"])
def test_service_refuses_an_organisation_that_is_not_a_growth_house(mads, organisation):
    other = house(organisation)

    with pytest.raises(ValidationError) as refused:
        services.status_text_save(
            goal=goal("a.1"), house=other, quarter=1, status="on_track", text="x", author=mads
        )

    assert "house" in refused.value.error_dict


# Someone else's save in between.


def test_an_edit_on_top_of_a_changed_text_is_refused_and_the_other_change_stays(client_as, mads):
    write(mads, text="Første udgave.")
    client = client_as("mads")
    stale = version_on(client.get(text_page("a.1", 1)))
    write(mads, status=Progress.BEHIND, text="Ændret i en anden fane.")

    response = client.post(
        text_page("a.1", 1), {"status": "achieved", "text": "Min ændring.", "version": stale}
    )

    assert response.status_code == 200
    assert CONFLICT_DA in page_text(response)
    assert "Min ændring." in page_text(response), "the refused text is still there to copy"
    saved = StatusText.objects.get()
    assert (saved.status, saved.text) == (Progress.BEHIND, "Ændret i en anden fane.")


def test_the_conflict_speaks_english_when_chosen(client_as, mads):
    write(mads, text="Første udgave.")
    client = in_english(client_as("mads"))
    stale = version_on(client.get(text_page("a.1", 1)))
    write(mads, text="Ændret i en anden fane.")

    response = client.post(
        text_page("a.1", 1), {"status": "achieved", "text": "Min ændring.", "version": stale}
    )

    assert CONFLICT_EN in page_text(response)


def test_writing_a_new_text_that_someone_wrote_meanwhile_is_refused(client_as, mads):
    client = client_as("mads")
    assert version_on(client.get(text_page("a.1", 1))) == ""
    write(mads, text="Skrevet i en anden fane.")

    response = client.post(text_page("a.1", 1), {"status": "achieved", "text": "Min tekst."})

    assert CONFLICT_DA in page_text(response)
    assert StatusText.objects.get().text == "Skrevet i en anden fane."


# The quarter before, and the history.


def test_the_quarter_befores_text_and_status_are_shown_when_writing_the_next(client_as, mads):
    write(mads, quarter=1, status=Progress.AT_RISK, text="Første kvartal: forsinket opstart.")

    response = in_english(client_as("mads")).get(text_page("a.1", 2))

    previous = re.search(
        r'data-testid="previous-text">(.*?)</div>\s*</div>', page_text(response), re.DOTALL
    )[1]
    assert "The text of Quarter 1: January–March 2018" in previous
    assert "At risk" in previous
    assert "Første kvartal: forsinket opstart." in previous
    assert page_text(response).index("Første kvartal") < page_text(response).index(
        'id="status-text-form"'
    )


def test_the_latest_earlier_text_is_shown_when_a_quarter_was_skipped(client_as, mads):
    write(mads, quarter=1, text="Første kvartal.")

    page = page_text(client_as("mads").get(text_page("a.1", 3)))

    assert "Første kvartal." in page


def test_the_previous_text_is_the_same_houses_and_goals(mads, morten):
    write(mads, goal_code="a.1", quarter=1, text="Hovedstaden a.1")
    write(morten, goal_code="a.1", quarter=2, text="Sjælland a.1")
    write(mads, goal_code="b.b", quarter=2, text="Hovedstaden b.b")

    previous = StatusText.objects.previous(goal("a.1"), mads.organisation, 3)

    assert previous.text == "Hovedstaden a.1"
    assert StatusText.objects.previous(goal("a.1"), mads.organisation, 1) is None


@pytest.mark.parametrize("name", ["hanne", "rikke"])
def test_readers_see_the_previous_text_too(client_as, mads, name):
    write(mads, quarter=1, text="Første kvartal.")

    assert "Første kvartal." in page_text(client_as(name).get(text_page("a.1", 2)))


def test_history_shows_who_wrote_and_changed_the_text(client_as, mads):
    write(mads, status=Progress.ON_TRACK, text="Første udgave.")
    write(mads, status=Progress.BEHIND, text="Anden udgave.")

    response = in_english(client_as("rikke")).get(text_page("a.1", 1, HOVEDSTADEN))

    history = history_text(response)
    assert "Written · Mads Testesen" in history
    assert "Changed · Mads Testesen" in history
    assert "Status: On track → Behind" in history
    assert "Status text: Første udgave. → Anden udgave." in history
    assert history.index("Changed") < history.index("Written"), "newest first"


# The roll-ups.


def test_a_saved_text_queues_the_roll_up_once_committed(
    mads, agreement_2018, monkeypatch, django_capture_on_commit_callbacks
):
    from reporting.rollups import tasks

    queued = []
    monkeypatch.setattr(tasks.rollup_drain, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        write(mads)

    assert queued == [agreement_2018.pk]


def test_a_refused_text_queues_nothing(mads, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        write(mads, text="")

    assert callbacks == []
