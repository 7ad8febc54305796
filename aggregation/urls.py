from django.urls import path

from aggregation.page_cache import cached_page
from aggregation.views import answers, tips

app_name = "answers"
urlpatterns = [
    path("", cached_page(answers.home), name="home"),
    path("search/", answers.answer_search, name="search"),
    path("tips/<str:key>/confirm/", tips.tip_confirm_page, name="tip_confirm"),
    path("tips/<str:key>/flag/", tips.tip_flag_page, name="tip_flag"),
    path(
        "recommendations/<slug:slug>/<slug:problem>/<slug:channel>/flag/",
        tips.recommendation_flag_page,
        name="recommendation_flag",
    ),
    path("platforms/<slug:slug>/", cached_page(answers.platform_detail), name="platform_detail"),
    path(
        "platforms/<slug:slug>/<slug:problem>/",
        cached_page(answers.answer_detail),
        name="answer_detail",
    ),
]
