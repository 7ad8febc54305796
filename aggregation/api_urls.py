from django.urls import path

from aggregation.apis import (
    RecommendationExportCsvApi,
    RecommendationExportJsonApi,
    RecommendationListApi,
    TipFlagApi,
)

urlpatterns = [
    path("flags/", TipFlagApi.as_view(), name="tip_flag"),
    path(
        "platforms/<slug:slug>/recommendations/",
        RecommendationListApi.as_view(),
        name="recommendation_list",
    ),
    path(
        "export/recommendations.csv",
        RecommendationExportCsvApi.as_view(),
        name="export_recommendations_csv",
    ),
    path(
        "export/recommendations.json",
        RecommendationExportJsonApi.as_view(),
        name="export_recommendations_json",
    ),
]
