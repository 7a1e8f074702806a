"""A plan as the preview page shows it, kept on the batch: Celery checks the rows once, and
the page reads what it found without checking them again.
"""

from django.utils.formats import date_format

from reporting.erp_import.rows import Plan, PlannedRow

# The preview lists this many rows of each kind; the counts cover them all.
PREVIEW_ROWS = 100


def plan_summary(plan: Plan) -> dict:
    """Return the counts, the years, the first rows of each kind and every error, as JSON."""
    return {
        "created_count": len(plan.created),
        "updated_count": len(plan.updated),
        "unchanged_count": len(plan.unchanged),
        "error_rows": plan.error_rows,
        "other_house_count": len(plan.other_house_rows),
        "years": [[agreement.title, rows] for agreement, rows in plan.years],
        "created": [_created(planned) for planned in plan.created[:PREVIEW_ROWS]],
        "updated": [
            {**_named(planned), "changes": [list(change) for change in planned.changes]}
            for planned in plan.updated[:PREVIEW_ROWS]
        ],
        "unchanged": [_named(planned) for planned in plan.unchanged[:PREVIEW_ROWS]],
        "needs_goal_count": len(plan.needs_goal),
        "needs_goal": [
            {
                "row": planned.row,
                "erp_id": planned.activity.erp_id,
                "activity_type": planned.activity.activity_type.name,
                "goals": ", ".join(planned.goal_choices),
            }
            for planned in plan.needs_goal[:PREVIEW_ROWS]
        ],
        # Every error, each with its row: the page shows the first, the CSV all of them.
        "errors": [[error.row, str(error)] for error in plan.errors],
    }


def _named(planned: PlannedRow) -> dict:
    activity = planned.activity
    return {"row": planned.row, "erp_id": activity.erp_id, "url": activity.get_absolute_url()}


def _created(planned: PlannedRow) -> dict:
    activity = planned.activity
    firm = activity.firm
    return {
        "row": planned.row,
        "erp_id": activity.erp_id,
        "date": date_format(activity.date, "d.m.Y"),
        "year": activity.agreement.year,
        "activity_type": activity.activity_type.name,
        "delivered_in": activity.delivered_in.label if activity.is_cross_house else "",
        "delivered_in_name": activity.delivered_in.name if activity.is_cross_house else "",
        "firm": firm.name if firm else "",
        "cvr": firm.cvr if firm else "",
        "new_firm": planned.new_firm is not None,
        "municipality": str(activity.municipality) if activity.municipality_id else "",
        "quantity": str(activity.quantity),
    }
