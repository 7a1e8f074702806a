"""Milestones: done or not, with the date and the evidence. A growth house's manager marks
a milestone as done for the house, or for both houses jointly, and reopens it when it
was marked by mistake; the history keeps both.

Wording checks switch to English with the language cookie, except the Danish conflict
message.
"""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError

from agreement.models import Organisation
from goals import services
from goals.models import MilestoneCompletion, Target

pytestmark = pytest.mark.django_db

HOVEDSTADEN = "vaeksthus-hovedstaden"
SJAELLAND = "vaeksthus-sjaelland"
STAFF = ["hanne", "sofie"]
READERS = ["rikke", "rasmus", "anne"]
CONFLICT_DA = "En anden har gemt en ændring her"
CONFLICT_EN = "Someone else saved a change here while you were editing."

LIST = "/agreements/2018/milestones/"
KOMMISSORIUM = "c.1.kommissorium"
PAGE = f"/agreements/2018/milestones/{KOMMISSORIUM}/"
REOPEN = f"{PAGE}reopen/"
EVIDENCE = "https://example.dk/kommissorium.pdf"


def target(code=KOMMISSORIUM):
    return Target.objects.get(code=code, agreement__year=2018)


def complete(person, *, jointly=False, done_on=datetime.date(2018, 5, 15), **more):
    return services.milestone_complete(
        target=more.pop("target", target()),
        house=None if jointly else more.pop("house", person.organisation),
        done_on=done_on,
        evidence_url=more.pop("evidence_url", EVIDENCE),
        evidence_text=more.pop("evidence_text", ""),
        author=person,
        **more,
    )


def form(**fields):
    data = {"done_on": "15.05.2018", "evidence_url": EVIDENCE, "evidence_text": "", "version": ""}
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


def version_on(response):
    """Return the version the page's form carries (empty for a new completion)."""
    match = re.search(r'name="version" value="(\d*)"', response.content.decode())
    return match[1] if match else ""


def row(response, code, house):
    """Return the words of the list's row for a house under a milestone."""
    page = page_text(response)
    start = page.index(f'data-target="{code}"')
    start = page.index(f'<tr data-house="{house}">', start)
    return " ".join(re.sub(r"<[^>]+>", " ", page[start : page.index("</tr>", start)]).split())


def assert_sent_to_login(response):
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.fixture
def done(mads):
    return complete(mads)


# Who sees what.

PAGES = [("get", LIST), ("get", PAGE), ("post", PAGE), ("post", REOPEN)]


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_anonymous_visitor_is_sent_to_login(client_as, done, method, path):
    assert_sent_to_login(getattr(client_as(None), method)(path))
    assert MilestoneCompletion.objects.get() == done


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_user_without_a_role_is_refused(client_as, done, method, path):
    response = getattr(client_as("stranger"), method)(
        path, {"completion": done.pk, "version": done.version, **form(done_on="16.05.2018")}
    )

    assert response.status_code == 403
    assert MilestoneCompletion.objects.get().done_on == datetime.date(2018, 5, 15)


@pytest.mark.parametrize("name", ["hanne", "mads"])
def test_hovedstaden_sees_its_own_completion(client_as, done, name):
    response = in_english(client_as(name)).get(LIST)

    assert "Done 15.05.2018" in row(response, KOMMISSORIUM, HOVEDSTADEN)
    assert EVIDENCE in row(response, KOMMISSORIUM, HOVEDSTADEN)
    assert f'<tr data-house="{SJAELLAND}">' not in page_text(response)


@pytest.mark.parametrize("name", ["sofie", "morten"])
def test_the_other_house_neither_sees_the_completion_nor_its_history(client_as, done, name):
    client = in_english(client_as(name))

    list_page = client.get(LIST)
    assert "Not done" in row(list_page, KOMMISSORIUM, SJAELLAND)
    assert EVIDENCE not in page_text(list_page)
    detail = client.get(PAGE)
    assert EVIDENCE not in page_text(detail)
    assert "Mads" not in history_text(detail)
    assert client.get(f"{LIST}?house={HOVEDSTADEN}").status_code == 404


