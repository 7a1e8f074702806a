"""Effect measurements: a house's measured share for an effect target, its latest counting."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.models import Organisation
from core.models import VersionedModel
from core.periods import add_months
from goals.models.inputs import house_errors, today_errors
from goals.models.structure import Target

# Effect surveys of a year's client firms are often made after the year ends, in
# time for the revision; a measurement may be dated this long after the period.
EFFECT_MEASUREMENT_MONTHS_AFTER = 6


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


class EffectMeasurement(VersionedModel):
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

    objects = EffectMeasurementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=VersionedModel.HISTORY_EXCLUDED)

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
                errors.update(house_errors(self.house, self.target.agreement))
                if not self.target.concerns(self.house):
                    errors["house"] = _("This target is %(house)s's alone.") % {
                        "house": self.target.house.name
                    }
            if self.measured_on is not None and (error := self.date_error()):
                errors["measured_on"] = error
        if self.measured_on is not None:
            errors.update(today_errors(self.measured_on, "measured_on"))
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
        last = add_months(agreement.period_end, EFFECT_MEASUREMENT_MONTHS_AFTER)
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
