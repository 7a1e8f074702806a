from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from agreement import views as agreement_views
from core import views as core_views
from reporting.queues import views as queue_views

admin.site.site_header = admin.site.site_title = "Regional aftale"

urlpatterns = [
    path("", queue_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/profile/", agreement_views.profile, name="profile"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("agreements/", include("goals.urls")),
    path("", include("reporting.urls")),
    path("api/v1/", include("reporting.api.urls")),
    path("admin/", admin.site.urls),
]