@pytest.mark.parametrize("name", READERS)
def test_reviewers_and_administrators_see_both_houses(client_as, done, name):
    response = in_english(client_as(name)).get(LIST)

    assert "Done 15.05.2018" in row(response, KOMMISSORIUM, HOVEDSTADEN)
    assert "Not done" in row(response, KOMMISSORIUM, SJAELLAND)
    assert "Not done" in row(response, "a.4b.een-coordination", HOVEDSTADEN)


def test_a_joint_completion_shows_as_done_for_both_houses_to_everyone(client_as, mads):
    complete(mads, jointly=True, evidence_url="", evidence_text="Referat fra styregruppen")

    for name, house in [("hanne", HOVEDSTADEN), ("sofie", SJAELLAND), ("rikke", SJAELLAND)]:
        response = in_english(client_as(name)).get(LIST)
        assert "Done jointly 15.05.2018 Referat fra styregruppen" in row(
            response, KOMMISSORIUM, house
        )


# Marking as done.


def test_mads_marks_the_milestone_as_done_for_his_house(client_as, mads):
    client = in_english(client_as("mads"))
    assert 'id="milestone-form"' in page_text(client.get(PAGE))

    response = client.post(PAGE, form(evidence_text="Godkendt på bestyrelsesmødet."))

    assert response.status_code == 302
    assert response.url == LIST
    saved = MilestoneCompletion.objects.get()
    assert (saved.target.code, saved.house.key, saved.author) == (KOMMISSORIUM, HOVEDSTADEN, mads)
    assert saved.done_on == datetime.date(2018, 5, 15)
    assert (saved.evidence_url, saved.evidence_text) == (EVIDENCE, "Godkendt på bestyrelsesmødet.")
    assert saved.history.get().history_user == mads
    assert "The milestone is marked as done." in page_text(client.get(LIST))


def test_morten_marks_it_as_done_for_both_houses_jointly(client_as, morten):
    response = client_as("morten").post(PAGE, form(jointly="on"))

    assert response.status_code == 302
    assert MilestoneCompletion.objects.get().house is None


def test_each_house_marks_its_own_completion(client_as, mads, morten):
    complete(mads)
    complete(morten, done_on=datetime.date(2018, 6, 1))

    assert sorted(c.house.key for c in MilestoneCompletion.objects.all()) == [
        HOVEDSTADEN,
        SJAELLAND,
    ]


def test_a_completion_is_changed_on_the_same_form(client_as, done):
    client = client_as("mads")
    page = page_text(client.get(PAGE))
    assert 'value="15.05.2018"' in page
    assert f'name="version" value="{done.version}"' in page

    response = client.post(PAGE, form(done_on="20.05.2018", version=done.version))

    assert response.status_code == 302
    saved = MilestoneCompletion.objects.get()
    assert (saved.pk, saved.done_on) == (done.pk, datetime.date(2018, 5, 20))


def test_the_house_of_a_completion_is_not_changed_by_ticking_jointly(client_as, done):
    response = client_as("mads").post(PAGE, form(jointly="on", version=done.version))

    assert response.status_code == 302
    assert MilestoneCompletion.objects.get().house.key == HOVEDSTADEN


@pytest.mark.parametrize("name", STAFF + READERS)
def test_only_a_manager_marks_a_milestone_as_done(client_as, name):
    client = client_as(name)

    assert 'id="milestone-form"' not in page_text(client.get(PAGE))
    assert client.post(PAGE, form()).status_code == 403
    assert client.post(PAGE, form(jointly="on")).status_code == 403
    assert not MilestoneCompletion.objects.exists()


@pytest.mark.parametrize("code", ["b.b.international-activity", "a.1.collaborations", "zz"])
def test_only_a_milestone_target_is_marked_as_done(client_as, code):
    response = client_as("mads").post(f"/agreements/2018/milestones/{code}/", form())

    assert response.status_code == 404
    assert not MilestoneCompletion.objects.exists()


