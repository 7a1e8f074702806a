"""Work queues: what waits for each growth-house user, on their landing page and, counted,
in the menu.

- A manager: submitted activities to approve, returned ones waiting for their staff,
  ERP imports waiting for confirmation, and the goals whose status text is due this quarter.
- Staff: activities returned to them, their drafts, and what they submitted that waits.
"""

from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreement.access import house_of, is_manager
from agreement.selectors import agreements_taking_entries
from goals.selectors import goals_without_status_text, quarter_due
from reporting.models import Activity, ImportBatch

# How many of a queue's entries the landing page lists; the rest are counted.
SHOWN_PER_QUEUE = 25
# An import left unconfirmed for longer than this is taken as given up, not as waiting.
IMPORT_WAIT = timedelta(days=7)

S = Activity.Status
# Queue key: (label, status, whose: the house's or the user's own).
ACTIVITY_QUEUES = {
    "to_approve": (_("To approve"), S.SUBMITTED, "house"),
    "returned_to_staff": (_("Returned, waiting for staff"), S.RETURNED, "house"),
    "returned_to_me": (_("Returned to me"), S.RETURNED, "own"),
    "my_drafts": (_("My drafts"), S.DRAFT, "own"),
    "my_submitted": (_("Submitted, waiting for approval"), S.SUBMITTED, "own"),
}
MANAGER_QUEUES = ("to_approve", "returned_to_staff")
STAFF_QUEUES = ("returned_to_me", "my_drafts", "my_submitted")
# The count shown in the menu, by role.
MENU_QUEUE = {"manager": "to_approve", "staff": "returned_to_me"}


@dataclass
class Queue:
    key: str
    label: str
    count: int
    items: list = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def _queue_activities(user, key):
    _label, status, whose = ACTIVITY_QUEUES[key]
    activities = Activity.objects.alive().for_house(house_of(user)).filter(status=status)
    return activities.filter(author=user) if whose == "own" else activities


def _queue_keys(user):
    return MANAGER_QUEUES if is_manager(user) else STAFF_QUEUES


def activity_queue_counts(user) -> dict[str, int]:
    """Return the count of each of the user's activity queues, in one query."""
    if house_of(user) is None:
        return {}
    counts = {}
    for key in _queue_keys(user):
        _label, status, whose = ACTIVITY_QUEUES[key]
        condition = Q(status=status) & (Q(author=user) if whose == "own" else Q())
        counts[key] = Count("pk", filter=condition)
    return Activity.objects.alive().for_house(house_of(user)).aggregate(**counts)


def menu_queue(user) -> Queue | None:
    """Return the queue whose count the menu shows: to approve (managers), returned to me
    (staff); None for the other roles."""
    key = MENU_QUEUE.get(user.role) if house_of(user) is not None else None
    if key is None:
        return None
    label, status, whose = ACTIVITY_QUEUES[key]
    return Queue(key=key, label=label, count=_queue_activities(user, key).count())


@dataclass
class StatusTextsDue:
    agreement: object
    quarter: object
    goals: list


def status_texts_due(house, *, today: Date | None = None) -> list[StatusTextsDue]:
    """Return, for each year taking entries, the goals whose status text for the quarter
    due is not written yet by the house."""
    today = today or timezone.localdate()
    due = []
    for agreement in agreements_taking_entries(today=today):
        quarter = quarter_due(agreement, today)
        if quarter is None:
            continue
        if goals := goals_without_status_text(agreement, house, quarter):
            due.append(StatusTextsDue(agreement=agreement, quarter=quarter, goals=goals))
    return due


def imports_waiting(house):
    """Return the house's ERP imports previewed but not confirmed, of the last days."""
    return ImportBatch.objects.filter(
        house=house, confirmed_at__isnull=True, uploaded_at__gte=timezone.now() - IMPORT_WAIT
    ).select_related("uploaded_by")


def work_queues(user) -> dict:
    """Return what the user's landing page lists: each activity queue with its first entries,
    and for a manager the imports waiting and the status texts due."""
    house = house_of(user)
    counts = activity_queue_counts(user)
    queues = []
    for key in _queue_keys(user):
        activities = (
            _queue_activities(user, key)
            .select_related("activity_type", "firm", "author", "agreement")
            .order_by("date", "pk")
        )
        queues.append(
            Queue(
                key=key,
                label=ACTIVITY_QUEUES[key][0],
                count=counts[key],
                items=list(activities[:SHOWN_PER_QUEUE]),
            )
        )
    work = {"queues": queues}
    if is_manager(user):
        work["imports"] = list(imports_waiting(house))
        work["status_texts_due"] = status_texts_due(house)
        work["status_texts_url"] = reverse("goals:status_current")
    return work
