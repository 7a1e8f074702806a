"""The year-end workbook: the KKRs' working document for revising the agreement.

Every figure comes from the selectors the dashboards read (the roll-up tables), so
the two cannot disagree; the activities, measurements and status texts are listed
from their models. Written with openpyxl in write-only mode: the activities are
streamed from the database a chunk at a time, so memory stays flat however many
there are.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from agreement.models import Agreement, Municipality
from agreement.selectors import agreement_municipalities
from goals import numbering
from goals.models import EffectMeasurement, Goal, StatusText, Target
from reporting.models import Activity
from reporting.rollups.selectors import (
    AgreementProgress,
    MunicipalityFigures,
    Scope,
    agreement_progress,
    municipality_figures,
)
from reporting.workbook import activities, cover, lists, progress_sheets, revision
from reporting.workbook.cells import Rows


@dataclass
class Export:
    """What the sheets are written from, read before the first sheet."""

    agreement: Agreement
    progress: AgreementProgress
    national: list[Target]  # the national counting targets, the municipalities' columns
    municipalities: list[MunicipalityFigures]
    status_texts: list[StatusText]
    activities: object  # a queryset of the approved activities, streamed
    measurements: object  # a queryset of the effect measurements, streamed
    goals: dict[int, Goal] = field(default_factory=dict)
    focus_areas: dict[int, str] = field(default_factory=dict)  # id: code
    latest_texts: progress_sheets.LatestTexts = field(init=False)

    def __post_init__(self):
        self.latest_texts = progress_sheets.LatestTexts(self.status_texts)
        for focus_area in self.progress.outline.focus_areas:
            self.focus_areas[focus_area.pk] = focus_area.code
            for goal in focus_area.outline_goals:
                for each in [goal, *goal.outline_subgoals]:
                    self.goals[each.pk] = each

    @property
    def firm_targets(self) -> list[Target]:
        """Return the national distinct-firm and of-which targets: the firms chart."""
        return [
            target
            for target in self.progress.outline.national_targets
            if target.kind in Target.FIRM_KINDS
        ]

    def focus_area_code(self, goal_id) -> str:
        if goal_id is None:
            return _("National")
        return self.focus_areas[self.goals[goal_id].focus_area_id]

    def goal_number(self, goal_id) -> str:
        """Return the goal's number in the agreement (sub-goals: "4a"), "" for none."""
        return "" if goal_id is None else self.goals[goal_id].number

    def goal_label(self, goal_id) -> str:
        """Return the goal in the agreement's numbering ("a) 4a"): unique in the agreement."""
        if goal_id is None:
            return _("National")
        return numbering.goal_label(self.focus_area_code(goal_id), self.goal_number(goal_id))

    def data_rows(self) -> int:
        """Return the number of data rows the workbook will have (a count query or two)."""
        targets, houses = len(self.progress.targets), len(self.progress.houses)
        return (
            targets * (2 + houses)  # the overview, each house's sheet and the revision
            + len(self.firm_targets)
            + len(self.municipalities)
            + self.activities.count()
            + self.measurements.count()
            + len(self.status_texts)
        )


def collect(agreement: Agreement) -> Export:
    """Read what the workbook shows: the progress through the dashboards' selectors."""
    municipalities: list[Municipality] = agreement_municipalities(agreement)
    national, figures = municipality_figures(agreement, Scope(), municipalities)
    return Export(
        agreement=agreement,
        progress=agreement_progress(agreement),
        national=national,
        municipalities=figures,
        status_texts=list(
            StatusText.objects.in_agreement(agreement)
            .select_related("house", "author")
            .order_by("goal__position", "year", "quarter", "house__name")
        ),
        activities=Activity.objects.alive().approved().in_agreement(agreement),
        measurements=EffectMeasurement.objects.filter(target__agreement=agreement),
    )


def write_workbook(agreement: Agreement, out, *, language: str = "da", progress=None) -> int:
    """Write the agreement's year-end workbook to `out`, a path or a binary file object.

    Return the number of data rows written, on all sheets, header rows left out.
    `progress(written, total)` is called every thousand rows and once at the end, when
    `written == total`; `total` is counted before writing (the targets and municipalities
    of the selectors, a count of the activities and measurements), and grows if more
    rows turn up while writing.
    """
    with translation.override(language):
        export = collect(agreement)
        rows = Rows(export.data_rows(), progress)
        workbook = Workbook(write_only=True)
        workbook.properties.title = agreement.title
        cover.write_cover(workbook, export)
        progress_sheets.write_overview(workbook, export, rows)
        for index, house in enumerate(export.progress.houses):
            progress_sheets.write_house(workbook, export, index, house, rows)
        progress_sheets.write_firms(workbook, export, rows)
        lists.write_municipalities(workbook, export, rows)
        activities.write_activities(workbook, export, rows)
        lists.write_measurements(workbook, export, rows)
        lists.write_status_texts(workbook, export, rows)
        revision.write_revision(workbook, export, rows)
        workbook.save(out)
    rows.finish()
    return rows.written
