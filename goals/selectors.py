from collections import defaultdict
from dataclasses import dataclass
from datetime import date as Date

from django.utils.translation import gettext as _

from agreement.models import Agreement, FocusArea, Organisation
from core.history import HistoryEntry, history_entries
from core.periods import Quarter, quarter_of
from goals.models import EffectMeasurement, Goal, MilestoneCompletion, StatusText, Target
from goals.models.milestones import own_or_joint


@dataclass
class Outline:
    """The agreement as its readers know it: focus areas → goals → sub-goals → targets."""

    focus_areas: list[FocusArea]
    national_targets: list[Target]


def agreement_outline(agreement: Agreement, *, activity_types=True) -> Outline:
    """Return the agreement's outline in the agreement's order, in four queries whatever its size
    (three without the targets' activity types).

    Each focus area carries `outline_goals` (its goals without a parent), and each
    goal its `outline_subgoals` and `outline_targets`.
    """
    targets_by_goal = defaultdict(list)
    targets = (
        Target.objects.filter(agreement=agreement)
        .select_related("parent", "house")
        .order_by("position")
    )
    if activity_types:
        targets = targets.prefetch_related("activity_types")
    for target in targets:
        targets_by_goal[target.goal_id].append(target)

    goals = Goal.objects.filter(focus_area__agreement=agreement).order_by("position")
    goals_by_parent = defaultdict(list)
    for goal in goals:
        goal.outline_targets = targets_by_goal[goal.pk]
        goals_by_parent[goal.parent_id, goal.focus_area_id].append(goal)
    for goal in goals:
        goal.outline_subgoals = goals_by_parent[goal.pk, goal.focus_area_id]

    focus_areas = list(agreement.focus_areas.all())
    for focus_area in focus_areas:
        focus_area.outline_goals = goals_by_parent[None, focus_area.pk]
    return Outline(focus_areas=focus_areas, national_targets=targets_by_goal[None])


def agreement_parties(agreement: Agreement):
    """Return the growth houses and the KKRs, each KKR with its municipalities."""
    parties = agreement.parties.select_related("region").prefetch_related("municipalities")
    return {
        "growth_houses": [p for p in parties if p.kind == Organisation.Kind.GROWTH_HOUSE],
        "kkrs": [p for p in parties if p.kind == Organisation.Kind.KKR],
    }


# Progress inputs.


@dataclass
class StatusRow:
    """A goal's row in the status overview: each quarter of the period with its text (None:
    none yet)."""

    goal: Goal
    takes_texts: bool
    texts: list[tuple[Quarter, StatusText | None]]


@dataclass
class HouseStatus:
    house: Organisation
    sections: list[tuple[FocusArea, list[StatusRow]]]


def status_goals(agreement: Agreement) -> list[tuple[FocusArea, list[Goal]]]:
    """Return each focus area with its goals in the agreement's order, sub-goals after their goal.

    A goal with sub-goals carries `has_subgoals`; it takes no status texts of its own.
    """
    outline = agreement_outline(agreement)
    sections = []
    for focus_area in outline.focus_areas:
        goals = []
        for goal in focus_area.outline_goals:
            goal.has_subgoals = bool(goal.outline_subgoals)
            goals.append(goal)
            for subgoal in goal.outline_subgoals:
                subgoal.has_subgoals = False
                goals.append(subgoal)
        sections.append((focus_area, goals))
    return sections


def status_overview(agreement: Agreement, houses: list[Organisation]) -> list[HouseStatus]:
    """Return, for each house, every goal's status texts by quarter of the period."""
    sections = status_goals(agreement)
    quarters = agreement.quarters()
    texts = {
        (text.house_id, text.goal_id, text.quarter): text
        for text in StatusText.objects.in_agreement(agreement).for_houses(houses)
    }
    return [
        HouseStatus(
            house=house,
            sections=[
                (
                    focus_area,
                    [
                        StatusRow(
                            goal=goal,
                            takes_texts=not goal.has_subgoals,
                            texts=[
                                (quarter, texts.get((house.pk, goal.pk, quarter.number)))
                                for quarter in quarters
                            ],
                        )
                        for goal in goals
                    ],
                )
                for focus_area, goals in sections
            ],
        )
        for house in houses
    ]


@dataclass
class HouseMeasurements:
    """A house's measurements of a target, latest first: the first one counts."""

    house: Organisation
    measurements: list[EffectMeasurement]


def effect_overview(agreement: Agreement, houses: list[Organisation]) -> list[Target]:
    """Return the effect targets, each with `by_house`: the houses' measurements, latest first.

    A target for one house only lists that house.
    """
    targets = list(
        Target.objects.filter(agreement=agreement, kind=Target.Kind.EFFECT)
        .select_related("goal", "house")
        .order_by("goal__position", "position")
    )
    measurements = defaultdict(list)
    for measurement in (
        EffectMeasurement.objects.filter(target__in=targets)
        .for_houses(houses)
        .select_related("author")
        .latest_first()
    ):
        measurements[measurement.target_id, measurement.house_id].append(measurement)
    for target in targets:
        target.by_house = [
            HouseMeasurements(house=house, measurements=measurements[target.pk, house.pk])
            for house in houses
            if target.concerns(house)
        ]
    return targets


