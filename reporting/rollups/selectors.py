"""Reads of the roll-up tables that the dashboards and the workbook share, so that the two
cannot disagree. Each runs a fixed number of queries whatever the number of goals,
targets and activities: no reader counts activities itself.
"""

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from agreement.models import Agreement, Municipality, Organisation
from goals.models import Progress, Target
from goals.progress import elapsed_share, goal_status
from goals.selectors import agreement_outline
from reporting.models import (
    MunicipalityActivity,
    RollupState,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)


@dataclass(frozen=True)
class Scope:
    """Whose progress a dashboard shows: one growth house or all, in one area or everywhere."""

    house: Organisation | None = None
    kkr: Organisation | None = None
    municipality: Municipality | None = None

    @property
    def area(self):
        return self.municipality or self.kkr

    def in_area(self, rows):
        """Filter rows that have a municipality to the chosen area."""
        if self.municipality is not None:
            return rows.filter(municipality=self.municipality)
        if self.kkr is not None:
            return rows.filter(municipality__kkr=self.kkr)
        return rows

    def municipalities(self, municipalities):
        """Return those of the municipalities that lie in the chosen area."""
        if self.municipality is not None:
            return [each for each in municipalities if each.pk == self.municipality.pk]
        if self.kkr is not None:
            return [each for each in municipalities if each.kkr_id == self.kkr.pk]
        return municipalities

    def rows(self, rows):
        """Filter roll-up rows to the chosen house (the all-houses rows have none) and area."""
        return self.in_area(rows.filter(house=self.house))


@dataclass
class AgreementProgress:
    """Every target's stored progress, in the agreement's outline, with the score."""

    outline: object
    targets: list  # every target of the outline, national ones first
    houses: list
    score: tuple[Decimal, Decimal]  # points, of points
    house_scores: list[tuple[Organisation, tuple[Decimal, Decimal]]]
    computed_at: datetime | None


def agreement_progress(agreement: Agreement, *, house=None, houses=None) -> AgreementProgress:
    """Return the agreement's progress from the roll-up tables, in a fixed number of queries.

    Each target of the outline carries its rows as `attach_progress` gives them; each
    goal its `progress_status`, from the same rows as `progress`. A house's score is
    over the targets that concern it, the agreement's over all.
    """
    outline = agreement_outline(agreement, activity_types=False)
    houses = agreement.growth_houses() if houses is None else houses
    rows = {
        (row.target_id, row.house_id): row
        for row in TargetProgress.objects.filter(target__agreement=agreement)
    }
    score = {}
    for (_target, house_id), row in rows.items():
        points, maximum = score.get(house_id, (Decimal(0), Decimal(0)))
        score[house_id] = (points + row.points, maximum + row.max_points)

    chosen = house.pk if house else None
    all_targets = []

    def attach(targets):
        for target in targets:
            attach_progress(target, rows, houses, chosen)
            all_targets.append(target)

    attach(outline.national_targets)
    for focus_area in outline.focus_areas:
        for goal in focus_area.outline_goals:
            for each in [goal, *goal.outline_subgoals]:
                attach(each.outline_targets)
                statuses = [t.progress.status for t in each.outline_targets if t.progress]
                each.progress_status = Progress(goal_status(statuses)) if statuses else None
    state = RollupState.objects.filter(agreement=agreement).first()
    return AgreementProgress(
        outline=outline,
        targets=all_targets,
        houses=houses,
        score=score.get(None, (Decimal(0), Decimal(0))),
        house_scores=[(house, score.get(house.pk, (Decimal(0), Decimal(0)))) for house in houses],
        computed_at=state.updated_at if state else None,
    )


def goals_by_status(focus_areas) -> Counter:
    """Count the goals and sub-goals with targets by their status, as the dashboards show it.

    `focus_areas` are those of an `AgreementProgress`'s outline (or some of them).
    """
    return Counter(
        goal.progress_status
        for focus_area in focus_areas
        for each in focus_area.outline_goals
        for goal in [each, *each.outline_subgoals]
        if getattr(goal, "progress_status", None) is not None
    )


