"""The activities sheet: every approved activity of the agreement that is not deleted.

Streamed from the database a chunk at a time (never all in memory); the goals of a
chunk's activities are read in one query per chunk.
"""

from collections import defaultdict
from itertools import islice

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reporting.models import Activity
from reporting.workbook import titles
from reporting.workbook.cells import Column, Sheet, day, number, text

CHUNK_SIZE = 2000
GoalLink = Activity.goals.through


def columns() -> list[Column]:
    return [
        Column(_("Date"), 12),
        Column(_("Growth house"), 28),
        Column(_("Delivered in"), 28),
        Column(_("Activity type"), 22),
        Column(_("CVR number"), 11),
        Column(_("Firm"), 30),
        Column(_("Municipality"), 16),
        Column(_("Quantity"), 10),
        Column(_("Participants"), 12),
        Column(_("Description"), 60),
        Column(_("ERP id"), 16),
        Column(_("Goals"), 16),
    ]


def write_activities(workbook, export, rows):
    sheet = Sheet(workbook, titles.activities(), columns(), rows)
    ws = sheet.ws
    # The activity type's name in the workbook's language, as ActivityType.name gives it.
    type_name = "activity_type__name_en" if get_language() == "en" else "activity_type__name_da"
    activities = (
        export.activities.order_by("date", "pk")
        .values_list(
            "pk",
            "date",
            "house__name",
            "delivered_in__name",
            type_name,
            "firm__cvr",
            "firm__name",
            "municipality__name",
            "quantity",
            "participants",
            "description",
            "erp_id",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    while chunk := list(islice(activities, CHUNK_SIZE)):
        goals = _goals(export, [pk for pk, *_fields in chunk])
        for pk, *fields in chunk:
            sheet.append(_cells(ws, *fields, goals=goals.get(pk, ())))
    sheet.close()


def _cells(
    ws,
    date,
    house,
    delivered_in,
    activity_type,
    cvr,
    firm,
    municipality,
    quantity,
    participants,
    description,
    erp_id,
    *,
    goals,
):
    return [
        day(ws, date),
        text(ws, house),
        text(ws, delivered_in),
        text(ws, activity_type),
        text(ws, cvr),
        text(ws, firm),
        text(ws, municipality),
        number(ws, quantity),
        number(ws, participants),
        text(ws, description),
        text(ws, erp_id),
        text(ws, ", ".join(goals)),
    ]


def _goals(export, activity_ids) -> dict[int, list[str]]:
    """Return the goal labels of each of the activities, in the agreement's order."""
    goal_ids = defaultdict(list)
    links = GoalLink.objects.filter(activity_id__in=activity_ids).values_list(
        "activity_id", "goal_id"
    )
    for activity_id, goal_id in links:
        if goal_id in export.goals:
            goal_ids[activity_id].append(goal_id)
    return {
        activity_id: [
            export.goal_label(goal_id)
            for goal_id in sorted(ids, key=lambda goal_id: export.goals[goal_id].position)
        ]
        for activity_id, ids in goal_ids.items()
    }
