"""Logging activities through the services: defaults, refusals that save nothing, evidence,
the status flow, soft deletion, history, conflicting saves, and the look-ups beside them."""

import datetime
import struct
import zlib
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from agreement.models import Agreement, Municipality
from core.versioning import CONFLICT
from goals.models import ActivityType, Goal
from reporting.activities import services
from reporting.activities.selectors import activity_history, firm_search, other_house_contacts
from reporting.models import Activity, Evidence, Firm, complete_cvr
from tests.factories import HOVEDSTADEN, SJAELLAND, house, make_activity, make_firm, new_cvr

pytestmark = pytest.mark.django_db

MARCH_15 = datetime.date(2018, 3, 15)
COPENHAGEN = ZoneInfo("Europe/Copenhagen")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_IHDR = b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1x1 pixel, RGBA
PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + _IHDR + struct.pack(">I", zlib.crc32(_IHDR))
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def upload(name, content):
    return SimpleUploadedFile(name, content)


def goal(code):
    return Goal.objects.get(code=code, focus_area__agreement__year=2018)


def goal_codes(activity):
    return set(activity.goals.values_list("code", flat=True))


def new_firm(name="Bageriet Brød ApS", municipality_code=265):
    """Return a firm typed in with the activity, not yet saved."""
    return Firm(
        cvr=new_cvr(), name=name, municipality=Municipality.objects.get(code=municipality_code)
    )


def log(author, activity_type="event", *, date=MARCH_15, **fields):
    """Log an activity for the author's house through the service, with nothing filled in."""
    return services.activity_create(
        agreement=Agreement.objects.get(year=2018),
        house=author.organisation,
        author=author,
        activity_type=ActivityType.objects.get(code=activity_type),
        date=date,
        **fields,
    )


def act(action, activity, user, **fields):
    """Call the service activity_<action> on the version of the activity the user sees."""
    service = getattr(services, f"activity_{action}")
    return service(activity=activity, user=user, version=activity.version, **fields)


def refusal_of(call, *args, **kwargs):
    with pytest.raises(ValidationError) as refusal:
        call(*args, **kwargs)
    return refusal.value


def files_on_disk(directory):
    return [path for path in directory.rglob("*") if path.is_file()]


def assert_nothing_saved(media_root):
    assert not Activity.objects.exists()
    assert not Activity.history.exists()
    assert not Firm.objects.exists()
    assert not Firm.history.exists()
    assert not Evidence.objects.exists()
    assert not Evidence.history.exists()
    assert files_on_disk(media_root) == []


def reloaded(activity):
    return Activity.objects.get(pk=activity.pk)


# Logging an activity -----------------------------------------------------------------


def test_hannes_growth_course_counts_towards_goal_4a_when_she_chooses_no_goals(hanne):
    activity = make_activity(author=hanne, activity_type="growth_course")

    assert goal_codes(activity) == {"a.4a"}


def test_a_collaboration_counts_towards_every_goal_whose_targets_count_collaborations(hanne):
    activity = log(hanne, "collaboration")

    assert goal_codes(activity) == {"a.1", "a.2b", "a.3a"}


def test_guidance_counts_only_for_national_targets_so_no_goal_is_filled_in(hanne):
    activity = make_activity(author=hanne, activity_type="guidance")

    assert goal_codes(activity) == set()


def test_the_goals_hanne_chooses_replace_the_default_goals(hanne):
    activity = make_activity(author=hanne, activity_type="growth_course", goals=[goal("a.4b")])

    assert goal_codes(activity) == {"a.4b"}


def test_hanne_can_choose_no_goals_at_all(hanne):
    activity = make_activity(author=hanne, activity_type="growth_course", goals=[])

    assert goal_codes(activity) == set()


def test_the_activity_takes_the_municipality_of_its_firm(hanne):
    firm = make_firm(user=hanne, municipality_code=265)

    activity = make_activity(author=hanne, firm=firm)

    assert activity.municipality.name == "Roskilde"


