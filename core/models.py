"""Abstract model pieces shared by the apps' models; core itself has no tables."""

from concurrency.fields import IntegerVersionField
from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """A record people change: when it was made and last changed, and its version.

    A change is saved on top of the version its author saw (core.versioning); the
    history leaves out what every save changes anyway (HISTORY_EXCLUDED).
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = IntegerVersionField(_("version"))

    HISTORY_EXCLUDED = ["version", "updated_at"]

    class Meta:
        abstract = True
