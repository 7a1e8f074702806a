"""Notices: what the portal tells a user of their work, in the portal and by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreement.models import Organisation
from goals.models import Target


class Notice(models.Model):
    """One notice to one user; the kind and key name what it is about, so that a task that
    runs twice makes it once."""

    class Kind(models.TextChoices):
        ACTIVITY_RETURNED = "activity_returned", _("An activity of mine is returned")
        APPROVALS_WAITING = "approvals_waiting", _("Activities wait for my approval (daily)")
        STATUS_TEXT_DUE = "status_text_due", _("Status texts are due")
        TARGETS_AT_RISK = "targets_at_risk", _("Targets moved to at risk or behind (weekly)")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=100)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="notice_once_per_subject"
            )
        ]

    def __str__(self):
        return self.subject


class NoticeSettings(models.Model):
    """Which kinds of notice a user gets, and in which language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notice_settings",
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    activity_returned = models.BooleanField(Notice.Kind.ACTIVITY_RETURNED.label, default=True)
    approvals_waiting = models.BooleanField(Notice.Kind.APPROVALS_WAITING.label, default=True)
    status_text_due = models.BooleanField(Notice.Kind.STATUS_TEXT_DUE.label, default=True)
    targets_at_risk = models.BooleanField(Notice.Kind.TARGETS_AT_RISK.label, default=True)

    class Meta:
        verbose_name = _("notice settings")
        verbose_name_plural = _("notice settings")

    def __str__(self):
        return str(self.user)

    def wants(self, kind) -> bool:
        return getattr(self, kind)


class TargetStatusSeen(models.Model):
    """The status a target had, for a house or both, when the weekly digest last looked:
    the digest tells of the targets that moved to at risk or behind since."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    house = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=20)
    seen_on = models.DateField(_("seen on"))

    class Meta:
        indexes = [models.Index(fields=["target", "house"])]

    def __str__(self):
        return f"{self.target_id}/{self.house_id}: {self.status}"