def test_a_municipality_hanne_gives_is_kept_over_the_firms(hanne):
    firm = make_firm(user=hanne, municipality_code=265)

    activity = make_activity(
        author=hanne, firm=firm, municipality=Municipality.objects.get(code=147)
    )

    assert activity.municipality.name == "Frederiksberg"


def test_a_new_firm_hanne_types_in_is_created_with_her_activity(hanne):
    firm = new_firm(name="Bageriet Brød ApS", municipality_code=265)

    activity = make_activity(author=hanne, firm=firm)

    saved = Firm.objects.get(cvr=firm.cvr)
    assert activity.firm == saved
    assert saved.name == "Bageriet Brød ApS"
    assert activity.municipality.name == "Roskilde"
    assert saved.history.get().history_user == hanne


def test_a_new_firm_with_a_bad_cvr_is_refused_on_its_cvr_and_nothing_is_saved(hanne, tmp_path):
    firm = Firm(cvr="12345678", name="Forkert ApS", municipality=Municipality.objects.get(code=101))

    refusal = refusal_of(make_activity, author=hanne, firm=firm)

    assert set(refusal.message_dict) == {"cvr"}
    assert_nothing_saved(tmp_path)


def test_an_event_needs_no_firm(hanne):
    activity = log(hanne, "event")

    assert activity.firm is None
    assert activity.municipality is None


def test_guidance_without_a_firm_is_refused_on_the_firm(hanne, tmp_path):
    refusal = refusal_of(log, hanne, "guidance", firm=None)

    assert refusal.message_dict == {"firm": ["A guidance is with a firm: give its CVR number."]}
    assert_nothing_saved(tmp_path)


@pytest.mark.parametrize("day", [datetime.date(2017, 12, 31), datetime.date(2019, 1, 1)])
def test_a_date_outside_2018_is_refused_and_neither_activity_nor_new_firm_is_saved(
    hanne, tmp_path, day
):
    refusal = refusal_of(
        log,
        hanne,
        "guidance",
        date=day,
        firm=new_firm(),
        files=[upload("rapport.pdf", PDF)],
        links=["https://example.dk/referat"],
    )

    assert set(refusal.message_dict) == {"date"}
    assert "within the agreement's period" in refusal.message_dict["date"][0]
    assert_nothing_saved(tmp_path)


@pytest.mark.parametrize("day", [datetime.date(2018, 1, 1), datetime.date(2018, 12, 31)])
def test_the_first_and_the_last_day_of_2018_are_accepted(hanne, day):
    activity = log(hanne, date=day)

    assert reloaded(activity).date == day


def test_a_bad_link_after_a_valid_new_firm_saves_nothing_at_all(hanne, tmp_path):
    refusal = refusal_of(
        log,
        hanne,
        "guidance",
        firm=new_firm(),
        files=[upload("rapport.pdf", PDF)],
        links=["ftp://example.dk/rapport.pdf"],
    )

    assert set(refusal.message_dict) == {"links"}
    assert_nothing_saved(tmp_path)


def test_a_bad_file_after_a_valid_new_firm_saves_nothing_at_all(hanne, tmp_path):
    refusal = refusal_of(
        log,
        hanne,
        "guidance",
        firm=new_firm(),
        files=[upload("rapport.pdf", PDF), upload("faktura.pdf", EXE)],
        links=["https://example.dk/referat"],
    )

    assert set(refusal.message_dict) == {"files"}
    assert_nothing_saved(tmp_path)


@pytest.mark.parametrize("quantity", [0, -1, Decimal("0.00"), Decimal("-0.01")])
def test_a_quantity_of_zero_or_less_is_refused(hanne, tmp_path, quantity):
    refusal = refusal_of(log, hanne, quantity=quantity)

    assert refusal.message_dict == {"quantity": ["The quantity must be more than 0."]}
    assert_nothing_saved(tmp_path)


def test_half_a_unit_is_a_quantity_hanne_can_log(hanne):
    activity = log(hanne, quantity=Decimal("0.5"))

    assert reloaded(activity).quantity == Decimal("0.50")