def test_a_milestone_of_the_other_house_alone_is_not_marked_by_this_house(client_as):
    Target.objects.filter(code=KOMMISSORIUM).update(house=Organisation.objects.get(key=SJAELLAND))

    assert client_as("mads").post(PAGE, form()).status_code == 403
    assert client_as("morten").post(PAGE, form()).status_code == 302
    assert MilestoneCompletion.objects.get().house.key == SJAELLAND


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        (
            {"evidence_url": "", "evidence_text": "  "},
            "evidence_url",
            "Give a link to the evidence or describe it.",
        ),
        ({"evidence_url": "ftp://example.dk/fil.pdf"}, "evidence_url", "Enter a valid URL."),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url", "Enter a valid URL."),
        ({"done_on": ""}, "done_on", "This field is required."),
        ({"done_on": "32.05.2018"}, "done_on", "Write the date as dd.mm.yyyy"),
        (
            {"done_on": "15.01.2019"},
            "done_on",
            "The date must be within the agreement's period, 01.01.2018 to 31.12.2018.",
        ),
        ({"done_on": "31.12.2017"}, "done_on", "within the agreement's period"),
    ],
    ids=[
        "no-evidence",
        "ftp-link",
        "script-link",
        "no-date",
        "no-such-day",
        "after-the-period",
        "before-the-period",
    ],
)
def test_a_completion_without_evidence_or_with_a_bad_date_is_refused(
    client_as, fields, field, error
):
    response = in_english(client_as("mads")).post(PAGE, form(**fields))

    assert response.status_code == 200
    assert error in " ".join(response.context["form"].errors[field])
    assert not MilestoneCompletion.objects.exists()


def test_a_link_without_a_scheme_is_read_as_https(client_as):
    client_as("mads").post(PAGE, form(evidence_url="example.dk/referat"))

    assert MilestoneCompletion.objects.get().evidence_url == "https://example.dk/referat"


def test_a_joint_completion_beside_a_houses_own_is_refused(client_as, done):
    response = in_english(client_as("morten")).post(PAGE, form(jointly="on"))

    assert response.status_code == 200
    assert "Væksthus Hovedstadsregionen has marked the milestone as done; reopen that first." in (
        page_text(response)
    )
    assert MilestoneCompletion.objects.get() == done


def test_a_houses_completion_beside_a_joint_one_is_refused(morten, mads):
    complete(morten, jointly=True)

    with pytest.raises(ValidationError) as refused:
        complete(mads, version=None)

    assert "house" in refused.value.error_dict
    assert MilestoneCompletion.objects.count() == 1


def test_a_house_counts_its_own_completions_and_the_joint_ones(mads, morten):
    own = complete(mads)
    joint = complete(morten, jointly=True, target=target("a.4b.een-coordination"))
    complete(morten, target=target("a.3a.interreg-application"))

    counted = MilestoneCompletion.objects.for_houses([mads.organisation])

    assert set(counted) == {own, joint}


def test_a_joint_completion_is_changed_by_either_houses_manager(client_as, morten):
    joint = complete(morten, jointly=True)

    response = client_as("mads").post(PAGE, form(done_on="01.06.2018", version=joint.version))

    assert response.status_code == 302
    saved = MilestoneCompletion.objects.get()
    assert (saved.house, saved.done_on) == (None, datetime.date(2018, 6, 1))


@pytest.mark.parametrize("code", ["b.b.international-activity", "a.1.cooperation"])
def test_service_refuses_a_target_that_is_not_a_milestone(mads, code):
    with pytest.raises(ValidationError) as refused:
        complete(mads, target=target(code))

    assert "target" in refused.value.error_dict


def test_an_edit_on_top_of_a_changed_completion_is_refused_and_the_other_stays(
    client_as, mads, done
):
    stale = done.version
    complete(mads, done_on=datetime.date(2018, 5, 30), version=stale)

    response = client_as("mads").post(PAGE, form(done_on="01.06.2018", version=stale))

    assert response.status_code == 200
    assert CONFLICT_DA in page_text(response)
    assert MilestoneCompletion.objects.get().done_on == datetime.date(2018, 5, 30)


def test_marking_as_done_what_someone_marked_meanwhile_is_refused_in_english(client_as, mads):
    client = in_english(client_as("mads"))
    assert version_on(client.get(PAGE)) == ""
    complete(mads, done_on=datetime.date(2018, 5, 30))

    response = client.post(PAGE, form(done_on="01.06.2018"))

    assert CONFLICT_EN in page_text(response)
    assert MilestoneCompletion.objects.get().done_on == datetime.date(2018, 5, 30)


