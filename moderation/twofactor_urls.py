"""The code page of the sign-in, next to Django's accounts pages (/accounts/two-factor/)."""

from django.urls import path

from moderation import twofactor

app_name = "two_factor"
urlpatterns = [
    path("two-factor/", twofactor.verify, name="verify"),
]
