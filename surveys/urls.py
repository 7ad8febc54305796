from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.response_create, name="response_create"),
    path("edit/<str:token>/", views.response_edit, name="response_edit"),
    path("edit/<str:token>/delete/", views.response_remove, name="response_delete"),
    path("deleted/", views.response_deleted, name="response_deleted"),
    # The private link travels in the POST body: no token in this URL.
    path("reminder/", views.response_reminder, name="response_reminder"),
]
