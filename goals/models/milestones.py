"""Milestone completions: a milestone target reached by one house, or jointly by both."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.models import Organisation
from core.models import VersionedModel
from goals.models.inputs import house_errors, today_errors
from goals.models.structure import Target


def own_or_joint(houses) -> models.Q:
    """Return the condition on completions (or their history) that count for the houses:
    their own and the joint ones.
    """
    return models.Q(house__in=houses) | models.Q(house__isnull=True)


class MilestoneCompletionQuerySet(models.QuerySet):
    def for_houses(self, houses):
        """Filter to the completions that count for the houses: their own and the joint ones."""
        return self.filter(own_or_joint(houses))


class MilestoneCompletion(VersionedModel):
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

    objects = MilestoneCompletionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=VersionedModel.HISTORY_EXCLUDED)

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
                errors.update(house_errors(self.house, self.target.agreement))
            if self.target.house_id is not None and self.house_id != self.target.house_id:
                errors["house"] = _("This target is %(house)s's alone.") % {
                    "house": self.target.house.name
                }
            if self.done_on is not None and (error := self.date_error()):
                errors["done_on"] = error
        if self.done_on is not None:
            errors.update(today_errors(self.done_on, "done_on"))
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
