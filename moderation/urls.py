from django.urls import path

from moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/decision/", views.report_decision, name="report_decision"),
    path("bulk/", views.bulk_decision, name="bulk_decision"),
    path("log/", views.log, name="log"),
]
