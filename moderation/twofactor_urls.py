"""The code page of the sign-in, next to Django's accounts pages (/accounts/two-factor/),
the password change, which asks for the code first, and the rate-limited password reset
(included before Django's)."""

from django.urls import path

from moderation import twofactor

app_name = "two_factor"
urlpatterns = [
    path("two-factor/", twofactor.verify, name="verify"),
    path("password_change/", twofactor.password_change, name="password_change"),
    # Django's reset form, rate limited: each POST may send an email.
    path("password_reset/", twofactor.password_reset, name="password_reset"),
]
