"""Sign-in protection: how axes sees a client, its lockout page, and the two-factor gate.

No client address is ever kept (house rule): axes is handed none, so its tables, its log
lines and its cache keys never hold one, and it locks out by username alone.
"""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_otp import user_has_device


def client_address_none(request: HttpRequest) -> None:
    """AXES_CLIENT_IP_CALLABLE: axes stores and logs whatever this returns, so nothing."""
    return None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page a locked-out username gets instead of signing in."""
    minutes = settings.LOGIN_COOLOFF_MINUTES
    response = render(request, "moderation/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def two_factor_pending(user: AbstractBaseUser) -> bool:
    """True for a signed-in user with two-factor on who has not entered a code this session."""
    # is_verified() (set by django_otp's middleware) reads the session; the device, the database.
    return not user.is_verified() and user_has_device(user)
