from django.urls import path

from surveys.apis import QuestionnaireDetailApi, ResponseDetailApi, ResponseSubmitApi

urlpatterns = [
    path(
        "questionnaires/<slug:slug>/",
        QuestionnaireDetailApi.as_view(),
        name="questionnaire_detail_api",
    ),
    path(
        "questionnaires/<slug:slug>/responses/",
        ResponseSubmitApi.as_view(),
        name="response_submit_api",
    ),
    path("responses/<int:response_id>/", ResponseDetailApi.as_view(), name="response_detail_api"),
]
