from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = _("Goals")

    def ready(self):
        # Register the revision's Celery task, which the upload sets off by name (core.tasks).
        from goals.revision import tasks  # noqa: F401