@dataclass
class MilestoneRow:
    """A house's line under a milestone; `joint` when both houses reached it together."""

    house: Organisation | None
    completion: MilestoneCompletion | None

    @property
    def joint(self):
        return self.completion is not None and self.completion.house_id is None


def milestone_completions(target: Target, houses: list[Organisation]):
    """Return the target's completions the houses' readers see: theirs and the joint one."""
    return (
        MilestoneCompletion.objects.filter(target=target)
        .for_houses(houses)
        .select_related("house", "author")
    )


def milestone_overview(agreement: Agreement, houses: list[Organisation]) -> list[Target]:
    """Return the milestone targets, each with `rows`: one per house, done or not.

    A milestone reached jointly shows as done for every house.
    """
    targets = list(
        Target.objects.filter(agreement=agreement, kind=Target.Kind.MILESTONE)
        .select_related("goal", "house")
        .order_by("goal__position", "position")
    )
    completions = {
        (completion.target_id, completion.house_id): completion
        for completion in MilestoneCompletion.objects.filter(target__in=targets)
        .for_houses(houses)
        .select_related("author")
    }
    for target in targets:
        joint = completions.get((target.pk, None))
        target.rows = [
            MilestoneRow(house=house, completion=joint or completions.get((target.pk, house.pk)))
            for house in houses
            if target.concerns(house)
        ]
    return targets


def status_text_history(status_text: StatusText | None) -> list[HistoryEntry]:
    if status_text is None:
        return []
    records = StatusText.history.filter(id=status_text.pk).select_related(
        "history_user", "goal", "house"
    )
    return history_entries(
        records,
        labels={"+": _("Written")},
        describe=lambda record: record.get_status_display() if record.history_type == "+" else "",
    )


def effect_measurement_history(measurement: EffectMeasurement) -> list[HistoryEntry]:
    records = EffectMeasurement.history.filter(id=measurement.pk).select_related(
        "history_user", "target", "house"
    )
    return history_entries(
        records,
        labels={"+": _("Added")},
        describe=lambda record: (
            f"{record.numerator}/{record.denominator}, {record.measured_on:%d.%m.%Y}"
            if record.history_type == "+"
            else ""
        ),
    )


def milestone_history(target: Target, houses: list[Organisation]) -> list[HistoryEntry]:
    """Return the history of the target's completions the houses' readers see, reopenings too."""
    records = (
        MilestoneCompletion.history.filter(target_id=target.pk)
        .filter(own_or_joint(houses))
        .select_related("history_user", "target", "house")
    )

    def describe(record):
        who = record.house.name if record.house_id else _("Both houses jointly")
        if record.history_type == "~":
            return who
        return f"{who} · {record.done_on:%d.%m.%Y}"

    return history_entries(
        records, labels={"+": _("Marked as done"), "-": _("Reopened")}, describe=describe
    )


def agreement_life(agreement: Agreement) -> list[HistoryEntry]:
    """Return the year's steps (activated, closing, closed, reopened), with who, when and why."""
    records = Agreement.history.filter(
        id=agreement.pk, history_change_reason__in=Agreement.Change.values
    ).select_related("history_user", "continues")
    return history_entries(
        records,
        reasons=dict(Agreement.Change.choices),
        describe=lambda record: (
            record.reopen_reason
            if record.history_change_reason == Agreement.Change.REOPENED
            else ""
        ),
    )


def quarter_due(agreement: Agreement, today: Date) -> Quarter | None:
    """Return the quarter whose status texts are due on the day: the quarter holding it, or
    the last one once the period is over; None before the period starts."""
    if today < agreement.period_start:
        return None
    return (
        quarter_of(agreement.period_start, agreement.period_end, today)
        or (agreement.quarters()[-1])
    )


def goals_without_status_text(
    agreement: Agreement, house: Organisation, quarter: Quarter
) -> list[Goal]:
    """Return the goals that concern the house and take status texts, in the agreement's
    order, on which the house has written no text for the quarter."""
    concerning = set(
        Goal.objects.filter(focus_area__agreement=agreement)
        .concerning(house)
        .values_list("pk", flat=True)
    )
    written = set(
        StatusText.objects.filter(
            house=house, quarter=quarter.number, goal__focus_area__agreement=agreement
        ).values_list("goal", flat=True)
    )
    return [
        goal
        for _focus_area, goals in status_goals(agreement)
        for goal in goals
        if not goal.has_subgoals and goal.pk in concerning and goal.pk not in written
    ]
