from django.urls import path

from moderation.apis import BulkDecisionApi, DecisionApi, LogApi, QueueApi
from moderation.item_apis import (
    AddressDecisionApi,
    RecommendationDecisionApi,
    ScamAddressApi,
    TipDecisionApi,
)

urlpatterns = [
    path(
        "moderation/recommendations/",
        RecommendationDecisionApi.as_view(),
        name="moderation_recommendations",
    ),
    path("moderation/tips/<str:key>/decision/", TipDecisionApi.as_view(), name="moderation_tip"),
    path("moderation/queue/", QueueApi.as_view(), name="moderation_queue"),
    path(
        "moderation/items/<int:report_id>/decision/",
        DecisionApi.as_view(),
        name="moderation_decision",
    ),
    path("moderation/bulk/", BulkDecisionApi.as_view(), name="moderation_bulk"),
    path("moderation/log/", LogApi.as_view(), name="moderation_log"),
    path("moderation/scam-addresses/", ScamAddressApi.as_view(), name="moderation_scam_addresses"),
    path(
        "moderation/addresses/<int:address_id>/decision/",
        AddressDecisionApi.as_view(),
        name="moderation_address_decision",
    ),
]