def test_the_smallest_quantity_the_field_holds_is_accepted(hanne):
    activity = log(hanne, quantity=Decimal("0.01"))

    assert reloaded(activity).quantity == Decimal("0.01")


def test_work_delivered_in_hannes_own_house_is_refused(hanne, tmp_path):
    refusal = refusal_of(log, hanne, delivered_in=house(HOVEDSTADEN))

    assert refusal.message_dict == {
        "delivered_in": ["Leave this empty for work delivered in your own house's region."]
    }
    assert_nothing_saved(tmp_path)


def test_a_growth_course_hanne_delivers_in_sjaelland_is_cross_house(hanne):
    activity = make_activity(
        author=hanne, activity_type="growth_course", delivered_in=house(SJAELLAND)
    )

    assert activity.is_cross_house


# Evidence ------------------------------------------------------------------------------


def test_a_pdf_and_a_png_are_kept_as_evidence(hanne, tmp_path):
    activity = log(hanne, files=[upload("Referat.PDF", PDF), upload("foto.png", PNG)])

    evidence = list(activity.evidence.all())
    assert [(item.file_name, item.content_type, item.size) for item in evidence] == [
        ("Referat.PDF", "application/pdf", len(PDF)),
        ("foto.png", "image/png", len(PNG)),
    ]
    assert [(tmp_path / item.file.name).read_bytes() for item in evidence] == [PDF, PNG]
    assert {item.added_by for item in evidence} == {hanne}


def test_a_program_named_pdf_is_refused(hanne, tmp_path):
    refusal = refusal_of(log, hanne, files=[upload("faktura.pdf", EXE)])

    assert refusal.message_dict == {
        "files": ["faktura.pdf does not contain what its name says (pdf)."]
    }
    assert_nothing_saved(tmp_path)


def test_a_pdf_named_png_is_refused(hanne, tmp_path):
    refusal = refusal_of(log, hanne, files=[upload("foto.png", PDF)])

    assert set(refusal.message_dict) == {"files"}
    assert_nothing_saved(tmp_path)


def test_a_file_over_the_size_limit_is_refused(hanne, settings, tmp_path):
    settings.EVIDENCE_MAX_FILE_SIZE = len(PDF) - 1

    refusal = refusal_of(log, hanne, files=[upload("stor.pdf", PDF)])

    [message] = refusal.message_dict["files"]
    assert message.startswith("stor.pdf is ")
    assert "a file may be at most" in message
    assert_nothing_saved(tmp_path)


def test_a_file_exactly_at_the_size_limit_is_accepted(hanne, settings):
    settings.EVIDENCE_MAX_FILE_SIZE = len(PDF)

    activity = log(hanne, files=[upload("præcis.pdf", PDF)])

    assert activity.evidence.get().size == len(PDF)


@pytest.mark.parametrize(
    "link",
    [
        "ftp://example.dk/rapport.pdf",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "mailto:hanne@example.dk",
        "www.vaeksthus.dk",
    ],
)
def test_a_link_that_is_not_a_web_address_is_refused(hanne, tmp_path, link):
    refusal = refusal_of(log, hanne, links=[link])

    assert refusal.message_dict == {
        "links": [f"{link} is not a web address (it starts with https:// or http://)."]
    }
    assert_nothing_saved(tmp_path)


def test_http_and_https_links_are_kept_and_blank_ones_are_left_out(hanne):
    activity = log(hanne, links=[" https://vaeksthus.dk/referat ", "", "   ", "http://example.dk"])

    assert list(activity.evidence.values_list("url", flat=True)) == [
        "https://vaeksthus.dk/referat",
        "http://example.dk",
    ]


def test_hanne_can_attach_up_to_the_maximum_but_not_one_more(hanne):
    maximum = services.MAX_EVIDENCE_PER_ACTIVITY
    activity = log(hanne, links=[f"https://example.dk/{number}" for number in range(maximum)])

    refusal = refusal_of(act, "update", activity, hanne, files=[upload("en-til.pdf", PDF)])

    assert refusal.message_dict == {
        "files": [f"An activity has at most {maximum} files and links."]
    }
    assert Evidence.objects.filter(activity=activity).count() == maximum


