"""Reads of the activity log shared by pages, look-ups and exports."""

from collections import defaultdict
from datetime import date as Date
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreement.models import Agreement, Organisation
from core.history import HistoryEntry, history_entries
from goals.models import ActivityType, Goal, Target
from reporting.models import Activity, Evidence, Firm

# The agreement asks that a firm is not approached by several actors with offers
# that look alike; contact with the other house this close is pointed out.
CONTACT_WINDOW = timedelta(days=90)
FIRM_SEARCH_LIMIT = 10


def default_goals(
    agreement: Agreement, activity_type: ActivityType, *, house: Organisation | None = None
):
    """Return the goals whose targets count this type of activity: of the targets that
    concern the house, when one is given."""
    counting = Target.objects.filter(agreement=agreement, activity_types=activity_type)
    return Goal.objects.filter(targets__in=counting.concerning(house)).distinct()


def activity_made_by_form(author, form_key) -> Activity | None:
    """Return the activity that the form with this one-time key made, or None."""
    return Activity.objects.filter(author=author, form_key=form_key).first()


def goals_by_activity_type(
    agreement: Agreement, *, house: Organisation | None = None
) -> dict[int, list[int]]:
    """Return, for each activity type's id, the ids of its default goals (for the form)."""
    pairs = (
        Target.objects.filter(agreement=agreement, goal__isnull=False, activity_types__isnull=False)
        .concerning(house)
        .values_list("activity_types", "goal")
        .distinct()
    )
    goals = {}
    for activity_type_id, goal_id in pairs:
        goals.setdefault(activity_type_id, []).append(goal_id)
    return goals


def other_house_contacts(*, cvr: str, house: Organisation, on: Date | None = None):
    """Return the other houses' shared activities with the firm within 90 days of the date."""
    on = on or timezone.localdate()
    # Clamped, so that a date at the ends of the calendar is no error.
    start = on - CONTACT_WINDOW if on - Date.min > CONTACT_WINDOW else Date.min
    end = on + CONTACT_WINDOW if Date.max - on > CONTACT_WINDOW else Date.max
    return (
        Activity.objects.alive()
        .shared()
        .filter(firm__cvr=cvr, date__gte=start, date__lte=end)
        .exclude(house=house)
        .select_related("house", "activity_type", "author", "firm")
        .order_by("-date")
    )


def firm_search(query: str):
    """Return firms whose CVR starts with, or whose name contains, the query."""
    query = query.strip()
    if not query:
        return Firm.objects.none()
    matches = Q(name__icontains=query)
    if query.isdigit():
        matches |= Q(cvr__startswith=query)
    return Firm.objects.filter(matches).select_related("municipality")[:FIRM_SEARCH_LIMIT]


def _goal_codes_by_record(records):
    """Return each history record's goal codes, read in one query."""
    goals_history = Activity.history.model.goals.model
    codes = defaultdict(set)
    rows = goals_history.objects.filter(history__in=records).values_list("history", "goal__code")
    for history_id, code in rows:
        codes[history_id].add(code)
    return codes


def activity_history(activity: Activity) -> list[HistoryEntry]:
    """Return who changed what and when, evidence included, newest first, in a few queries."""
    related = [field.name for field in Activity._meta.concrete_fields if field.is_relation]
    records = list(activity.history.select_related("history_user", *related))
    goal_codes = _goal_codes_by_record(records)
    label = str(Activity._meta.get_field("goals").verbose_name)

    def goal_changes(record, previous):
        old, new = goal_codes[previous.history_id], goal_codes[record.history_id]
        if old == new:
            return []
        return [(label, ", ".join(sorted(old)) or "–", ", ".join(sorted(new)) or "–")]

    entries = history_entries(
        records, reasons=dict(Activity.Change.choices), more_changes=goal_changes
    )
    evidence = Evidence.history.filter(activity_id=activity.pk).exclude(history_type="~")
    entries += history_entries(
        evidence.select_related("history_user"),
        labels={"+": _("Evidence added"), "-": _("Evidence removed")},
        describe=lambda record: record.file_name or record.url,
    )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def firm_history(firm: Firm) -> list[HistoryEntry]:
    return history_entries(firm.history.select_related("history_user", "municipality"))


def default_activity_date(agreement: Agreement) -> Date:
    """Return today, or the nearest day of the agreement's period."""
    return min(max(timezone.localdate(), agreement.period_start), agreement.period_end)
