"""The agreement's goals and targets, and the kinds of activity the targets count."""

from concurrency.fields import IntegerVersionField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.models import Agreement, FocusArea, Organisation
from goals.numbering import goal_label


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


class GoalQuerySet(models.QuerySet):
    def concerning(self, house):
        """Return the goals that concern the growth house: all but those whose targets (their
        own and their sub-goals') are all for other houses. A goal with no targets concerns
        every house; every goal concerns all houses together (house None).
        """
        if house is None:
            return self
        under = Target.objects.filter(Q(goal=OuterRef("pk")) | Q(goal__parent=OuterRef("pk")))
        return self.exclude(Exists(under) & ~Exists(under.concerning(house)))


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

    objects = GoalQuerySet.as_manager()

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

    @property
    def label(self) -> str:
        """Return the goal in the agreement's own numbering, "a) 4a" (select its focus area)."""
        return goal_label(self.focus_area.code, self.number)

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Sub-goals go one level deep.")})
        if self.parent.focus_area_id != self.focus_area_id:
            raise ValidationError({"parent": _("A sub-goal belongs to its parent's focus area.")})


class TargetQuerySet(models.QuerySet):
    def concerning(self, house):
        """Return the targets that concern the growth house, as Target.concerns says."""
        if house is None:
            return self
        return self.filter(Q(house=None) | Q(house=house))


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
    revision_comment = models.TextField(
        _("comment from the revision"),
        blank=True,
        help_text=_("What the KKRs wrote about this target when they revised last year's."),
    )
    version = IntegerVersionField(_("version"))

    history = HistoricalRecords(m2m_fields=[activity_types], excluded_fields=["version"])

    objects = TargetQuerySet.as_manager()

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

    def concerns(self, house) -> bool:
        """Return whether the target concerns the growth house: it is for the whole agreement
        or for that house. Every target concerns all houses together (house None). The same
        rule as TargetQuerySet.concerning.
        """
        return house is None or self.house_id in (None, house.pk)
