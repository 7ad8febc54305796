from django.urls import path

from aggregation.apis import RecommendationListApi

urlpatterns = [
    path(
        "platforms/<slug:slug>/recommendations/",
        RecommendationListApi.as_view(),
        name="recommendation_list",
    ),
]
