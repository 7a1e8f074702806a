from django.urls import path

from reporting.activities.views import activities, firms
from reporting.dashboards import views as dashboards
from reporting.erp_import import views as imports
from reporting.notices import views as notices
from reporting.status_report import views as status_reports
from reporting.workbook import views as workbook
from reporting.years import views as years

app_name = "reporting"

urlpatterns = [
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/new/", activities.activity_create, name="activity_create"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.activity_update, name="activity_update"),
    path("activities/<int:pk>/submit/", activities.activity_submit, name="activity_submit"),
    path("activities/<int:pk>/approve/", activities.activity_approve, name="activity_approve"),
    path("activities/<int:pk>/return/", activities.activity_return, name="activity_return"),
    path("activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/restore/", activities.activity_restore, name="activity_restore"),
    path(
        "activities/<int:pk>/evidence/<int:evidence_pk>/",
        activities.evidence_download,
        name="evidence_download",
    ),
    path(
        "activities/<int:pk>/evidence/<int:evidence_pk>/remove/",
        activities.evidence_remove,
        name="evidence_remove",
    ),
    path("imports/", imports.import_upload, name="import_upload"),
    path("imports/template/", imports.import_template, name="import_template"),
    path("imports/<int:pk>/", imports.import_preview, name="import_preview"),
    path("imports/<int:pk>/mapping/", imports.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/status/", imports.import_status, name="import_status"),
    path("imports/<int:pk>/errors.csv", imports.import_errors_csv, name="import_errors_csv"),
    path("imports/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("dashboard/", dashboards.overview_current, name="overview_current"),
    path("agreements/<int:year>/dashboard/", dashboards.overview, name="overview"),
    path(
        "agreements/<int:year>/dashboard/goals/<str:goal_code>/",
        dashboards.goal,
        name="goal_dashboard",
    ),
    path(
        "agreements/<int:year>/dashboard/municipalities/",
        dashboards.municipalities,
        name="municipality_dashboard",
    ),
    path("agreements/<int:year>/dashboard/houses/", dashboards.houses, name="house_dashboard"),
    path("agreements/<int:year>/workbook/", workbook.workbook, name="workbook"),
    path("years/choose/", years.choose_year, name="choose_year"),
    path("agreements/<int:year>/activate/", years.agreement_activate, name="agreement_activate"),
    path("agreements/<int:year>/close/", years.agreement_close, name="agreement_close"),
    path("agreements/<int:year>/reopen/", years.agreement_reopen, name="agreement_reopen"),
    path("workbooks/<int:pk>/", workbook.workbook_detail, name="workbook_detail"),
    path("workbooks/<int:pk>/status/", workbook.workbook_status, name="workbook_status"),
    path("workbooks/<int:pk>/download/", workbook.workbook_download, name="workbook_download"),
    path(
        "agreements/<int:year>/status-report/",
        status_reports.status_report,
        name="status_report",
    ),
    path(
        "status-reports/<int:pk>/",
        status_reports.status_report_detail,
        name="status_report_detail",
    ),
    path(
        "status-reports/<int:pk>/status/",
        status_reports.status_report_status,
        name="status_report_status",
    ),
    path(
        "status-reports/<int:pk>/download/",
        status_reports.status_report_download,
        name="status_report_download",
    ),
    path("notices/", notices.notice_list, name="notice_list"),
    path("notices/read/", notices.notices_read_all, name="notices_read_all"),
    path("notices/settings/", notices.notice_settings, name="notice_settings"),
    path("notices/<int:pk>/read/", notices.notice_read, name="notice_read"),
    path("firms/search/", firms.firm_search, name="firm_search"),
    path("firms/contacts/", firms.firm_contacts, name="firm_contacts"),
    path("firms/<str:cvr>/", firms.firm_detail, name="firm_detail"),
    path("firms/<str:cvr>/edit/", firms.firm_update, name="firm_update"),
]
