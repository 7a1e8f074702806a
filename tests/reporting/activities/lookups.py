"""The 2018 agreement's records that the activity tests name by their codes."""

from agreement.models import Municipality
from goals.models import ActivityType, Goal, Target


def activity_type(code):
    return ActivityType.objects.get(code=code)


def municipality(code):
    return Municipality.objects.get(code=code)


def goal(code):
    return Goal.objects.get(code=code, focus_area__agreement__year=2018)


def target(code):
    return Target.objects.get(agreement__year=2018, code=code)
