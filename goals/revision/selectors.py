"""What the revision pages show: the kept rows beside the agreement's targets."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from agreement.models import Agreement
from goals.models import AgreementRevision, Target
from goals.revision.reading import RevisedRow


@dataclass
class PreviewRow:
    revised: RevisedRow
    target: Target

    @property
    def takes_threshold(self) -> bool:
        return self.target.kind in Target.THRESHOLD_KINDS


@dataclass
class Preview:
    rows: list[PreviewRow]
    problems: list[str]  # why confirming cannot create the draft now

    @property
    def changed(self) -> int:
        return sum(row.revised.changed for row in self.rows)

    @property
    def unchanged(self) -> int:
        return len(self.rows) - self.changed

    @property
    def comments(self) -> int:
        return sum(bool(row.revised.comment) for row in self.rows)


def next_agreement(agreement: Agreement) -> Agreement | None:
    """Return next year's agreement, when there is one."""
    return Agreement.objects.filter(year=agreement.year + 1).first()


def next_year_exists_message(agreement: Agreement, existing: Agreement) -> str:
    return _(
        "%(existing)s already exists, so %(title)s cannot be revised into a new draft. Change "
        "%(existing)s itself, or delete it in the admin to revise again."
    ) % {"existing": existing.title, "title": agreement.title}


def revised_rows(revision: AgreementRevision) -> list[RevisedRow]:
    return [RevisedRow.from_json(data) for data in revision.rows]


def agreement_targets(agreement: Agreement) -> dict[str, Target]:
    targets = (
        Target.objects.filter(agreement=agreement)
        .select_related("goal", "parent", "house")
        .order_by("goal__position", "position")
    )
    return {target.code: target for target in targets}


def stale_problems(
    agreement: Agreement, rows: list[RevisedRow], targets: dict[str, Target]
) -> list[str]:
    """Return why the rows can no longer make next year's draft, or []."""
    existing = next_agreement(agreement)
    if existing is not None:
        return [next_year_exists_message(agreement, existing)]
    stated = {row.code: row.threshold for row in rows}
    current = {code: target.threshold for code, target in targets.items()}
    if stated != current:
        return [
            _(
                "The targets of %(title)s have changed since the file was uploaded. Download the "
                "workbook again, or upload the filled-in file again to see what it now changes."
            )
            % {"title": agreement.title}
        ]
    return []


def revision_preview(revision: AgreementRevision) -> Preview:
    """Return each target's row as the upload read it, and whether it can be applied now."""
    rows = revised_rows(revision)
    targets = agreement_targets(revision.agreement)
    problems = stale_problems(revision.agreement, rows, targets)
    shown = [
        PreviewRow(revised=row, target=targets[row.code]) for row in rows if row.code in targets
    ]
    return Preview(rows=shown, problems=problems)
