from django.urls import path

from goals import views
from goals.revision import views as revision_views

app_name = "goals"

urlpatterns = [
    path("current/", views.agreement_current, name="agreement_current"),
    path("status/", views.status_current, name="status_current"),
    path("<int:year>/", views.agreement_detail, name="agreement_detail"),
    path("<int:year>/status/", views.status_overview, name="status_overview"),
    path(
        "<int:year>/status/<str:goal_code>/<int:quarter>/",
        views.status_text,
        name="status_text",
    ),
    path("<int:year>/effects/", views.effect_list, name="effect_list"),
    path(
        "<int:year>/effects/measurements/<int:pk>/",
        views.effect_detail,
        name="effect_detail",
    ),
    path(
        "<int:year>/effects/<str:target_code>/new/",
        views.effect_create,
        name="effect_create",
    ),
    path("<int:year>/milestones/", views.milestone_list, name="milestone_list"),
    path(
        "<int:year>/milestones/<str:target_code>/",
        views.milestone_detail,
        name="milestone_detail",
    ),
    path(
        "<int:year>/milestones/<str:target_code>/reopen/",
        views.milestone_reopen,
        name="milestone_reopen",
    ),
    path("<int:year>/revision/", revision_views.revision_upload, name="revision_upload"),
    path(
        "<int:year>/revision/uploads/<int:pk>/",
        revision_views.revision_upload_detail,
        name="revision_upload_detail",
    ),
    path(
        "<int:year>/revision/uploads/<int:pk>/status/",
        revision_views.revision_upload_status,
        name="revision_upload_status",
    ),
    path(
        "<int:year>/revision/<int:pk>/",
        revision_views.revision_preview,
        name="revision_preview",
    ),
    path(
        "<int:year>/revision/<int:pk>/confirm/",
        revision_views.revision_confirm,
        name="revision_confirm",
    ),
]
