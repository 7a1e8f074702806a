"""Notices: made once per subject, in the recipient's language, and e-mailed once.

Each kind is made by a Celery task (reporting/notices/tasks.py): an activity returned, at
once; the activities waiting for approval, daily; the status texts due, daily (14 days
before a quarter ends, and once it has passed); the targets that moved to at risk or
behind, weekly. A task can run twice: a notice's kind and key name its subject, and the
second run finds it made (and e-mailed) already.
"""

import logging
from collections import defaultdict
from datetime import date as Date
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from agreement.models import Organisation, User
from agreement.selectors import agreements_taking_entries
from goals.models import Progress
from goals.selectors import goals_without_status_text
from reporting.models import Activity, Notice, NoticeSettings, TargetProgress, TargetStatusSeen

log = logging.getLogger(__name__)

Kind = Notice.Kind
# A status text is called for this long before its quarter ends, and once after.
STATUS_TEXT_NOTICE = timedelta(days=14)
MOVED_TO = (Progress.AT_RISK, Progress.BEHIND)
DIGEST_LIMIT = 20
# A notice is e-mailed while it is news: not days later, once the user has an address.
EMAIL_WITHIN = timedelta(days=2)


def settings_of(user) -> NoticeSettings:
    """Return the user's notice settings: every kind on, in Danish, until they change them."""
    found = NoticeSettings.objects.filter(user=user).first()
    return found or NoticeSettings(user=user)


@transaction.atomic
def notice_settings_save(*, user: User, language: str, **kinds: bool) -> NoticeSettings:
    chosen = settings_of(user)
    chosen.language = language
    for kind, wanted in kinds.items():
        if kind not in Kind.values:
            raise ValueError(f"no notice kind {kind!r}")
        setattr(chosen, kind, wanted)
    chosen.full_clean()
    chosen.save()
    return chosen


def notice_make(*, recipient: User, kind: str, key: str, context: dict, url: str):
    """Make the notice in the recipient's language, unless they turned its kind off or it
    is made already; return it, or None. Its text is the kind's two templates'."""
    chosen = settings_of(recipient)
    if not recipient.is_active or not chosen.wants(kind):
        return None
    if Notice.objects.filter(recipient=recipient, kind=kind, key=key).exists():
        return None
    with translation.override(chosen.language):
        context = {**context, "recipient": recipient, "url": _absolute(url)}
        subject = render_to_string(f"reporting/notices/{kind}_subject.txt", context)
        body = render_to_string(f"reporting/notices/{kind}_body.txt", context)
    return Notice.objects.create(
        recipient=recipient,
        kind=kind,
        key=key,
        subject=" ".join(subject.split())[:300],
        body=body.strip(),
        url=url,
    )


def _absolute(path: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + path


def notices_email(*, kind: str) -> int:
    """E-mail the notices of the kind not e-mailed yet to recipients with an address (also
    those a run that died left, while they are news); return how many."""
    sent = 0
    waiting = Notice.objects.filter(
        kind=kind, emailed_at__isnull=True, created_at__gte=timezone.now() - EMAIL_WITHIN
    ).exclude(recipient__email="")
    for notice in waiting.select_related("recipient"):
        send_mail(
            notice.subject,
            notice.body,
            settings.DEFAULT_FROM_EMAIL,
            [notice.recipient.email],
        )
        # Marked one by one: a run killed half way e-mails only the rest again.
        Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


@transaction.atomic
def notice_read(*, notice: Notice) -> None:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])


