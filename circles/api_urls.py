from django.urls import path

from circles.apis import (
    CircleAnswerApi,
    CircleCloseApi,
    CircleDetailApi,
    CircleResultsApi,
    CircleStartApi,
)

urlpatterns = [
    path("circles/", CircleStartApi.as_view(), name="circle_start_api"),
    path("circles/<str:share_token>/", CircleDetailApi.as_view(), name="circle_detail_api"),
    path("circles/<str:share_token>/answers/", CircleAnswerApi.as_view(), name="circle_answer_api"),
    path(
        "circles/<str:share_token>/results/",
        CircleResultsApi.as_view(),
        name="circle_results_api",
    ),
    path("circles/<str:share_token>/close/", CircleCloseApi.as_view(), name="circle_close_api"),
]
