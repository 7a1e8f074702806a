"""What the reviewers' dashboards show, read from the roll-up tables only.

Each function runs a fixed number of queries whatever the number of goals,
targets and activities: the roll-ups hold a row per target and house (and month
or municipality), and no dashboard counts activities itself.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as Date
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext

from agreement.models import Agreement, Municipality, Organisation
from goals import access as goal_access
from goals.models import EffectMeasurement, Goal, MilestoneCompletion, StatusText, Target
from goals.progress import elapsed_share

from .access import visible_activities
from .models import (
    Activity,
    MunicipalityActivity,
    TargetMonth,
    TargetMunicipality,
    TargetProgress,
)
from .rollups import months_of
from .selectors import AgreementProgress, agreement_progress

ACTIVITIES_PER_PAGE = 20


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


MUNICIPALITIES_CACHE_SECONDS = 300


def agreement_municipalities(agreement: Agreement) -> list[Municipality]:
    """Return the municipalities of the agreement's KKRs, by KKR and name, each with its KKR.

    Every dashboard offers them to filter by; they change only when an agreement
    is loaded, so they are kept in the cache for a while.
    """
    key = f"dashboards:municipalities:{agreement.pk}:{agreement.version}"
    municipalities = cache.get(key)
    if municipalities is None:
        municipalities = list(
            Municipality.objects.filter(
                kkr__in=agreement.parties.filter(kind=Organisation.Kind.KKR)
            )
            .select_related("kkr")
            .order_by("kkr__name", "name")
        )
        cache.set(key, municipalities, MUNICIPALITIES_CACHE_SECONDS)
    return municipalities


def pace_share(agreement: Agreement, today: Date | None = None) -> Decimal:
    """Return the share of the period passed: where the pace line stands on every bar."""
    today = today or timezone.localdate()
    return elapsed_share(agreement.period_start, agreement.period_end, today)


# The overview.


@dataclass
class Overview:
    progress: AgreementProgress
    scope: Scope
    pace: Decimal
    headline: list[Target]
    score: tuple[Decimal, Decimal]


def overview(
    agreement: Agreement, scope: Scope, *, houses=None, today: Date | None = None
) -> Overview:
    """Return every target's progress for the scope, with the headline figures and the score.

    Each target carries `progress` (its row for the chosen house, or for all), and,
    when an area is chosen, `area_value` and `area_pending`: what the area adds to
    it. An area has no share of a target of its own, so status and points stay
    those of the house or of the whole agreement.
    """
    progress = agreement_progress(agreement, house=scope.house, houses=houses)
    if scope.area is not None:
        in_area = {
            row["target"]: row
            for row in scope.rows(TargetMunicipality.objects.filter(target__agreement=agreement))
            .values("target")
            .annotate(value=Sum("value"), pending=Sum("pending"))
            .order_by()
        }
        for target in progress.targets:
            if target.is_counting:
                row = in_area.get(target.pk, {})
                target.area_value = row.get("value", Decimal(0))
                target.area_pending = row.get("pending", Decimal(0))
    score = dict(progress.house_scores).get(scope.house, progress.score)
    return Overview(
        progress=progress,
        scope=scope,
        pace=pace_share(agreement, today),
        headline=progress.outline.national_targets,
        score=score,
    )


# A goal's page.


@dataclass
class MonthRow:
    month: Date
    value: Decimal
    cumulative: Decimal
    pace: Decimal | None


@dataclass
class MunicipalityRow:
    municipality: Municipality
    values: list[Decimal]  # one per counting target of the goal, in order


@dataclass
class GoalDashboard:
    goal: Goal
    goals: list[Goal]  # the goal and its sub-goals
    targets: list[Target]
    counting: list[Target]
    houses: list[Organisation]
    status_texts: list[StatusText]
    milestones: list[MilestoneCompletion]
    effects: list[EffectMeasurement]
    municipalities: list[MunicipalityRow]
    activities: object  # a page of the approved activities that count
    computed: bool = field(default=False)


def goal_dashboard(
    agreement: Agreement,
    goal_code: str,
    scope: Scope,
    user,
    *,
    houses: list[Organisation],
    municipalities: list[Municipality],
    page: str | int = 1,
    sort: str = "",
    today: Date | None = None,
) -> GoalDashboard | None:
    """Return a goal's progress for the scope, with all that lies behind its numbers.

    Each target carries `progress` (for the chosen house, or all), `house_progress`
    (one per house) and, when it counts, `months` (`MonthRow`s for the chart).
    Status texts, milestones, effect measurements and activities are those the
    user may read. None when the agreement has no such goal.
    """
    goals = list(
        Goal.objects.filter(focus_area__agreement=agreement)
        .filter(
            Q(code=goal_code) | Q(parent__code=goal_code, parent__focus_area__agreement=agreement)
        )
        .select_related("focus_area", "parent")
        .order_by("position")
    )
    goal = next((each for each in goals if each.code == goal_code), None)
    if goal is None:
        return None
    goals = [goal, *(each for each in goals if each is not goal)]
    targets = list(
        Target.objects.filter(goal__in=goals)
        .select_related("goal", "house", "parent")
        .order_by("goal__position", "position")
    )
    counting = [target for target in targets if target.is_counting]
    readable = goal_access.visible_among(user, houses)

    _attach_progress(targets, houses, scope)
    _attach_months(agreement, counting, scope, today)
    kinds = {target.kind for target in targets}
    return GoalDashboard(
        goal=goal,
        goals=goals,
        targets=targets,
        counting=counting,
        houses=houses,
        status_texts=list(
            StatusText.objects.filter(goal__in=goals, house__in=readable)
            .select_related("goal", "house", "author")
            .order_by("goal__position", "year", "quarter", "house__name")
        )
        if readable
        else [],
        milestones=list(
            MilestoneCompletion.objects.filter(
                Q(house__in=readable) | Q(house__isnull=True),
                target__in=[t for t in targets if t.kind == Target.Kind.MILESTONE],
            ).select_related("target", "house")
        )
        if readable and Target.Kind.MILESTONE in kinds
        else [],
        effects=list(
            EffectMeasurement.objects.filter(
                target__in=[t for t in targets if t.kind == Target.Kind.EFFECT]
            )
            .for_houses(readable)
            .select_related("target", "house")
            .order_by("target__position", "-measured_on", "-pk")
        )
        if readable and Target.Kind.EFFECT in kinds
        else [],
        municipalities=_municipality_rows(municipalities, counting, scope, sort),
        activities=_counted_activities(counting, scope, user, page),
        computed=any(target.progress is not None for target in targets),
    )


def _attach_progress(targets, houses, scope):
    rows = {
        (row.target_id, row.house_id): row
        for row in TargetProgress.objects.filter(target__in=targets)
    }
    chosen = scope.house.pk if scope.house else None
    for target in targets:
        target.progress = rows.get((target.pk, chosen))
        target.total_progress = rows.get((target.pk, None))
        target.house_progress = [rows.get((target.pk, house.pk)) for house in houses]
        target.house_rows = [
            (None, target.total_progress),
            *zip(houses, target.house_progress, strict=True),
        ]


def _attach_months(agreement, counting, scope, today):
    """Give each counting target its cumulative value by month, against the pace line."""
    months = months_of(agreement)
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


def _municipality_rows(municipalities, counting, scope, sort):
    """Return a row per municipality of the area, with each counting target's value there."""
    if not counting:
        return []
    values = defaultdict(Decimal)
    rows = scope.rows(TargetMunicipality.objects.filter(target__in=counting))
    for municipality, target, value in rows.values_list("municipality", "target", "value"):
        values[municipality, target] = value
    rows = [
        MunicipalityRow(
            municipality=municipality,
            values=[values[municipality.pk, target.pk] for target in counting],
        )
        for municipality in scope.municipalities(municipalities)
    ]
    return sort_rows(rows, sort, [target.code for target in counting])


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


