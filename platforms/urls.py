from django.urls import path

from platforms import views

app_name = "platforms"
urlpatterns = [
    path("", views.platform_index, name="platform_list"),
    path("<slug:slug>/", views.platform_detail, name="platform_detail"),
]
