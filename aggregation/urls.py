from django.urls import path

from aggregation.views import answers, tips

app_name = "answers"
urlpatterns = [
    path("", answers.home, name="home"),
    path("search/", answers.answer_search, name="search"),
    path("tips/<str:key>/confirm/", tips.tip_confirm_page, name="tip_confirm"),
    path("platforms/<slug:slug>/", answers.platform_detail, name="platform_detail"),
    path("platforms/<slug:slug>/<slug:problem>/", answers.answer_detail, name="answer_detail"),
]
