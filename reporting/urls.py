from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_update, name="activity_update"),
    path("activities/<int:pk>/submit/", views.activity_submit, name="activity_submit"),
    path("activities/<int:pk>/approve/", views.activity_approve, name="activity_approve"),
    path("activities/<int:pk>/return/", views.activity_return, name="activity_return"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/restore/", views.activity_restore, name="activity_restore"),
    path(
        "activities/<int:pk>/evidence/<int:evidence_pk>/",
        views.evidence_download,
        name="evidence_download",
    ),
    path(
        "activities/<int:pk>/evidence/<int:evidence_pk>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("firms/search/", views.firm_search, name="firm_search"),
    path("firms/contacts/", views.firm_contacts, name="firm_contacts"),
    path("firms/<str:cvr>/", views.firm_detail, name="firm_detail"),
    path("firms/<str:cvr>/edit/", views.firm_update, name="firm_update"),
]
