"""What the quarterly status report shows, read through the dashboards' selectors so that
the report, the dashboards and the workbook cannot disagree."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from agreement.models import Agreement, Organisation
from agreement.selectors import agreement_municipalities
from core.periods import Quarter
from goals.models import StatusText, Target
from reporting.palette import PROGRESS_COLOURS
from reporting.rollups.selectors import (
    AgreementProgress,
    Scope,
    agreement_progress,
    attach_months,
    municipality_figures,
    pace_share,
)


@dataclass
class Section:
    """A goal (or sub-goal) with its targets and its status texts for the quarter."""

    goal: object
    focus_area: object
    targets: list
    status_texts: list[StatusText]


@dataclass
class ReportContent:
    agreement: Agreement
    quarter: Quarter
    kkr: Organisation | None
    progress: AgreementProgress
    pace: Decimal  # the share of the period passed, as the dashboards' pace line
    # The national targets, with the whole agreement's figures and, with a KKR chosen, the
    # value in its municipalities (`area_value`), as the municipalities dashboard counts it.
    headline: list[Target]
    sections: list[Section] = field(default_factory=list)
    written_at: datetime = field(default_factory=timezone.now)

    @property
    def palette(self):
        return [(status.value, colour) for status, colour in PROGRESS_COLOURS.items()]


def kkrs_of(agreement: Agreement) -> list[Organisation]:
    """Return the KKRs that are parties to the agreement, by name."""
    return list(agreement.parties.filter(kind=Organisation.Kind.KKR).order_by("name"))


def collect(agreement: Agreement, quarter_number: int, kkr: Organisation | None) -> ReportContent:
    """Read the report's figures: the progress, pace and month series of the dashboards, the
    area's figures of the municipalities dashboard, and the quarter's status texts."""
    progress = agreement_progress(agreement)
    quarter = agreement.quarter(quarter_number)
    if kkr is not None:
        national, figures = municipality_figures(
            agreement, Scope(kkr=kkr), agreement_municipalities(agreement)
        )
        by_target = {target.pk: index for index, target in enumerate(national)}
        for target in progress.outline.national_targets:
            index = by_target.get(target.pk)
            target.area_value = (
                None if index is None else sum((row.values[index] for row in figures), Decimal(0))
            )
    texts = defaultdict(list)
    for status_text in (
        StatusText.objects.in_agreement(agreement)
        .filter(quarter=quarter_number)
        .select_related("house")
        .order_by("house__name")
    ):
        texts[status_text.goal_id].append(status_text)
    counting = [target for target in progress.targets if target.is_counting]
    # The chart runs to the quarter's end, or to today within the quarter.
    attach_months(agreement, counting, Scope(), min(quarter.last_day, timezone.localdate()))
    content = ReportContent(
        agreement=agreement,
        quarter=quarter,
        kkr=kkr,
        progress=progress,
        pace=pace_share(agreement),
        headline=progress.outline.national_targets,
    )
    for focus_area in progress.outline.focus_areas:
        for goal in focus_area.outline_goals:
            for each in [goal, *goal.outline_subgoals]:
                if each.outline_targets or texts.get(each.pk):
                    content.sections.append(
                        Section(each, focus_area, each.outline_targets, texts.get(each.pk, []))
                    )
    return content
