from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.response_create, name="response_create"),
    # The report opened by the private link: the token is in a cookie, not in these URLs.
    path("edit/", views.response_edit, name="response_edit"),
    path("edit/delete/", views.response_remove, name="response_delete"),
    # The private link as sent (valid forever): it swaps its token for the cookie.
    path("edit/<str:token>/", views.response_link_open, name="response_link"),
    path(
        "edit/<str:token>/delete/",
        views.response_link_open,
        {"page": "surveys:response_delete"},
        name="response_link_delete",
    ),
    path("deleted/", views.response_deleted, name="response_deleted"),
    # The private link travels in the cookie: no token in this URL.
    path("reminder/", views.response_reminder, name="response_reminder"),
]