def attach_progress(target, rows, houses, chosen) -> None:
    """Give the target its progress rows from `rows` ({(target id, house id): row}).

    `progress` is the chosen house's (an id, None for all houses), `total_progress` all
    houses', `house_progress` each house's in the order of `houses`, and `house_rows`
    pairs each house with its row, all houses (None) first. A house the target does not
    concern has no row: None.
    """
    target.progress = rows.get((target.pk, chosen))
    target.total_progress = rows.get((target.pk, None))
    target.house_progress = [rows.get((target.pk, house.pk)) for house in houses]
    target.house_rows = [
        (None, target.total_progress),
        *zip(houses, target.house_progress, strict=True),
    ]


@dataclass
class MunicipalityFigures:
    municipality: Municipality
    values: list[Decimal]  # one per national target
    activities: int
    pending: int


def municipality_figures(
    agreement: Agreement, scope: Scope, municipalities: list[Municipality], *, sort: str = ""
):
    """Return the national targets that concern the scope's house and the figures of each
    municipality of the area: the targets' values there, and its approved and pending
    activities.
    """
    national = [
        target
        for target in Target.objects.filter(
            agreement=agreement, goal__isnull=True, kind__in=Target.COUNTING_KINDS
        ).order_by("position")
        if target.concerns(scope.house)
    ]
    values = defaultdict(Decimal)
    rows = scope.rows(TargetMunicipality.objects.filter(target__in=national))
    for municipality, target, value in rows.values_list("municipality", "target", "value"):
        values[municipality, target] = value
    activities = {
        municipality: (count, pending)
        for municipality, count, pending in scope.rows(
            MunicipalityActivity.objects.filter(agreement=agreement)
        ).values_list("municipality", "activities", "pending")
    }
    rows = [
        MunicipalityFigures(
            municipality=municipality,
            values=[values[municipality.pk, target.pk] for target in national],
            activities=activities.get(municipality.pk, (0, 0))[0],
            pending=activities.get(municipality.pk, (0, 0))[1],
        )
        for municipality in scope.municipalities(municipalities)
    ]
    codes = [target.code for target in national]
    return national, sort_rows(
        rows, sort, codes, activities=lambda row: (row.activities, row.municipality.name)
    )


def pace_share(agreement: Agreement, today: Date | None = None) -> Decimal:
    """Return the share of the period passed: where the pace line stands on every bar."""
    today = today or timezone.localdate()
    return elapsed_share(agreement.period_start, agreement.period_end, today)


def sort_rows(rows, sort, codes, **extra_columns):
    """Sort municipality rows by a column: "municipality" (the default), "kkr", a target's
    code or an extra column; "-" before it sorts in descending order.
    """
    descending = sort.startswith("-")
    column = sort.removeprefix("-")
    columns = {
        "municipality": lambda row: row.municipality.name,
        "kkr": lambda row: (row.municipality.kkr.name, row.municipality.name),
        **{
            code: lambda row, i=i: (row.values[i], row.municipality.name)
            for i, code in enumerate(codes)
        },
        **extra_columns,
    }
    key = columns.get(column, columns["municipality"])
    return sorted(rows, key=key, reverse=descending and column in columns)


@dataclass
class MonthRow:
    month: Date
    value: Decimal
    cumulative: Decimal
    pace: Decimal | None


def attach_months(agreement: Agreement, counting, scope: Scope, today: Date | None = None):
    """Give each counting target its cumulative value by month (`months`, MonthRows), against
    the pace line, up to the month of `today`: a goal's chart, on its page and in the
    status report."""
    months = agreement.months()
    today = today or timezone.localdate()
    stored = defaultdict(dict)
    if counting:
        for row in TargetMonth.objects.filter(target__in=counting, house=scope.house):
            stored[row.target_id][row.month] = row
    for target in counting:
        cumulative, target.months = Decimal(0), []
        for month in months:
            row = stored[target.pk].get(month)
            if row is not None:
                cumulative = row.cumulative
            month_end = min(_month_end(month), agreement.period_end)
            share = elapsed_share(agreement.period_start, agreement.period_end, month_end)
            target.months.append(
                MonthRow(
                    month=month,
                    value=row.value if row else Decimal(0),
                    cumulative=cumulative,
                    pace=None if target.threshold is None else target.threshold * share,
                )
            )
        # Months still to come have no value yet.
        target.months = [row for row in target.months if row.month <= today] or target.months[:1]


def _month_end(month: Date) -> Date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])
