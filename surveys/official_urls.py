"""The "Is this official?" check, at /is-it-official/ (beside the report pages)."""

from django.urls import path

from surveys import views

app_name = "official"
urlpatterns = [
    path("", views.official_check, name="check"),
    path("report/", views.official_report, name="report"),
]