@transaction.atomic
def notices_read_all(*, user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# The kinds of notice.


@transaction.atomic
def notify_activity_returned(*, activity: Activity, version: int) -> Notice | None:
    """Tell the author that the manager returned the activity, and why."""
    if activity.status != Activity.Status.RETURNED or activity.is_deleted:
        return None
    return notice_make(
        recipient=activity.author,
        kind=Kind.ACTIVITY_RETURNED,
        key=f"{activity.pk}:{version}",
        context={"activity": activity},
        url=reverse("reporting:activity_update", kwargs={"pk": activity.pk}),
    )


def _managers(house=None):
    managers = User.objects.filter(is_active=True, role=User.Role.MANAGER)
    return managers.filter(organisation=house) if house else managers


@transaction.atomic
def notify_approvals_waiting(*, today: Date) -> list[Notice]:
    """Tell each house's manager of the activities waiting for their approval, if any."""
    made = []
    for house in Organisation.objects.growth_houses():
        waiting = (
            Activity.objects.alive()
            .for_house(house)
            .filter(status=Activity.Status.SUBMITTED)
            .select_related("activity_type", "firm", "author")
            .order_by("date", "pk")
        )
        count = waiting.count()
        if not count:
            continue
        for manager in _managers(house):
            notice = notice_make(
                recipient=manager,
                kind=Kind.APPROVALS_WAITING,
                key=today.isoformat(),
                context={"count": count, "activities": waiting[:DIGEST_LIMIT], "house": house},
                url=reverse("home"),
            )
            made.append(notice)
    return [notice for notice in made if notice]


@transaction.atomic
def notify_status_texts_due(*, today: Date) -> list[Notice]:
    """Tell each house's manager of the goals whose status text is still missing: 14 days
    before a quarter ends, and once it has passed."""
    made = []
    for agreement in agreements_taking_entries(today=today):
        for quarter in agreement.quarters():
            if quarter.last_day - STATUS_TEXT_NOTICE <= today <= quarter.last_day:
                stage = "soon"
            elif quarter.last_day < today <= quarter.last_day + STATUS_TEXT_NOTICE:
                stage = "passed"
            else:
                continue
            for house in agreement.parties.filter(kind=Organisation.Kind.GROWTH_HOUSE):
                goals = goals_without_status_text(agreement, house, quarter)
                if not goals:
                    continue
                for manager in _managers(house):
                    made.append(
                        notice_make(
                            recipient=manager,
                            kind=Kind.STATUS_TEXT_DUE,
                            key=f"{agreement.year}:{quarter.number}:{stage}",
                            context={
                                "agreement": agreement,
                                "quarter": quarter,
                                "goals": goals,
                                "passed": stage == "passed",
                            },
                            url=reverse("goals:status_overview", kwargs={"year": agreement.year}),
                        )
                    )
    return [notice for notice in made if notice]


@transaction.atomic
def notify_targets_at_risk(*, today: Date) -> list[Notice]:
    """Tell each house's manager and the reviewers of the targets that moved to at risk or
    behind since the last digest; then remember every target's status for the next one."""
    rows = (
        TargetProgress.objects.filter(target__agreement__in=agreements_taking_entries(today=today))
        .select_related("target__goal", "target__agreement", "house")
        .order_by("target__agreement__year", "target__goal__position", "target__position")
    )
    seen = {(row.target_id, row.house_id): row for row in TargetStatusSeen.objects.all()}
    moved = []
    for row in rows:
        before = seen.get((row.target_id, row.house_id))
        if row.status in MOVED_TO and (before is None or before.status != row.status):
            moved.append(row)
        if before is None:
            TargetStatusSeen.objects.create(
                target=row.target, house=row.house, status=row.status, seen_on=today
            )
        elif before.status != row.status:
            before.status, before.seen_on = row.status, today
            before.save(update_fields=["status", "seen_on"])
    by_recipient = defaultdict(list)
    reviewers = list(User.objects.filter(is_active=True, role=User.Role.REVIEWER))
    for row in moved:
        recipients = reviewers + (list(_managers(row.house)) if row.house else [])
        for recipient in recipients:
            by_recipient[recipient].append(row)
    week = today.isocalendar()
    made = []
    for recipient, moved_rows in by_recipient.items():
        made.append(
            notice_make(
                recipient=recipient,
                kind=Kind.TARGETS_AT_RISK,
                key=f"{week.year}-W{week.week:02d}",
                context={"rows": moved_rows},
                url=reverse("reporting:overview_current"),
            )
        )
    return [notice for notice in made if notice]
