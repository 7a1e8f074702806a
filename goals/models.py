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
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.models import Agreement, FocusArea, Organisation


class ActivityType(models.Model):
    """A kind of activity that staff log and targets count, e.g. a growth mapping."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_da = models.CharField(_("Danish name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    counts_firms = models.BooleanField(
        _("with one firm"),
        default=False,
        help_text=_("Each activity of this type is with one firm, known by its CVR number."),
    )

    class Meta:
        ordering = ["name_da"]
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if get_language() == "en" else self.name_da


class Goal(models.Model):
    """A goal of a focus area, in the agreement's own numbering; sub-goals have a parent."""

    focus_area = models.ForeignKey(
        FocusArea, verbose_name=_("focus area"), on_delete=models.CASCADE, related_name="goals"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent goal"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subgoals",
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("A stable identifier, e.g. a.4a.")
    )
    number = models.CharField(
        _("number"),
        max_length=10,
        blank=True,
        help_text=_("The agreement's own numbering, e.g. 4a or a)."),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("goal"), blank=True)
    effect = models.TextField(_("effect"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("The goal's place in the whole agreement.")
    )
    version = IntegerVersionField(_("version"))

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["focus_area", "position"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(
                fields=["focus_area", "code"], name="goal_code_unique_in_focus_area"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Sub-goals go one level deep.")})
        if self.parent.focus_area_id != self.focus_area_id:
            raise ValidationError({"parent": _("A sub-goal belongs to its parent's focus area.")})


class TargetQuerySet(models.QuerySet):
    def national(self):
        return self.filter(goal__isnull=True)


class Target(models.Model):
    """What the agreement measures, with its threshold: met at *at least* the threshold."""

    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        DISTINCT_FIRMS = "distinct_firms", _("Distinct firms")
        SUBSET = "subset", _("Of which")
        MILESTONE = "milestone", _("Milestone")
        EFFECT = "effect", _("Effect (%)")
        QUALITATIVE = "qualitative", _("Qualitative")

    class Condition(models.TextChoices):
        DELIVERED_IN_OTHER_HOUSE = "delivered_in_other_house", _("Delivered in the other house")

    # Which kinds take a threshold and activity types (see agreement/data/FORMAT.md).
    COUNTING_KINDS = {Kind.COUNT, Kind.DISTINCT_FIRMS, Kind.SUBSET}
    FIRM_KINDS = {Kind.DISTINCT_FIRMS, Kind.SUBSET}
    THRESHOLD_KINDS = COUNTING_KINDS | {Kind.EFFECT}

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="targets"
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        help_text=_("Empty for a national target of the whole agreement."),
    )
    code = models.CharField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    threshold = models.DecimalField(
        _("at least"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    activity_types = models.ManyToManyField(
        ActivityType, verbose_name=_("activity types"), related_name="targets", blank=True
    )
    goal_activities_only = models.BooleanField(
        _("only activities linked to the goal"), default=False
    )
    sum_quantity = models.BooleanField(_("sum the quantity"), default=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("subset of"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="subsets",
    )
    condition = models.CharField(
        _("condition"), max_length=40, choices=Condition.choices, blank=True
    )
    house = models.ForeignKey(
        Organisation,
        verbose_name=_("growth house"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.GROWTH_HOUSE},
        help_text=_("Empty when the target is for the whole agreement."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0.01)],
    )
    scored = models.BooleanField(
        _("in the score"),
        default=True,
        help_text=_("Off for a target the agreement only quotes, such as a national one."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = IntegerVersionField(_("version"))

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[activity_types], excluded_fields=["version"])

    class Meta:
        ordering = ["agreement", "goal", "position"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "code"], name="target_code_unique_in_agreement"
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        errors = {}
        if self.kind == self.Kind.SUBSET and self.parent_id is None:
            errors["parent"] = _("An of-which target names the target it is a subset of.")
        if self.kind != self.Kind.SUBSET and self.parent_id is not None:
            errors["parent"] = _("Only an of-which target is a subset of another.")
        if self.threshold is not None and self.kind not in self.THRESHOLD_KINDS:
            errors["threshold"] = _("This kind of target has no threshold.")
        if self.kind == self.Kind.EFFECT and self.threshold is not None and self.threshold > 100:
            errors["threshold"] = _("A percentage is at most 100.")
        if self.sum_quantity and self.kind != self.Kind.COUNT:
            errors["sum_quantity"] = _("Only a count can sum the quantity.")
        if self.house_id is not None and self.house.kind != Organisation.Kind.GROWTH_HOUSE:
            errors["house"] = _("Choose a growth house.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_counting(self):
        return self.kind in self.COUNTING_KINDS


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


class EffectMeasurementQuerySet(models.QuerySet):
    def for_houses(self, houses):
        return self.filter(house__in=houses)

    def latest_per_house(self, target):
        """Return the measurement that counts for each house: the latest by date, then entry."""
        latest = (
            self.model.objects.filter(target=target, house=models.OuterRef("house"))
            .order_by("-measured_on", "-pk")
            .values("pk")[:1]
        )
        return self.filter(target=target, pk=models.Subquery(latest))


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
        ordering = ["target_id", "house_id", "-measured_on", "-pk"]
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

    @property
    def is_joint(self):
        return self.house_id is None
