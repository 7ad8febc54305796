from django.urls import path

from aggregation.views import answers

app_name = "answers"
urlpatterns = [
    path("", answers.home, name="home"),
    path("platforms/<slug:slug>/", answers.platform_detail, name="platform_detail"),
]