def test_more_than_the_maximum_evidence_at_once_is_refused(hanne, tmp_path):
    links = [f"https://example.dk/{number}" for number in range(services.MAX_EVIDENCE_PER_ACTIVITY)]

    refusal_of(log, hanne, links=links, files=[upload("en-til.pdf", PDF)])

    assert_nothing_saved(tmp_path)


def test_a_change_with_a_bad_file_leaves_the_activity_as_it_was(hanne, tmp_path):
    activity = log(hanne, description="Før")

    refusal_of(act, "update", activity, hanne, description="Efter", files=[upload("x.pdf", EXE)])

    assert reloaded(activity).description == "Før"
    assert activity.history.count() == 1
    assert files_on_disk(tmp_path) == []


# The status flow -----------------------------------------------------------------------


def test_hanne_submits_her_draft(hanne):
    activity = log(hanne)

    act("submit", activity, hanne)

    assert reloaded(activity).status == Activity.Status.SUBMITTED


def test_an_activity_logged_with_submit_is_submitted_at_once(hanne):
    activity = log(hanne, submit=True)

    assert reloaded(activity).status == Activity.Status.SUBMITTED


def test_mads_approves_a_submitted_activity(hanne, mads):
    activity = log(hanne, submit=True)

    act("approve", activity, mads)

    assert reloaded(activity).status == Activity.Status.APPROVED


@pytest.mark.parametrize("reason", ["", "   "])
def test_mads_cannot_return_an_activity_without_saying_why(hanne, mads, reason):
    activity = log(hanne, submit=True)

    refusal = refusal_of(act, "return", activity, mads, reason=reason)

    assert refusal.message_dict == {"return_reason": ["Say why the activity is returned."]}
    assert reloaded(activity).status == Activity.Status.SUBMITTED


def test_mads_returns_an_activity_saying_why(hanne, mads):
    activity = log(hanne, submit=True)

    act("return", activity, mads, reason="  Deltagerlisten mangler. ")

    activity = reloaded(activity)
    assert activity.status == Activity.Status.RETURNED
    assert activity.return_reason == "Deltagerlisten mangler."


def test_submitting_a_returned_activity_again_clears_the_reason(hanne, mads):
    activity = act("return", log(hanne, submit=True), mads, reason="Deltagerlisten mangler.")

    act("submit", activity, hanne)

    activity = reloaded(activity)
    assert activity.status == Activity.Status.SUBMITTED
    assert activity.return_reason == ""


def returned(author, manager):
    return act("return", log(author, submit=True), manager, reason="Deltagerlisten mangler.")


def approved(author, manager):
    return act("approve", log(author, submit=True), manager)


@pytest.mark.parametrize(
    "action, prepare",
    [
        pytest.param("approve", lambda hanne, mads: log(hanne), id="approve a draft"),
        pytest.param("approve", returned, id="approve a returned activity"),
        pytest.param("approve", approved, id="approve an approved activity"),
        pytest.param("return", lambda hanne, mads: log(hanne), id="return a draft"),
        pytest.param("return", approved, id="return an approved activity"),
        pytest.param("submit", lambda hanne, mads: log(hanne, submit=True), id="submit twice"),
        pytest.param("submit", approved, id="submit an approved activity"),
    ],
)
def test_a_status_change_the_flow_does_not_allow_is_refused(hanne, mads, action, prepare):
    activity = prepare(hanne, mads)
    status = activity.status
    extra = {"reason": "Forkert"} if action == "return" else {}

    refusal = refusal_of(act, action, activity, mads, **extra)

    assert "so this is not possible now" in refusal.messages[0]
    assert reloaded(activity).status == status


# Deleting softly -----------------------------------------------------------------------


def test_a_deleted_activity_leaves_the_living_activities(hanne):
    activity = log(hanne)

    act("delete", activity, hanne)

    assert not Activity.objects.alive().filter(pk=activity.pk).exists()
    assert Activity.objects.deleted().get(pk=activity.pk).is_deleted


