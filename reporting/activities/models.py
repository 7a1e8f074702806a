import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agreement.models import Agreement, Municipality, Organisation
from core.models import VersionedModel
from goals.models import ActivityType, Goal, Target

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def validate_cvr(value):
    """Accept an 8-digit CVR number whose modulus-11 check holds."""
    if not (len(value) == 8 and value.isascii() and value.isdigit()):
        raise ValidationError(_("A CVR number is 8 digits."), code="cvr_format")
    if value[0] == "0":
        raise ValidationError(_("A CVR number does not start with 0."), code="cvr_format")
    if sum(int(digit) * weight for digit, weight in zip(value, CVR_WEIGHTS, strict=True)) % 11:
        raise ValidationError(
            _("%(cvr)s is not a valid CVR number: the check digit does not match."),
            code="cvr_check",
            params={"cvr": value},
        )


def complete_cvr(first_seven: str) -> str | None:
    """Return the CVR number that the check digit completes, or None if no digit can."""
    check = (
        -sum(
            int(digit) * weight for digit, weight in zip(first_seven, CVR_WEIGHTS[:7], strict=True)
        )
        % 11
    )
    if first_seven.startswith("0") or check == 10:
        return None
    return f"{first_seven}{check}"


class Firm(VersionedModel):
    """A firm the growth houses work with, known by its CVR number."""

    cvr = models.CharField(
        _("CVR number"),
        max_length=8,
        unique=True,
        validators=[validate_cvr],
        error_messages={"unique": _("A firm with this CVR number already exists.")},
    )
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="firms",
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)

    history = HistoricalRecords(excluded_fields=VersionedModel.HISTORY_EXCLUDED)

    class Meta:
        ordering = ["name"]
        verbose_name = _("firm")
        verbose_name_plural = _("firms")

    def __str__(self):
        return f"{self.name} ({self.cvr})"

    def get_absolute_url(self):
        return reverse("reporting:firm_detail", kwargs={"cvr": self.cvr})


class ActivityQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def for_house(self, house):
        return self.filter(house=house)

    def in_agreement(self, agreement):
        return self.filter(agreement=agreement)

    def shared(self):
        """Return what every role may read: submitted and approved activities."""
        return self.filter(status__in=Activity.SHARED_STATUSES)

    def approved(self):
        return self.filter(status=Activity.Status.APPROVED)

    def counted_by(self, target: Target):
        """Return the activities a counting target counts, whatever their status."""
        activities = self.filter(
            agreement_id=target.agreement_id,
            activity_type__in=target.activity_types.all(),
        )
        if target.goal_activities_only and target.goal_id is not None:
            activities = activities.filter(goals=target.goal_id)
        if target.house_id is not None:
            activities = activities.filter(house_id=target.house_id)
        if target.condition == Target.Condition.DELIVERED_IN_OTHER_HOUSE:
            activities = activities.filter(delivered_in__isnull=False).exclude(
                delivered_in=models.F("house")
            )
        return activities


# Held here so that a save and its goals make one history entry (see services).
ACTIVITY_HISTORY = HistoricalRecords(
    m2m_fields=["goals"], excluded_fields=VersionedModel.HISTORY_EXCLUDED
)


