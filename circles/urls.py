from django.urls import path

from circles import views

app_name = "circles"
urlpatterns = [
    path("new/", views.circle_new, name="circle_new"),
    path("deleted/", views.circle_deleted, name="circle_deleted"),
    # The two private links, as sent and kept: each trades its token for a cookie.
    path("results/<str:owner_token>/", views.results_link, name="results_link"),
    path("answer/<str:token>/", views.answer_link, name="answer_link"),
    path("<str:share_token>/", views.answer_form, name="answer_form"),
    path("<str:share_token>/results/", views.results, name="results"),
    path("<str:share_token>/results/close/", views.results_close, name="results_close"),
    path("<str:share_token>/results/delete/", views.results_delete, name="results_delete"),
    path("<str:share_token>/results/export.csv", views.results_export, name="results_export"),
    path("<str:share_token>/my-answer/", views.my_answer, name="my_answer"),
    path("<str:share_token>/my-answer/delete/", views.my_answer_delete, name="my_answer_delete"),
]
