"""Progress inputs: what a growth house reports beyond its activities."""

from calendar import monthrange
from decimal import Decimal

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.models import Organisation
from goals.models.structure import Goal, Target

# Progress inputs: what a growth house reports beyond its activities. Each row
# belongs to one house; its history keeps who wrote what and when.


class Progress(models.TextChoices):
    """The traffic light of a goal or target."""

    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")
    NOT_STARTED = "not_started", _("Not started")


QUARTERS = (1, 2, 3, 4)

# Effect surveys of a year's client firms are often made after the year ends, in
# time for the revision; a measurement may be dated this long after the period.
EFFECT_MEASUREMENT_MONTHS_AFTER = 6


def months_after(day, months):
    """Return the same day the given number of months later, or that month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def _house_errors(house, agreement):
    """Return why the organisation cannot report for the agreement, as a field error, or {}."""
    if house.kind != Organisation.Kind.GROWTH_HOUSE:
        return {"house": _("Choose a growth house.")}
    if not agreement.parties.filter(pk=house.pk).exists():
        return {
            "house": _("%(house)s is not a party to %(agreement)s.")
            % {"house": house.name, "agreement": agreement.title}
        }
    return {}


def _today_errors(day, field):
    if day > timezone.localdate():
        return {field: _("The date cannot be in the future.")}
    return {}


class StatusTextQuerySet(models.QuerySet):
    def for_houses(self, houses):
        return self.filter(house__in=houses)

    def in_agreement(self, agreement):
        return self.filter(goal__focus_area__agreement=agreement)

    def previous(self, goal, house, quarter):
        """Return the house's latest text on the goal before the quarter, or None."""
        return (
            self.filter(goal=goal, house=house, quarter__lt=quarter)
            .select_related("author")
            .order_by("-quarter")
            .first()
        )


class StatusText(models.Model):
    """A growth house's quarterly narrative on a goal, with its traffic light.

    Written by the house's manager, read by its staff and by the reviewers. A goal
    with sub-goals has none of its own: each sub-goal has its texts.
    """

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="status_texts"
    )
    house = models.ForeignKey(
        Organisation,
        verbose_name=_("growth house"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.GROWTH_HOUSE},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(_("status"), max_length=20, choices=Progress.choices)
    text = models.TextField(_("status text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = IntegerVersionField(_("version"))

    objects = StatusTextQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        ordering = ["year", "quarter", "house_id", "goal_id"]
        verbose_name = _("status text")
        verbose_name_plural = _("status texts")
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "house", "quarter"],
                name="status_text_unique_per_goal_house_quarter",
                violation_error_message=_(
                    "The house already has a status text on this goal for the quarter."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.goal.code} {format_quarter(self.quarter, self.year)}"

    def get_absolute_url(self):
        url = reverse(
            "goals:status_text",
            kwargs={"year": self.year, "goal_code": self.goal.code, "quarter": self.quarter},
        )
        return f"{url}?house={self.house.key}"

    def clean(self):
        errors = {}
        if self.goal_id is not None:
            agreement = self.goal.focus_area.agreement
            if self.year != agreement.year:
                errors["year"] = _("The year is the goal's agreement year, %(year)s.") % {
                    "year": agreement.year
                }
            if self.goal.subgoals.exists():
                errors["goal"] = _("Write the status of each sub-goal; this goal has sub-goals.")
            if self.house_id is not None:
                errors.update(_house_errors(self.house, agreement))
        if not self.text.strip():
            errors["text"] = _("Write the status text.")
        if errors:
            raise ValidationError(errors)

    @property
    def quarter_label(self):
        return format_quarter(self.quarter, self.year)


def format_quarter(quarter, year):
    return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


# Of a house's measurements of a target, the latest by date counts; of two on one day, the
# later entry.
LATEST_FIRST = ["-measured_on", "-pk"]


class EffectMeasurementQuerySet(models.QuerySet):
    def for_houses(self, houses):
        return self.filter(house__in=houses)

    def latest_first(self, *within):
        """Order the measurements latest first, after the given orderings."""
        return self.order_by(*within, *LATEST_FIRST)

    def latest_by_house(self):
        """Return {(target id, house id): measurement}: the measurement that counts for each."""
        latest = {}
        for measurement in self.latest_first():
            latest.setdefault((measurement.target_id, measurement.house_id), measurement)
        return latest


class EffectMeasurement(models.Model):
    """A measured share for an effect target: e.g. 132 of 410 surveyed client firms.

    A house measures as often as it likes; its latest measurement counts.
    """

    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        on_delete=models.CASCADE,
        related_name="effect_measurements",
        limit_choices_to={"kind": Target.Kind.EFFECT},
    )
    house = models.ForeignKey(
        Organisation,
        verbose_name=_("growth house"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.GROWTH_HOUSE},
    )
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(
        _("denominator"),
        validators=[MinValueValidator(1, message=_("The denominator must be at least 1."))],
    )
    source = models.CharField(_("source"), max_length=300)
    measured_on = models.DateField(_("measured on"))
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    version = IntegerVersionField(_("version"))

    objects = EffectMeasurementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["target_id", "house_id", *LATEST_FIRST]
        verbose_name = _("effect measurement")
        verbose_name_plural = _("effect measurements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(denominator__gt=0)
                & models.Q(numerator__lte=models.F("denominator")),
                name="effect_measurement_share_at_most_whole",
            ),
        ]

    def __str__(self):
        return f"{self.numerator}/{self.denominator} {self.measured_on:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse(
            "goals:effect_detail", kwargs={"year": self.target.agreement.year, "pk": self.pk}
        )

    def clean(self):
        errors = {}
        if self.target_id is not None:
            if self.target.kind != Target.Kind.EFFECT:
                errors["target"] = _("Only an effect target is measured.")
            if self.house_id is not None:
                errors.update(_house_errors(self.house, self.target.agreement))
                if self.target.house_id not in (None, self.house_id):
                    errors["house"] = _("This target is %(house)s's alone.") % {
                        "house": self.target.house.name
                    }
            if self.measured_on is not None and (error := self.date_error()):
                errors["measured_on"] = error
        if self.measured_on is not None:
            errors.update(_today_errors(self.measured_on, "measured_on"))
        if (
            self.numerator is not None
            and self.denominator is not None
            and self.numerator > self.denominator
        ):
            errors["numerator"] = _("The numerator cannot be larger than the denominator.")
        if not self.source.strip():
            errors["source"] = _("Say where the figures come from.")
        if errors:
            raise ValidationError(errors)

    def date_error(self):
        """Return why the date is outside the period a measurement may have, or None."""
        agreement = self.target.agreement
        last = months_after(agreement.period_end, EFFECT_MEASUREMENT_MONTHS_AFTER)
        if agreement.period_start <= self.measured_on <= last:
            return None
        return _(
            "The date must be within the agreement's period or up to six months after it, "
            "%(start)s to %(end)s."
        ) % {
            "start": date_format(agreement.period_start, "d.m.Y"),
            "end": date_format(last, "d.m.Y"),
        }

    @property
    def percentage(self):
        """Return the share in percent, unrounded."""
        return Decimal(self.numerator) * 100 / Decimal(self.denominator)


