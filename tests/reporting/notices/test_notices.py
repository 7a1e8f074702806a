"""Notices: each kind, made by its task in the recipient's language, in the portal and by
e-mail (delivered to a real SMTP server), turned off by its setting, and made on its
schedule (time frozen)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from agreement.models import Agreement, Organisation
from goals.models import Progress, Target
from goals.selectors import goals_without_status_text
from goals.services import status_text_save
from reporting.activities import services as activities
from reporting.models import Activity, Notice, TargetProgress
from reporting.notices import services, tasks
from tests.factories import HOVEDSTADEN, SJAELLAND, house, make_activity

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("with_email")]

Kind = Notice.Kind


def at(year, month, day, hour=7):
    """Freeze time at the hour of the day, Danish time."""
    moment = datetime.datetime(year, month, day, hour, 0, tzinfo=timezone.get_default_timezone())
    return time_machine.travel(moment, tick=False)


def notices(person, kind):
    return list(Notice.objects.filter(recipient=person, kind=kind))


# An activity returned: to its author, at once.


def return_activity(author, manager, reason="CVR-nummeret mangler", capture=None):
    activity = make_activity(author=author, status=Activity.Status.SUBMITTED)
    with capture(execute=True):
        activities.activity_return(
            activity=activity, user=manager, version=activity.version, reason=reason
        )
    return activity


def test_the_author_hears_at_once_that_an_activity_came_back(
    hanne, mads, smtp_server, django_capture_on_commit_callbacks
):
    activity = return_activity(hanne, mads, capture=django_capture_on_commit_callbacks)

    [notice] = notices(hanne, Kind.ACTIVITY_RETURNED)
    assert notice.subject == "Din aktivitet er sendt retur: Vejledning 15.03.2018"
    assert notice.url == f"/activities/{activity.pk}/edit/"
    [mail] = smtp_server.to("hanne@example.dk")
    assert mail["Subject"] == "Din aktivitet er sendt retur: Vejledning 15.03.2018"
    body = mail.get_content()
    assert "Begrundelse: CVR-nummeret mangler" in body
    assert f"http://127.0.0.1:8000/activities/{activity.pk}/edit/" in body
    assert smtp_server.to("mads@example.dk") == []
    assert Notice.objects.get().emailed_at is not None


def test_the_returned_notice_is_in_english_for_a_user_who_chose_it(
    hanne, mads, smtp_server, django_capture_on_commit_callbacks
):
    services.notice_settings_save(user=hanne, language="en", activity_returned=True)

    return_activity(hanne, mads, capture=django_capture_on_commit_callbacks)

    [mail] = smtp_server.to("hanne@example.dk")
    assert mail["Subject"] == "Your activity is returned: Guidance 15.03.2018"
    assert "Reason: CVR-nummeret mangler" in mail.get_content()


def test_a_user_who_turned_returned_notices_off_gets_none(
    hanne, mads, smtp_server, django_capture_on_commit_callbacks
):
    services.notice_settings_save(user=hanne, language="da", activity_returned=False)

    return_activity(hanne, mads, capture=django_capture_on_commit_callbacks)

    assert notices(hanne, Kind.ACTIVITY_RETURNED) == []
    assert smtp_server.messages == []


def test_the_returned_task_run_twice_tells_once(hanne, mads, smtp_server):
    activity = make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    activities.activity_return(activity=activity, user=mads, version=activity.version, reason="x")

    tasks.notify_activity_returned(activity.pk, activity.version)
    tasks.notify_activity_returned(activity.pk, activity.version)

    assert len(notices(hanne, Kind.ACTIVITY_RETURNED)) == 1
    assert len(smtp_server.messages) == 1


# Activities waiting for approval: to the manager, a daily digest.


def test_the_manager_gets_a_morning_digest_of_what_waits_for_approval(
    hanne, mads, morten, smtp_server
):
    for day in (3, 4):
        make_activity(
            author=hanne, status=Activity.Status.SUBMITTED, date=datetime.date(2018, 6, day)
        )
    make_activity(author=hanne, status=Activity.Status.DRAFT)

    with at(2018, 6, 14):
        tasks.notify_approvals_waiting()
        tasks.notify_approvals_waiting()

    [notice] = notices(mads, Kind.APPROVALS_WAITING)
    assert notice.subject == "2 aktiviteter venter på din godkendelse"
    assert "03.06.2018 Vejledning" in notice.body
    assert notice.url == "/"
    [mail] = smtp_server.to("mads@example.dk")
    assert mail["Subject"] == "2 aktiviteter venter på din godkendelse"
    # Væksthus Sjælland has nothing waiting.
    assert notices(morten, Kind.APPROVALS_WAITING) == []


def test_the_digest_comes_again_the_next_morning_while_activities_wait(hanne, mads):
    make_activity(author=hanne, status=Activity.Status.SUBMITTED)

    with at(2018, 6, 14):
        tasks.notify_approvals_waiting()
    with at(2018, 6, 15):
        tasks.notify_approvals_waiting()

    assert len(notices(mads, Kind.APPROVALS_WAITING)) == 2


def test_a_manager_who_turned_the_digest_off_gets_none(hanne, mads, smtp_server):
    services.notice_settings_save(user=mads, language="da", approvals_waiting=False)
    make_activity(author=hanne, status=Activity.Status.SUBMITTED)

    with at(2018, 6, 14):
        tasks.notify_approvals_waiting()

    assert notices(mads, Kind.APPROVALS_WAITING) == []
    assert smtp_server.messages == []


# A status text due: to the manager, 14 days before a quarter ends and when it has passed.


def write_every_status_text(house_key, manager, quarter):
    agreement = Agreement.objects.get(year=2018)
    organisation = house(house_key)
    for goal in goals_without_status_text(agreement, organisation, agreement.quarter(quarter)):
        status_text_save(
            goal=goal,
            house=organisation,
            quarter=quarter,
            status=Progress.ON_TRACK,
            text="Det går efter planen.",
            author=manager,
        )


@pytest.mark.parametrize(
    ("day", "told"),
    [
        (datetime.date(2018, 3, 16), []),
        (datetime.date(2018, 3, 17), ["soon"]),
        (datetime.date(2018, 3, 31), ["soon"]),
        (datetime.date(2018, 4, 1), ["passed"]),
        (datetime.date(2018, 4, 14), ["passed"]),
        (datetime.date(2018, 4, 15), []),
    ],
)
def test_status_texts_are_called_for_14_days_before_the_quarter_ends_and_after(mads, day, told):
    with at(day.year, day.month, day.day):
        tasks.notify_status_texts_due()

    keys = [notice.key for notice in notices(mads, Kind.STATUS_TEXT_DUE)]
    assert keys == [f"2018:1:{stage}" for stage in told]


def test_the_status_text_reminder_names_the_missing_goals_and_comes_once(mads, smtp_server):
    with at(2018, 3, 17):
        tasks.notify_status_texts_due()
    with at(2018, 3, 20):
        tasks.notify_status_texts_due()

    [notice] = notices(mads, Kind.STATUS_TEXT_DUE)
    assert notice.subject == "Statustekster til 1. kvartal: januar–marts 2018"
    assert "slutter den 31.03.2018" in notice.body
    assert "a) 1" in notice.body or "a.1" in notice.body
    assert len(smtp_server.to("mads@example.dk")) == 1


def test_the_reminder_after_the_quarter_says_the_texts_are_missing(mads):
    with at(2018, 4, 2):
        tasks.notify_status_texts_due()

    [notice] = notices(mads, Kind.STATUS_TEXT_DUE)
    assert notice.subject == "Statustekster mangler for 1. kvartal: januar–marts 2018"


def test_a_house_that_wrote_every_text_is_not_reminded(mads, morten):
    write_every_status_text(HOVEDSTADEN, mads, 1)

    with at(2018, 3, 20):
        tasks.notify_status_texts_due()

    assert notices(mads, Kind.STATUS_TEXT_DUE) == []
    assert len(notices(morten, Kind.STATUS_TEXT_DUE)) == 1


def test_a_manager_who_turned_reminders_off_gets_none(mads):
    services.notice_settings_save(user=mads, language="da", status_text_due=False)

    with at(2018, 3, 20):
        tasks.notify_status_texts_due()

    assert notices(mads, Kind.STATUS_TEXT_DUE) == []


# Targets moved to at risk or behind: to the house's manager and the reviewers, weekly.


def progress_row(target_code, house_key, status):
    target = Target.objects.get(agreement__year=2018, code=target_code)
    organisation = Organisation.objects.get(key=house_key) if house_key else None
    row, _created = TargetProgress.objects.update_or_create(
        target=target, house=organisation, defaults={"status": status}
    )
    return row


def a_counting_target():
    return (
        Target.objects.filter(agreement__year=2018, goal__isnull=False)
        .exclude(kind=Target.Kind.MILESTONE)
        .order_by("goal__position", "position")
        .first()
    )


def test_the_weekly_digest_tells_of_targets_that_moved_to_at_risk_or_behind(
    mads, morten, rikke, rasmus, smtp_server
):
    target = a_counting_target()
    TargetProgress.objects.all().delete()
    progress_row(target.code, HOVEDSTADEN, Progress.ON_TRACK)
    progress_row(target.code, SJAELLAND, Progress.ON_TRACK)
    with at(2018, 6, 11):  # a Monday: every status is seen, none has moved
        tasks.notify_targets_at_risk()
    assert Notice.objects.filter(kind=Kind.TARGETS_AT_RISK).count() == 0

    progress_row(target.code, HOVEDSTADEN, Progress.BEHIND)
    with at(2018, 6, 18):
        tasks.notify_targets_at_risk()
        tasks.notify_targets_at_risk()

    [to_mads] = notices(mads, Kind.TARGETS_AT_RISK)
    assert to_mads.subject == "1 mål er flyttet til i risiko eller bagud"
    assert "Væksthus Hovedstadsregionen · Bagud" in to_mads.body
    assert notices(morten, Kind.TARGETS_AT_RISK) == []
    assert len(notices(rikke, Kind.TARGETS_AT_RISK)) == 1
    assert len(notices(rasmus, Kind.TARGETS_AT_RISK)) == 1
    assert {mail["To"] for mail in smtp_server.messages} == {
        "mads@example.dk",
        "rikke@example.dk",
        "rasmus@example.dk",
    }

    # Still behind a week later: not news.
    with at(2018, 6, 25):
        tasks.notify_targets_at_risk()
    assert Notice.objects.filter(kind=Kind.TARGETS_AT_RISK).count() == 3


def test_a_reviewer_who_turned_the_weekly_digest_off_gets_none(mads, rikke):
    services.notice_settings_save(user=rikke, language="da", targets_at_risk=False)
    target = a_counting_target()
    TargetProgress.objects.all().delete()
    progress_row(target.code, HOVEDSTADEN, Progress.AT_RISK)

    with at(2018, 6, 18):
        tasks.notify_targets_at_risk()

    assert notices(rikke, Kind.TARGETS_AT_RISK) == []
    assert len(notices(mads, Kind.TARGETS_AT_RISK)) == 1


# The schedule beat keeps.


def test_beat_sends_the_digests_each_morning_and_the_risk_digest_on_mondays():
    schedule = settings.CELERY_BEAT_SCHEDULE
    approvals = schedule["notify-approvals-waiting"]["schedule"]
    status_texts = schedule["notify-status-texts-due"]["schedule"]
    risks = schedule["notify-targets-at-risk"]["schedule"]

    assert approvals.hour == {7} and approvals.day_of_week == set(range(7))
    assert status_texts.hour == {7}
    assert risks.hour == {7} and risks.day_of_week == {1}
    assert schedule["pending-uploads-clean"]["schedule"] == 3600.0


# A run that died before its e-mail.


def test_the_next_run_emails_what_a_run_that_died_left_while_it_is_news(hanne, mads, smtp_server):
    make_activity(author=hanne, status=Activity.Status.SUBMITTED)
    with at(2018, 6, 12):
        services.notify_approvals_waiting(today=datetime.date(2018, 6, 12))  # died: no e-mail
    with at(2018, 6, 14):
        services.notify_approvals_waiting(today=datetime.date(2018, 6, 14))  # died: no e-mail
    with at(2018, 6, 15):
        tasks.notify_approvals_waiting()

    sent = sorted(notice.key for notice in Notice.objects.filter(emailed_at__isnull=False))
    # The notice of the 12th is no news by the 15th.
    assert sent == ["2018-06-14", "2018-06-15"]
    assert len(smtp_server.to("mads@example.dk")) == 2
