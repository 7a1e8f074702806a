"""What activating or closing a year will leave behind, for the confirmation pages."""

from dataclasses import dataclass, field

from django.db.models import Count

from agreement.models import Agreement, Organisation
from goals.models import Goal, Target
from reporting.models import Activity


@dataclass
class HouseWork:
    house: Organisation
    submitted: int = 0
    drafts: int = 0
    returned: int = 0
    approved: int = 0


@dataclass
class ClosingSummary:
    houses: list[HouseWork] = field(default_factory=list)

    @property
    def unfinished(self) -> int:
        return sum(house.submitted + house.drafts + house.returned for house in self.houses)


def closing_summary(agreement: Agreement) -> ClosingSummary:
    """Count each house's activities in the year by status: what closing leaves unapproved."""
    work = {house.pk: HouseWork(house) for house in agreement.growth_houses()}
    counts = (
        Activity.objects.alive()
        .in_agreement(agreement)
        .values_list("house", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    attribute = {
        Activity.Status.SUBMITTED: "submitted",
        Activity.Status.DRAFT: "drafts",
        Activity.Status.RETURNED: "returned",
        Activity.Status.APPROVED: "approved",
    }
    for house_id, status, count in counts:
        if house_id in work:
            setattr(work[house_id], attribute[status], count)
    return ClosingSummary(houses=list(work.values()))


@dataclass
class ActivationSummary:
    goals: int
    targets: int
    overlapping: list[Agreement]


def activation_summary(agreement: Agreement) -> ActivationSummary:
    """Say what the draft holds, and which visible years its period overlaps."""
    return ActivationSummary(
        goals=Goal.objects.filter(focus_area__agreement=agreement).count(),
        targets=Target.objects.filter(agreement=agreement).count(),
        overlapping=list(
            Agreement.objects.activated()
            .filter(period_start__lte=agreement.period_end, period_end__gte=agreement.period_start)
            .exclude(pk=agreement.pk)
            .order_by("period_start")
        ),
    )