# Reopening.


def test_mads_reopens_a_milestone_and_the_history_keeps_it(client_as, mads, done):
    client = in_english(client_as("mads"))

    response = client.post(REOPEN, {"completion": done.pk, "version": done.version})

    assert response.status_code == 302
    assert response.url == PAGE
    assert not MilestoneCompletion.objects.exists()
    page = client.get(PAGE)
    assert "The milestone is reopened." in page_text(page)
    history = history_text(page)
    assert "Reopened · Mads Testesen" in history
    assert "Marked as done · Mads Testesen" in history
    assert "Væksthus Hovedstadsregionen · 15.05.2018" in history
    assert history.index("Reopened") < history.index("Marked as done")
    assert MilestoneCompletion.history.filter(history_type="-").get().history_user == mads


def test_a_reopened_milestone_is_marked_as_done_again(client_as, mads, done):
    services.milestone_reopen(completion=done, user=mads, version=done.version)

    response = client_as("mads").post(PAGE, form(done_on="01.09.2018"))

    assert response.status_code == 302
    assert MilestoneCompletion.objects.get().done_on == datetime.date(2018, 9, 1)


@pytest.mark.parametrize("name", ["hanne", "rikke", "rasmus", "anne"])
def test_staff_and_readers_cannot_reopen(client_as, done, name):
    response = client_as(name).post(REOPEN, {"completion": done.pk, "version": done.version})

    assert response.status_code == 403
    assert MilestoneCompletion.objects.get() == done


def test_the_other_houses_manager_cannot_find_a_houses_completion_to_reopen(client_as, done):
    response = client_as("morten").post(REOPEN, {"completion": done.pk, "version": done.version})

    assert response.status_code == 404
    assert MilestoneCompletion.objects.get() == done


def test_either_manager_reopens_a_joint_completion(client_as, mads):
    joint = complete(mads, jointly=True)

    response = client_as("morten").post(REOPEN, {"completion": joint.pk, "version": joint.version})

    assert response.status_code == 302
    assert not MilestoneCompletion.objects.exists()


def test_reopening_a_changed_completion_is_refused_and_the_change_stays(client_as, mads, done):
    stale = done.version
    complete(mads, done_on=datetime.date(2018, 5, 30), version=stale)

    response = client_as("mads").post(
        REOPEN, {"completion": done.pk, "version": stale}, follow=True
    )

    assert CONFLICT_DA in page_text(response)
    assert MilestoneCompletion.objects.get().done_on == datetime.date(2018, 5, 30)


def test_reopening_what_someone_reopened_meanwhile_says_so(client_as, mads, done):
    services.milestone_reopen(completion=done, user=mads, version=done.version)

    response = in_english(client_as("mads")).post(
        REOPEN, {"completion": done.pk, "version": done.version}, follow=True
    )

    assert CONFLICT_EN in page_text(response)


def test_reopen_answers_only_a_post(client_as, done):
    assert client_as("mads").get(REOPEN).status_code == 405


def test_history_shows_a_change_of_date(client_as, mads, done):
    complete(mads, done_on=datetime.date(2018, 5, 30), version=done.version)

    history = history_text(in_english(client_as("hanne")).get(PAGE))

    assert "Changed · Mads Testesen" in history
    assert "Done on: 15.05.2018 → 30.05.2018" in history


def test_a_completion_and_a_reopening_queue_one_roll_up_once_committed(
    mads, agreement_2018, monkeypatch, django_capture_on_commit_callbacks
):
    from reporting.models import Recount
    from reporting.rollups import tasks

    queued = []
    monkeypatch.setattr(tasks.rollup_drain, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        completion = complete(mads)
        services.milestone_reopen(completion=completion, user=mads, version=completion.version)

    # Both in one transaction here: the agreement is drained once.
    assert queued == [agreement_2018.pk]
    assert Recount.objects.filter(agreement=agreement_2018, scope="progress").count() == 2
