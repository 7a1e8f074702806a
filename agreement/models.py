from datetime import date as Date

from concurrency.fields import IntegerVersionField
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import periods


class OrganisationQuerySet(models.QuerySet):
    def growth_houses(self):
        return self.filter(kind=Organisation.Kind.GROWTH_HOUSE)


class Organisation(models.Model):
    """A party to the agreement or a partner named in it."""

    class Kind(models.TextChoices):
        GROWTH_HOUSE = "growth_house", _("Growth house")
        KKR = "kkr", _("KKR")
        REGION = "region", _("Region")
        PARTNER = "partner", _("Partner")

    key = models.SlugField(_("key"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Kind.REGION},
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def clean(self):
        needs_region = self.kind in (self.Kind.GROWTH_HOUSE, self.Kind.KKR)
        if needs_region and self.region_id is None:
            raise ValidationError({"region": _("A growth house or KKR belongs to a region.")})
        if self.region_id is not None and self.region.kind != self.Kind.REGION:
            raise ValidationError({"region": _("Choose an organisation of the kind region.")})

    @property
    def label(self):
        return self.short_name or self.name


class Municipality(models.Model):
    code = models.PositiveSmallIntegerField(
        _("municipality code"),
        unique=True,
        validators=[MinValueValidator(101), MaxValueValidator(999)],
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    kkr = models.ForeignKey(
        Organisation,
        verbose_name=_("KKR"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        limit_choices_to={"kind": Organisation.Kind.KKR},
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name

    def clean(self):
        if self.kkr_id is not None and self.kkr.kind != Organisation.Kind.KKR:
            raise ValidationError({"kkr": _("Choose an organisation of the kind KKR.")})


class AgreementQuerySet(models.QuerySet):
    def activated(self):
        """Return the agreements everyone sees: all but drafts."""
        return self.exclude(status=Agreement.Status.DRAFT)

    def open_for_entries(self, today: Date | None = None):
        """Return the agreements that take entries today: active ones, and closing ones
        until their deadline for late entries."""
        today = today or timezone.localdate()
        return self.filter(
            models.Q(status=Agreement.Status.ACTIVE)
            | models.Q(status=Agreement.Status.CLOSING, entries_close_on__gte=today)
        )

    def current(self):
        """Return the agreement shown where none is chosen: the newest active one, else the
        newest of the others that are no draft, else the newest draft."""
        return (
            self.filter(status=Agreement.Status.ACTIVE).order_by("-year").first()
            or self.activated().order_by("-year").first()
            or self.order_by("-year").first()
        )


class Agreement(models.Model):
    """One year's agreement. Its life: a draft (seen by administrators only) is activated;
    once its period is over it is closing, taking late entries and approvals until a
    deadline; then it is closed and refuses every write until an administrator reopens it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSING = "closing", _("Closing")
        CLOSED = "closed", _("Closed")

    class Change(models.TextChoices):
        """Why a history entry was made (kept as its change reason)."""

        ACTIVATED = "activated", _("Activated")
        CLOSING = "closing", _("Closing for late entries")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    entries_close_on = models.DateField(
        _("deadline for late entries"),
        null=True,
        blank=True,
        help_text=_("While the agreement is closing: the last day of late entries and approvals."),
    )
    reopen_reason = models.TextField(
        _("reason for reopening"),
        blank=True,
        help_text=_("Why an administrator last reopened the closed agreement."),
    )
    continues = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
    )
    description = models.TextField(_("description"), blank=True)
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parties"), related_name="agreements", blank=True
    )

    version = IntegerVersionField(_("version"))

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[parties], excluded_fields=["version"])

    class Meta:
        ordering = ["-year"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lt=models.F("period_end")),
                name="agreement_period_start_before_end",
                violation_error_message=_("The period must start before it ends."),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closing") | models.Q(entries_close_on__isnull=False),
                name="agreement_closing_has_deadline",
                violation_error_message=_("A closing agreement needs a deadline for late entries."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("goals:agreement_detail", kwargs={"year": self.year})

    def growth_houses(self) -> list["Organisation"]:
        """Return the growth houses that are parties to the agreement, by name."""
        return list(self.parties.growth_houses().order_by("name"))

    def holds(self, day: Date) -> bool:
        return self.period_start <= day <= self.period_end

    @property
    def state(self) -> str:
        """Return the status as it stands today: a closing agreement past its deadline is closed."""
        if self.status == self.Status.CLOSING and not self.takes_entries():
            return self.Status.CLOSED
        return self.status

    def get_state_display(self) -> str:
        return self.Status(self.state).label

    def takes_entries(self, today: Date | None = None) -> bool:
        """Return whether activities, evidence, imports and progress inputs may be written."""
        if self.status == self.Status.ACTIVE:
            return True
        today = today or timezone.localdate()
        return (
            self.status == self.Status.CLOSING
            and self.entries_close_on is not None
            and today <= self.entries_close_on
        )

    def refusal(self) -> str:
        """Return why the agreement takes no entries, as the user is told."""
        values = {"title": self.title}
        if self.status == self.Status.DRAFT:
            return (
                _(
                    "%(title)s is not active yet: nothing can be logged in it before an "
                    "administrator activates it."
                )
                % values
            )
        if self.entries_close_on is not None:
            values["date"] = date_format(self.entries_close_on, "j. F Y")
            return (
                _(
                    "%(title)s is closed: the deadline for late entries was %(date)s, so nothing "
                    "can be logged or changed in it any more."
                )
                % values
            )
        return _("%(title)s is closed: nothing can be logged or changed in it any more.") % values

    def check_takes_entries(self) -> None:
        """Refuse a write to an agreement that takes no entries, saying why."""
        if not self.takes_entries():
            raise ValidationError(self.refusal(), code="closed")

    def months(self) -> list[Date]:
        """Return the first day of each month of the period."""
        return periods.months(self.period_start, self.period_end)

    def quarters(self) -> list[periods.Quarter]:
        """Return the quarters of the period, counted from its first day, not the calendar's."""
        return periods.quarters(self.period_start, self.period_end)

    def quarter(self, number: int) -> periods.Quarter:
        """Return the period's quarter with the number, counted from 1."""
        return periods.quarter(self.period_start, self.period_end, number)

    def clean(self):
        if self.continues_id is not None and self.continues.year >= self.year:
            raise ValidationError(
                {"continues": _("An agreement can only continue an earlier year's agreement.")}
            )


class FocusArea(models.Model):
    """One of the agreement's focus areas (indsatsområder): a, b, c."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="focus_areas",
    )
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["agreement", "position", "code"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "code"], name="focus_area_code_unique_in_agreement"
            ),
        ]

    def __str__(self):
        return f"{self.code}) {self.title}"


class ReferenceFigure(models.Model):
    """A national figure the agreement quotes for context, such as the social return."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="reference_figures",
    )
    key = models.SlugField(_("key"), max_length=60)
    text = models.TextField(_("text"))
    value = models.CharField(_("value"), max_length=50)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["agreement", "position"]
        verbose_name = _("reference figure")
        verbose_name_plural = _("reference figures")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "key"], name="reference_figure_key_unique_in_agreement"
            ),
        ]

    def __str__(self):
        return f"{self.value} {self.unit}".strip()


