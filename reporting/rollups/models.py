"""Progress as the dashboards and the workbook read it: computed from the activity log.

Rows with no house are the totals of all houses. Each table is rewritten only by
reporting.rollups.services, inside one transaction that holds the agreement's RollupState
lock, so two runs never interleave and a killed run leaves the previous tables.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreement.models import Agreement, Municipality, Organisation
from core import rollup_queue
from goals.models import Progress, Target
from reporting.activities.models import Firm

VALUE = {"max_digits": 14, "decimal_places": 2, "default": 0}


class RollupState(models.Model):
    """One row per agreement: locked by every roll-up run, and when the last full one ended."""

    agreement = models.OneToOneField(
        Agreement, on_delete=models.CASCADE, related_name="rollup_state"
    )
    full_computed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return str(self.agreement)


class TargetFirm(models.Model):
    """A firm a distinct-firm target counts, and when it first counted: what keeps totals exact.

    A firm guided by both houses has a row for each house and one for all houses,
    so it counts once in the total. The table is derived and rewritten under the
    roll-up lock, in the hundreds of thousands of rows: its references are not
    checked by the database, and it carries only the indexes the roll-ups read by.
    """

    # A target the agreement file drops takes its rows along (done by Django, not the database).
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    firm = models.ForeignKey(
        Firm, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    house = models.ForeignKey(
        Organisation,
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    # The first day an approved activity counted it; else the first submitted one (pending).
    approved_on = models.DateField(null=True)
    pending_on = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["target", "house", "approved_on"]),
            # The few firms still pending, for an update's month cells (not a scan of all).
            models.Index(
                fields=["target", "house", "pending_on"],
                condition=models.Q(pending_on__isnull=False),
                name="rollup_firm_pending",
            ),
            models.Index(fields=["target", "house", "municipality"]),
            models.Index(fields=["target", "firm", "house"]),
        ]

    def __str__(self):
        return f"{self.target_id}: {self.firm_id}"


class TargetMonth(models.Model):
    """A target's value by house and month: what the month added, and the running total."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    house = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, related_name="+")
    month = models.DateField(_("month"))
    value = models.DecimalField(_("value"), **VALUE)
    cumulative = models.DecimalField(_("to date"), **VALUE)
    pending = models.DecimalField(_("pending"), **VALUE)

    class Meta:
        ordering = ["target", "house", "month"]
        indexes = [models.Index(fields=["target", "house", "month"])]

    def __str__(self):
        return f"{self.target.code} {self.month:%Y-%m}: {self.value}"


class TargetMunicipality(models.Model):
    """A counting target's value by house and municipality over the whole period."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    house = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(_("value"), **VALUE)
    pending = models.DecimalField(_("pending"), **VALUE)

    class Meta:
        indexes = [models.Index(fields=["target", "house", "municipality"])]

    def __str__(self):
        return f"{self.target.code} {self.municipality_id}: {self.value}"


class TargetProgress(models.Model):
    """A target's current value, share, status and points, for one house or all."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="progress_rows")
    house = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, related_name="+")
    value = models.DecimalField(_("value"), null=True, max_digits=14, decimal_places=2)
    pending = models.DecimalField(_("pending"), **VALUE)
    percentage = models.DecimalField(_("percentage"), null=True, max_digits=9, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=Progress.choices)
    points = models.DecimalField(_("points"), **VALUE)
    max_points = models.DecimalField(_("of points"), **VALUE)
    done_on = models.DateField(_("done on"), null=True)

    class Meta:
        ordering = ["target", "house"]
        indexes = [models.Index(fields=["target", "house"])]

    def __str__(self):
        return f"{self.target.code}: {self.value} ({self.status})"


class MunicipalityActivity(models.Model):
    """Approved and pending activities by house and municipality: the Municipalities page.

    Every activity of the agreement counts here, whatever targets count its type, by
    the house that delivered it and the municipality where it took place. Only cells
    with something in them have a row; a missing row reads as none.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    house = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    activities = models.PositiveIntegerField(_("activities"), default=0)
    pending = models.PositiveIntegerField(_("pending"), default=0)

    class Meta:
        indexes = [models.Index(fields=["agreement", "house", "municipality"])]

    def __str__(self):
        return f"{self.municipality_id}: {self.activities} ({self.pending} pending)"


class Recount(models.Model):
    """What a change asks the roll-ups to recount, written in the change's own transaction.

    A drain (reporting.rollups.services.rollup_drain) takes every record of the agreement
    there is, recounts once for all of them, and deletes them, in one transaction: a drain
    that dies leaves them for the next. See core.rollup_queue.
    """

    class Scope(models.TextChoices):
        CELLS = rollup_queue.CELLS
        PROGRESS = rollup_queue.PROGRESS
        FULL = rollup_queue.FULL

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    # For CELLS: the keys of reporting.rollups.services.activity_key, before and after.
    keys = models.JSONField(default=list)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["agreement", "id"])]

    def __str__(self):
        return f"{self.agreement_id}: {self.scope} ({len(self.keys)} keys)"