def _counted_activities(counting, scope, user, page):
    """Return the page of approved activities that the goal's counting targets count."""
    counted = Q(pk__in=[])  # nothing, for a goal that counts nothing
    for target in counting:
        counted |= Q(pk__in=Activity.objects.counted_by(target).values("pk"))
    activities = visible_activities(user).approved().filter(counted)
    if scope.house is not None:
        activities = activities.filter(house=scope.house)
    activities = scope.in_area(activities).select_related(
        "house", "activity_type", "firm", "municipality"
    )
    return Paginator(activities.order_by("-date", "-pk"), ACTIVITIES_PER_PAGE).get_page(page)


# The municipalities.


@dataclass
class MunicipalityFigures:
    municipality: Municipality
    values: list[Decimal]  # one per national target
    activities: int
    pending: int


def municipality_figures(
    agreement: Agreement, scope: Scope, municipalities: list[Municipality], *, sort: str = ""
):
    """Return the national targets and the figures of each municipality of the area:
    the targets' values there, and its approved and pending activities.
    """
    national = list(
        Target.objects.filter(
            agreement=agreement, goal__isnull=True, kind__in=Target.COUNTING_KINDS
        ).order_by("position")
    )
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


# What the charts draw; each chart has a table with the same figures beside it.


def month_chart(target: Target) -> dict:
    """Return a counting target's cumulative value and pace line by month, for Chart.js."""
    return {
        "kind": "line",
        "labels": [date_format(row.month, "M Y") for row in target.months],
        "series": [
            {
                "label": gettext("Value to date"),
                "data": [float(row.cumulative) for row in target.months],
            },
            {
                "label": gettext("Pace to the target"),
                "data": [None if row.pace is None else float(row.pace) for row in target.months],
                "pace": True,
            },
        ],
    }


def municipality_chart(targets: list[Target], rows: list[MunicipalityFigures]) -> dict:
    """Return the national targets' values by municipality as bars, for Chart.js."""
    return {
        "kind": "bar",
        "labels": [row.municipality.name for row in rows],
        "series": [
            {
                "label": Truncator(target.text).words(8),
                "data": [float(row.values[i]) for row in rows],
            }
            for i, target in enumerate(targets)
        ],
    }