class PortalUserManager(UserManager):
    """Users come with their organisation: every page shows it and asks it for access."""

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")


class User(AbstractUser):
    """A person who signs in; each belongs to one organisation in one role."""

    class Role(models.TextChoices):
        STAFF = "staff", _("Growth house staff")
        MANAGER = "manager", _("Growth house manager")
        REVIEWER = "reviewer", _("KKR reviewer")
        ADMINISTRATOR = "administrator", _("Administrator")

    # Which kind of organisation each role works for.
    ROLE_ORGANISATION_KIND = {
        Role.STAFF: Organisation.Kind.GROWTH_HOUSE,
        Role.MANAGER: Organisation.Kind.GROWTH_HOUSE,
        Role.REVIEWER: Organisation.Kind.KKR,
    }

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    chosen_year = models.PositiveSmallIntegerField(
        _("chosen agreement year"),
        null=True,
        blank=True,
        help_text=_("The year the user last chose; pages without a year show it."),
    )

    objects = PortalUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self):
        super().clean()
        kind = self.ROLE_ORGANISATION_KIND.get(self.role)
        if kind is None:
            return
        if self.organisation_id is None or self.organisation.kind != kind:
            raise ValidationError(
                {
                    "organisation": _(
                        "The role %(role)s needs an organisation of the kind %(kind)s."
                    )
                    % {"role": self.get_role_display(), "kind": Organisation.Kind(kind).label}
                }
            )