def test_mads_restores_a_deleted_activity(hanne, mads):
    activity = act("delete", log(hanne), hanne)

    act("restore", activity, mads)

    assert Activity.objects.alive().get(pk=activity.pk).deleted_at is None


def test_an_activity_cannot_be_deleted_twice(hanne):
    activity = act("delete", log(hanne), hanne)

    refusal = refusal_of(act, "delete", activity, hanne)

    assert refusal.messages == ["The activity is already deleted."]


def test_a_living_activity_cannot_be_restored(hanne, mads):
    refusal = refusal_of(act, "restore", log(hanne), mads)

    assert refusal.messages == ["The activity is not deleted."]


# History -------------------------------------------------------------------------------


def test_every_service_call_makes_one_history_entry_with_its_user_and_reason(hanne, mads):
    activity = make_activity(author=hanne, activity_type="growth_course")
    steps = [
        ("update", hanne, {"description": "Eksportforløb", "goals": [goal("a.4b")]}, ""),
        ("submit", hanne, {}, Activity.Change.SUBMITTED),
        ("return", mads, {"reason": "Deltagerlisten mangler."}, Activity.Change.RETURNED),
        ("update", hanne, {"links": ["https://example.dk/deltagere"]}, ""),
        ("submit", hanne, {}, Activity.Change.SUBMITTED),
        ("approve", mads, {}, Activity.Change.APPROVED),
        ("delete", mads, {}, Activity.Change.DELETED),
        ("restore", mads, {}, Activity.Change.RESTORED),
    ]
    first = activity.history.get()
    assert (first.history_type, first.history_user, first.history_change_reason) == (
        "+",
        hanne,
        "",
    )

    for entries, (action, user, fields, reason) in enumerate(steps, start=2):
        activity = act(action, activity, user, **fields)

        assert activity.history.count() == entries, action
        latest = activity.history.latest("history_date")
        assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
            "~",
            user,
            reason,
        ), action


def test_history_shows_who_did_what_with_goal_changes_and_evidence(hanne, mads, time_machine):
    time_machine.move_to(datetime.datetime(2018, 3, 15, 9, tzinfo=COPENHAGEN))
    activity = make_activity(
        author=hanne, activity_type="growth_course", files=[upload("deltagere.pdf", PDF)]
    )
    time_machine.move_to(datetime.datetime(2018, 3, 15, 10, tzinfo=COPENHAGEN))
    activity = act(
        "update",
        activity,
        mads,
        goals=[goal("a.4a"), goal("a.4b")],
        links=["https://example.dk/program"],
    )
    time_machine.move_to(datetime.datetime(2018, 3, 15, 11, tzinfo=COPENHAGEN))
    services.evidence_remove(evidence=activity.evidence.get(file_name="deltagere.pdf"), user=mads)
    time_machine.move_to(datetime.datetime(2018, 3, 15, 12, tzinfo=COPENHAGEN))
    act("submit", activity, hanne)

    history = activity_history(activity)

    assert [(entry.who, entry.what, entry.detail) for entry in history] == [
        ("Hanne Testesen", "Submitted", ""),
        ("Mads Testesen", "Evidence removed", "deltagere.pdf"),
        ("Mads Testesen", "Evidence added", "https://example.dk/program"),
        ("Mads Testesen", "Changed", ""),
        ("Hanne Testesen", "Evidence added", "deltagere.pdf"),
        ("Hanne Testesen", "Created", ""),
    ]
    submitted, *_, changed, _, created = history
    assert submitted.changes == [("status", "Draft", "Submitted")]
    assert changed.changes == [("goals", "a.4a", "a.4a, a.4b")]
    assert created.changes == []


def deleted_and_restored(hanne, mads, time_machine):
    time_machine.move_to(datetime.datetime(2018, 3, 15, 9, tzinfo=COPENHAGEN))
    activity = log(hanne)
    time_machine.move_to(datetime.datetime(2018, 3, 15, 10, tzinfo=COPENHAGEN))
    activity = act("delete", activity, hanne)
    time_machine.move_to(datetime.datetime(2018, 3, 15, 11, tzinfo=COPENHAGEN))
    return act("restore", activity, mads)


