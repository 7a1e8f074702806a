from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        # Register each concern's Celery tasks, which other apps set off by name (core.tasks).
        # Changes in lower layers (goals) record their roll-ups through core, by this.
        from core import rollup_queue
        from reporting.activities import tasks as activity_tasks  # noqa: F401
        from reporting.erp_import import tasks as import_tasks  # noqa: F401
        from reporting.housekeeping import tasks as housekeeping_tasks  # noqa: F401
        from reporting.notices import tasks as notice_tasks  # noqa: F401
        from reporting.rollups import services as rollup_services
        from reporting.rollups import tasks as rollup_tasks  # noqa: F401
        from reporting.status_report import tasks as status_report_tasks  # noqa: F401
        from reporting.workbook import tasks as workbook_tasks  # noqa: F401

        rollup_queue.record_with(rollup_services.record)