class MilestoneCompletionQuerySet(models.QuerySet):
    def for_houses(self, houses):
        """Filter to the completions that count for the houses: their own and the joint ones."""
        return self.filter(models.Q(house__in=houses) | models.Q(house__isnull=True))


class MilestoneCompletion(models.Model):
    """A milestone target reached: by one house, or (no house) by both houses jointly.

    Reopening deletes the completion; its history keeps it.
    """

    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        on_delete=models.CASCADE,
        related_name="milestone_completions",
        limit_choices_to={"kind": Target.Kind.MILESTONE},
    )
    house = models.ForeignKey(
        Organisation,
        verbose_name=_("growth house"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.GROWTH_HOUSE},
        help_text=_("Empty when both houses reached it jointly."),
    )
    done_on = models.DateField(_("done on"))
    evidence_url = models.URLField(
        _("evidence link"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    evidence_text = models.TextField(_("evidence"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    version = IntegerVersionField(_("version"))

    objects = MilestoneCompletionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["target_id", "house_id"]
        verbose_name = _("milestone completion")
        verbose_name_plural = _("milestone completions")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "house"],
                name="milestone_done_once_per_house",
                violation_error_message=_("The milestone is already marked as done."),
            ),
            models.UniqueConstraint(
                fields=["target"],
                condition=models.Q(house__isnull=True),
                name="milestone_done_once_jointly",
                violation_error_message=_("The milestone is already marked as done."),
            ),
            models.CheckConstraint(
                condition=~models.Q(evidence_url="") | ~models.Q(evidence_text=""),
                name="milestone_done_with_evidence",
                violation_error_message=_("Give a link to the evidence or describe it."),
            ),
        ]

    def __str__(self):
        return f"{self.target.code} {self.done_on:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse(
            "goals:milestone_detail",
            kwargs={"year": self.target.agreement.year, "target_code": self.target.code},
        )

    def clean(self):
        errors = {}
        if not (self.evidence_url.strip() or self.evidence_text.strip()):
            errors["evidence_url"] = _("Give a link to the evidence or describe it.")
        if self.target_id is not None:
            if self.target.kind != Target.Kind.MILESTONE:
                errors["target"] = _("Only a milestone target is marked as done.")
            else:
                errors.update(self._house_clash())
            if self.house_id is not None:
                errors.update(_house_errors(self.house, self.target.agreement))
            if self.target.house_id is not None and self.house_id != self.target.house_id:
                errors["house"] = _("This target is %(house)s's alone.") % {
                    "house": self.target.house.name
                }
            if self.done_on is not None and (error := self.date_error()):
                errors["done_on"] = error
        if self.done_on is not None:
            errors.update(_today_errors(self.done_on, "done_on"))
        if errors:
            raise ValidationError(errors)

    def _house_clash(self):
        """Refuse a joint completion beside a house's own, and the other way round."""
        others = MilestoneCompletion.objects.filter(target_id=self.target_id).exclude(pk=self.pk)
        if self.house_id is None:
            done_by = others.filter(house__isnull=False).select_related("house").first()
            if done_by is not None:
                return {
                    "house": _("%(house)s has marked the milestone as done; reopen that first.")
                    % {"house": done_by.house.name}
                }
        elif others.filter(house__isnull=True).exists():
            return {"house": _("The milestone is already marked as done jointly.")}
        return {}

    def date_error(self):
        agreement = self.target.agreement
        if agreement.period_start <= self.done_on <= agreement.period_end:
            return None
        return _("The date must be within the agreement's period, %(start)s to %(end)s.") % {
            "start": date_format(agreement.period_start, "d.m.Y"),
            "end": date_format(agreement.period_end, "d.m.Y"),
        }
