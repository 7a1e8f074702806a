from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        # Register each concern's Celery tasks, which other apps set off by name (core.tasks).
        from reporting.rollups import tasks as rollup_tasks  # noqa: F401
        from reporting.status_report import tasks as status_report_tasks  # noqa: F401
        from reporting.workbook import tasks as workbook_tasks  # noqa: F401
