from django.urls import path

from . import views

app_name = "goals"

urlpatterns = [
    path("<int:year>/", views.agreement_detail, name="agreement_detail"),
]