def test_history_shows_who_deleted_and_who_restored(hanne, mads, time_machine):
    activity = deleted_and_restored(hanne, mads, time_machine)

    history = activity_history(activity)

    assert [(entry.who, entry.what) for entry in history] == [
        ("Mads Testesen", "Restored"),
        ("Hanne Testesen", "Deleted"),
        ("Hanne Testesen", "Created"),
    ]


def test_history_marks_the_deletion_with_a_check_mark(hanne, mads, time_machine):
    activity = deleted_and_restored(hanne, mads, time_machine)

    restored, deleted, _created = activity_history(activity)

    assert deleted.changes == [("deleted", "–", "✓")]
    assert restored.changes == [("deleted", "✓", "–")]


# Two people saving the same thing ------------------------------------------------------


def test_hannes_save_on_top_of_mads_change_is_refused_and_his_change_stays(hanne, mads):
    activity = make_activity(author=hanne, activity_type="growth_course", description="Udkast")
    hannes_copy = reloaded(activity)
    mads_copy = reloaded(activity)
    act("update", mads_copy, mads, description="Mads' rettelse")

    refusal = refusal_of(
        act, "update", hannes_copy, hanne, description="Hannes rettelse", goals=[goal("a.4b")]
    )

    assert refusal.messages == [str(CONFLICT)]
    activity = reloaded(activity)
    assert activity.description == "Mads' rettelse"
    assert goal_codes(activity) == {"a.4a"}
    assert activity.history.count() == 2


def test_a_save_based_on_an_old_version_number_is_refused(hanne, mads):
    activity = log(hanne, description="Udkast")
    version_hanne_saw = activity.version
    act("update", reloaded(activity), mads, description="Mads' rettelse")

    refusal = refusal_of(
        services.activity_update,
        activity=reloaded(activity),
        user=hanne,
        version=version_hanne_saw,
        description="Hannes rettelse",
    )

    assert refusal.messages == [str(CONFLICT)]
    assert reloaded(activity).description == "Mads' rettelse"


def test_hanne_cannot_delete_an_activity_mads_approved_since_she_opened_it(hanne, mads):
    activity = log(hanne, submit=True)
    hannes_copy = reloaded(activity)
    act("approve", reloaded(activity), mads)

    refusal = refusal_of(act, "delete", hannes_copy, hanne)

    assert refusal.messages == [str(CONFLICT)]
    activity = reloaded(activity)
    assert activity.status == Activity.Status.APPROVED
    assert not activity.is_deleted


def test_hannes_firm_change_on_top_of_mads_change_is_refused_and_his_change_stays(hanne, mads):
    firm = make_firm(user=hanne, name="Bageriet Brød ApS")
    hannes_copy = Firm.objects.get(pk=firm.pk)
    mads_copy = Firm.objects.get(pk=firm.pk)
    services.firm_update(firm=mads_copy, version=mads_copy.version, user=mads, sector="Fødevarer")

    refusal = refusal_of(
        services.firm_update,
        firm=hannes_copy,
        version=hannes_copy.version,
        user=hanne,
        name="Brødbageriet ApS",
    )

    assert refusal.messages == [str(CONFLICT)]
    firm = Firm.objects.get(pk=firm.pk)
    assert (firm.name, firm.sector) == ("Bageriet Brød ApS", "Fødevarer")
    assert firm.history.count() == 2


def test_a_firm_change_based_on_an_old_version_number_is_refused(hanne, mads):
    firm = make_firm(user=hanne, name="Bageriet Brød ApS")
    version_hanne_saw = firm.version
    services.firm_update(firm=firm, version=firm.version, user=mads, sector="Fødevarer")

    refusal = refusal_of(
        services.firm_update,
        firm=Firm.objects.get(pk=firm.pk),
        version=version_hanne_saw,
        user=hanne,
        name="Brødbageriet ApS",
    )

    assert refusal.messages == [str(CONFLICT)]
    assert Firm.objects.get(pk=firm.pk).name == "Bageriet Brød ApS"


