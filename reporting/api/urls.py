from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from reporting.api import views

app_name = "api"

YEAR = "agreements/<int:year>/"


class ReferenceView(SpectacularSwaggerSplitView):
    """The interactive reference: its assets served by the portal (drf-spectacular-sidecar), its
    script from a URL of its own and no inline style, as the portal's CSP asks."""

    template_name = "api/reference.html"


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("reference/", ReferenceView.as_view(url_name="api:schema"), name="reference"),
    path("agreements/", views.AgreementList.as_view(), name="agreement_list"),
    path(YEAR, views.AgreementDetail.as_view(), name="agreement_detail"),
    path(YEAR + "targets/", views.TargetList.as_view(), name="target_list"),
    path(YEAR + "progress/", views.ProgressList.as_view(), name="progress_list"),
    path(YEAR + "score/", views.ScoreList.as_view(), name="score"),
    path(YEAR + "months/", views.MonthList.as_view(), name="month_list"),
    path(YEAR + "municipalities/", views.MunicipalityList.as_view(), name="municipality_list"),
    path(YEAR + "activities/", views.ActivityList.as_view(), name="activity_list"),
]
