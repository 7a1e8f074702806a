"""The agreement's own numbering of its goals: the one name users see for a goal.

The agreement numbers goals 1-4 (sub-goals 2a, 4a ...) under focus area a) and letters the
efforts a)-e) under b); a goal is named under its focus area, "a) 4a" or "b) a)". Codes
such as "a.4a" are the portal's own keys (addresses, the API, files) and are not shown as
the goal's name. Under a focus area's own heading the goal's number alone is enough.
"""


def goal_label(focus_area_code: str, number: str) -> str:
    """Return a goal in the agreement's own numbering, under its focus area: "a) 4a"."""
    return f"{focus_area_code}) {number}".strip()