# Contact with the other house ----------------------------------------------------------

JUNE_15 = datetime.date(2018, 6, 15)


def contacts_seen_by_hovedstaden(firm, on=JUNE_15):
    return list(other_house_contacts(cvr=firm.cvr, house=house(HOVEDSTADEN), on=on))


@pytest.fixture
def firm(sofie):
    return make_firm(user=sofie, name="Bageriet Brød ApS", municipality_code=265)


def test_hovedstaden_sees_sjaellands_submitted_and_approved_work_with_the_firm(sofie, morten, firm):
    submitted = make_activity(author=sofie, firm=firm, date=datetime.date(2018, 5, 1), submit=True)
    approved = act(
        "approve",
        make_activity(author=sofie, firm=firm, date=datetime.date(2018, 7, 1), submit=True),
        morten,
    )

    assert contacts_seen_by_hovedstaden(firm) == [approved, submitted]


def test_hovedstaden_does_not_see_sjaellands_drafts_or_returned_work(sofie, morten, firm):
    make_activity(author=sofie, firm=firm)
    act("return", make_activity(author=sofie, firm=firm, submit=True), morten, reason="Nej")

    assert contacts_seen_by_hovedstaden(firm) == []


def test_hovedstaden_is_not_told_about_its_own_work_with_the_firm(hanne, firm):
    make_activity(author=hanne, firm=firm, submit=True)

    assert contacts_seen_by_hovedstaden(firm) == []


def test_hovedstaden_is_not_told_about_work_sjaelland_deleted(sofie, firm):
    act("delete", make_activity(author=sofie, firm=firm, submit=True), sofie)

    assert contacts_seen_by_hovedstaden(firm) == []


def test_hovedstaden_is_not_told_about_sjaellands_work_with_another_firm(sofie, firm):
    make_activity(author=sofie, firm=make_firm(user=sofie, name="Andet ApS"), submit=True)

    assert contacts_seen_by_hovedstaden(firm) == []


@pytest.mark.parametrize("days, seen", [(-90, True), (90, True), (-100, False), (100, False)])
def test_hovedstaden_sees_sjaellands_work_within_90_days_of_the_date(sofie, firm, days, seen):
    activity = make_activity(
        author=sofie, firm=firm, date=JUNE_15 + datetime.timedelta(days=days), submit=True
    )

    assert contacts_seen_by_hovedstaden(firm) == ([activity] if seen else [])


# Finding a firm ------------------------------------------------------------------------


def test_firm_search_finds_a_firm_by_the_first_digits_of_its_cvr(hanne):
    bakery = make_firm(user=hanne, name="Bageriet Brød ApS", cvr=complete_cvr("3141592"))
    make_firm(user=hanne, name="Andet ApS")

    assert list(firm_search("31415")) == [bakery]
    assert list(firm_search(" 31415926 ")) == [bakery]


def test_firm_search_does_not_match_digits_in_the_middle_of_a_cvr(hanne):
    make_firm(user=hanne, name="Bageriet Brød ApS", cvr=complete_cvr("3141592"))

    assert list(firm_search("41592")) == []


def test_firm_search_finds_a_firm_by_part_of_its_name_whatever_the_case(hanne):
    bakery = make_firm(user=hanne, name="Hansens Bageri ApS")
    make_firm(user=hanne, name="Nordisk Træ A/S")

    assert list(firm_search("BAGERI")) == [bakery]
    assert list(firm_search("sens bag")) == [bakery]


def test_firm_search_with_nothing_typed_finds_nothing(hanne):
    make_firm(user=hanne)

    assert list(firm_search("   ")) == []


def test_firm_search_shows_at_most_ten_firms(hanne):
    for number in range(12):
        make_firm(user=hanne, name=f"Bageri nr. {number} ApS")

    assert len(firm_search("bageri")) == 10
