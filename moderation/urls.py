from django.urls import path

from moderation import item_views, twofactor, views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/decision/", views.report_decision, name="report_decision"),
    path("bulk/", views.bulk_decision, name="bulk_decision"),
    path("log/", views.log, name="log"),
    path(
        "addresses/<int:address_id>/decision/",
        item_views.address_decision,
        name="address_decision",
    ),
    path("tips/<str:key>/decision/", item_views.tip_decision, name="tip_decision"),
    path(
        "recommendations/",
        item_views.recommendation_decision,
        name="recommendation_decision",
    ),
    path("scam-addresses/new/", item_views.scam_address_create, name="scam_address_create"),
    path("two-factor/", twofactor.two_factor, name="two_factor"),
    path("two-factor/setup/", twofactor.two_factor_setup, name="two_factor_setup"),
    path("two-factor/confirm/", twofactor.two_factor_confirm, name="two_factor_confirm"),
    path("two-factor/off/", twofactor.two_factor_off, name="two_factor_off"),
]