class Activity(VersionedModel):
    """Something a growth house did that the agreement's targets may count."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    class Change(models.TextChoices):
        """Why a history entry was made, beyond a plain edit (kept as its change reason)."""

        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")
        DELETED = "deleted", _("Deleted")
        RESTORED = "restored", _("Restored")
        IMPORTED = "imported", _("Imported")

    # What reviewers of both houses may read; drafts and returned entries stay in the house.
    SHARED_STATUSES = (Status.SUBMITTED, Status.APPROVED)

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="+"
    )
    house = models.ForeignKey(
        Organisation,
        verbose_name=_("growth house"),
        on_delete=models.PROTECT,
        related_name="activities",
        limit_choices_to={"kind": Organisation.Kind.GROWTH_HOUSE},
    )
    delivered_in = models.ForeignKey(
        Organisation,
        verbose_name=_("delivered in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.GROWTH_HOUSE},
        help_text=_("For work delivered in the other growth house's region."),
    )
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("activity type"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    goals = models.ManyToManyField(Goal, verbose_name=_("goals"), related_name="+", blank=True)
    firm = models.ForeignKey(
        Firm,
        verbose_name=_("firm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        default=1,
        validators=[
            MinValueValidator(Decimal("0.01"), message=_("The quantity must be more than 0."))
        ],
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    erp_id = models.CharField(
        _("ERP record id"),
        max_length=100,
        blank=True,
        help_text=_("The record's id in the shared ERP system, for activities imported from it."),
    )
    import_batch = models.ForeignKey(
        "ImportBatch",
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    # The one-time key of the form that created the activity: the same form posted again
    # (a double click, a retried request) answers with this activity instead of a second one.
    form_key = models.UUIDField(_("form key"), null=True, blank=True, editable=False)

    objects = ActivityQuerySet.as_manager()
    history = ACTIVITY_HISTORY

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["house", "date"]),
            models.Index(fields=["firm", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="activity_quantity_positive"
            ),
            models.UniqueConstraint(
                fields=["house", "erp_id"],
                condition=~models.Q(erp_id=""),
                name="activity_erp_id_unique_in_house",
            ),
            models.UniqueConstraint(fields=["form_key"], name="activity_form_key_unique"),
        ]

    def __str__(self):
        return f"{self.activity_type} {self.date:%d.%m.%Y}"

    def get_absolute_url(self):
        return reverse("reporting:activity_detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if date_error := self.date_error():
            errors["date"] = date_error
        if self.house_id and self.house.kind != Organisation.Kind.GROWTH_HOUSE:
            errors["house"] = _("Choose a growth house.")
        if self.delivered_in_id is not None:
            if self.delivered_in.kind != Organisation.Kind.GROWTH_HOUSE:
                errors["delivered_in"] = _("Choose a growth house.")
            elif self.delivered_in_id == self.house_id:
                errors["delivered_in"] = _(
                    "Leave this empty for work delivered in your own house's region."
                )
        if self.activity_type_id and self.activity_type.counts_firms and self.firm_id is None:
            errors["firm"] = _("A %(type)s is with a firm: give its CVR number.") % {
                "type": self.activity_type.name.lower()
            }
        if self.status == self.Status.RETURNED and not self.return_reason.strip():
            errors["return_reason"] = _("Say why the activity is returned.")
        if errors:
            raise ValidationError(errors)

    def date_error(self):
        """Return why the date is outside the agreement's period, or None."""
        agreement = self.agreement if self.agreement_id else None
        if agreement is None or self.date is None:
            return None
        if agreement.period_start <= self.date <= agreement.period_end:
            return None
        return _("The date must be within the agreement's period, %(start)s to %(end)s.") % {
            "start": date_format(agreement.period_start, "d.m.Y"),
            "end": date_format(agreement.period_end, "d.m.Y"),
        }

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_cross_house(self):
        return self.delivered_in_id is not None and self.delivered_in_id != self.house_id


def evidence_path(evidence, filename):
    # A random name: the uploader's file name is kept in the database, never used as a path.
    return f"evidence/{evidence.activity_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Evidence(models.Model):
    """A file or a link that documents an activity."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url=""))
                | (~models.Q(file="") & models.Q(url="")),
                name="evidence_is_file_or_link",
            ),
        ]

    def __str__(self):
        return self.file_name or self.url

    def get_absolute_url(self):
        if self.url:
            return self.url
        return reverse(
            "reporting:evidence_download",
            kwargs={"pk": self.activity_id, "evidence_pk": self.pk},
        )


def pending_upload_path(upload, filename):
    return f"pending/{upload.form_key}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class PendingUploadQuerySet(models.QuerySet):
    def of_form(self, *, user, form_key):
        return self.filter(owner=user, form_key=form_key)


class PendingUpload(models.Model):
    """A file sent with an activity form that was not saved yet (a field had an error).

    Kept for that form and its user, so that the user need not attach it again; it becomes
    evidence when the form is saved, and is removed after a day if it never is.
    """

    form_key = models.UUIDField(_("form key"), db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    file = models.FileField(_("file"), upload_to=pending_upload_path)
    file_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True, db_index=True)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")

    def __str__(self):
        return self.file_name
