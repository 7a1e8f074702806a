"""Status texts: a growth house's quarterly narrative on a goal, with its traffic light."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.models import Organisation
from core.models import VersionedModel
from goals.models.inputs import Progress, house_errors
from goals.models.structure import Goal


class StatusTextQuerySet(models.QuerySet):
    def for_houses(self, houses):
        return self.filter(house__in=houses)

    def in_agreement(self, agreement):
        return self.filter(goal__focus_area__agreement=agreement)

    def previous(self, goal, house, quarter):
        """Return the house's latest text on the goal before the quarter, or None."""
        return (
            self.filter(goal=goal, house=house, quarter__lt=quarter)
            .select_related("author", "goal__focus_area__agreement")
            .order_by("-quarter")
            .first()
        )


class StatusText(VersionedModel):
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
    # The agreement's year, whose period may run on into the next calendar year; the
    # quarter is counted from the period's first day (core.periods).
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=20, choices=Progress.choices)
    text = models.TextField(_("status text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = StatusTextQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=VersionedModel.HISTORY_EXCLUDED)

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
        return f"{self.goal.code} {self.quarter_label}"

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
            last_quarter = len(agreement.quarters())
            if self.quarter is not None and self.quarter > last_quarter:
                errors["quarter"] = _("The agreement's period has quarters 1 to %(last)s.") % {
                    "last": last_quarter
                }
            if self.goal.subgoals.exists():
                errors["goal"] = _("Write the status of each sub-goal; this goal has sub-goals.")
            if self.house_id is not None:
                errors.update(house_errors(self.house, agreement))
        if not self.text.strip():
            errors["text"] = _("Write the status text.")
        if errors:
            raise ValidationError(errors)

    @property
    def quarter_label(self) -> str:
        """Return the quarter of the agreement's period with its months, as pages show it."""
        return self.goal.focus_area.agreement.quarter(self.quarter).label
