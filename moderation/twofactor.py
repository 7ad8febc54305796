"""Two-factor sign-in for moderators: an authenticator app (TOTP) and ten backup codes.

Setting it up creates an unconfirmed TOTP device whose secret is shown as text (no QR code
library); the first right code confirms it and hands out the backup codes, once. From then
on `moderator_required` and the API send the moderator to the code page after each
password sign-in. Wrong codes slow down per device (django-otp's throttling: 1 s, 2 s,
4 s... between tries), on top of axes' lockout of the password itself.
"""

import math
import re
from base64 import b32encode
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordChangeView, PasswordResetView, redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation.security import two_factor_pending
from moderation.views import moderator_required
from surveys.clients import client_address, client_hash
from surveys.ratelimit import rate_limit_hit

BACKUP_CODES = 10
TOTP_CODE = re.compile(r"^[0-9]{6}$")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


@dataclass(frozen=True)
class CodeCheck:
    """The device that took the code, or why none did."""

    device: Device | None
    error: str = ""


def _code_normalize(code: str) -> str:
    # Apps show "123 456"; backup codes are shown in lower case.
    return "".join(code.split()).lower()


def _wait_message(extra: dict) -> str:
    seconds = math.ceil((extra["locked_until"] - timezone.now()).total_seconds())
    if seconds >= 60:
        return _("Too many wrong codes: try again in %(wait)s.") % {
            "wait": timeuntil(extra["locked_until"])
        }
    return ngettext(
        "Too many wrong codes: try again in %(seconds)s second.",
        "Too many wrong codes: try again in %(seconds)s seconds.",
        seconds,
    ) % {"seconds": max(seconds, 1)}


def _device_check(devices, code: str) -> CodeCheck:
    """Try the code on each device, keeping django-otp's throttling.

    The result is returned, never raised, from inside the transaction: an exception would
    roll back the failure count that slows the next guess down.
    """
    with transaction.atomic():
        error = _("The code is not right. Check it and try again.")
        for device in devices.select_for_update():
            allowed, extra = device.verify_is_allowed()
            if not allowed:
                error = _wait_message(extra)
                continue
            if device.verify_token(code):
                return CodeCheck(device)
    return CodeCheck(None, error)


def code_check(*, user: AbstractBaseUser, code: str) -> CodeCheck:
    """A code from the app (six digits) or a backup code, against the user's confirmed devices.

    A backup code that works is deleted: it works once.
    """
    code = _code_normalize(code)
    model = TOTPDevice if TOTP_CODE.match(code) else StaticDevice
    return _device_check(model.objects.devices_for_user(user, confirmed=True), code)


def totp_device_start(*, user: AbstractBaseUser) -> TOTPDevice:
    """A fresh unconfirmed device; one left from an unfinished setup is replaced."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_device_pending(*, user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def backup_codes_issue(*, user: AbstractBaseUser) -> list[str]:
    """Ten new backup codes, replacing any earlier ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def totp_device_confirm(*, device: TOTPDevice, code: str) -> CodeCheck:
    check = _device_check(TOTPDevice.objects.filter(pk=device.pk), _code_normalize(code))
    if check.device is not None:
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        check.device.confirmed = True
    return check


@transaction.atomic
def two_factor_disable(*, user: AbstractBaseUser) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _secret(device: TOTPDevice) -> str:
    """The key as an authenticator app takes it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _status(request: HttpRequest, form: CodeForm | None = None, status: int = 200):
    user = request.user
    context = {
        # Any confirmed device, as for the gate (moderation.security.two_factor_pending).
        "enabled": user_has_device(user),
        "backup_codes_left": StaticToken.objects.filter(
            device__user=user, device__confirmed=True
        ).count(),
        "form": form or CodeForm(),
    }
    return render(request, "moderation/two_factor.html", context, status=status)


def _setup(request: HttpRequest, device: TOTPDevice, form: CodeForm, status: int = 200):
    context = {"device": device, "secret": _secret(device), "form": form}
    return render(request, "moderation/two_factor_setup.html", context, status=status)


@moderator_required
def two_factor(request: HttpRequest) -> HttpResponse:
    return _status(request)


@never_cache
@moderator_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """POST starts a setup; GET shows the one under way (a reload keeps the same secret)."""
    if user_has_device(request.user):
        return redirect("moderation:two_factor")
    if request.method == "POST":
        device = totp_device_start(user=request.user)
    else:
        device = totp_device_pending(user=request.user)
        if device is None:
            return redirect("moderation:two_factor")
    return _setup(request, device, CodeForm())


@never_cache
@require_POST
@moderator_required
def two_factor_confirm(request: HttpRequest) -> HttpResponse:
    device = totp_device_pending(user=request.user)
    if device is None or user_has_device(request.user):
        return redirect("moderation:two_factor")
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _setup(request, device, form, status=400)
    check = totp_device_confirm(device=device, code=form.cleaned_data["code"])
    if check.device is None:
        form.add_error("code", check.error)
        return _setup(request, device, form, status=400)
    codes = backup_codes_issue(user=request.user)
    # This session entered a right code: it counts as verified, as after a sign-in.
    otp_login(request, check.device)
    return render(request, "moderation/two_factor_codes.html", {"codes": codes})


@require_POST
@moderator_required
def two_factor_off(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _status(request, form, status=400)
    check = code_check(user=request.user, code=form.cleaned_data["code"])
    if check.device is None:
        form.add_error("code", check.error)
        return _status(request, form, status=400)
    two_factor_disable(user=request.user)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("moderation:two_factor")


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code page between the password and the moderation pages."""
    next_url = _next_url(request)
    if request.user.is_verified() or not user_has_device(request.user):
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        check = code_check(user=request.user, code=form.cleaned_data["code"])
        if check.device is not None:
            otp_login(request, check.device)
            # A new session key for the session's new rights, as Django's login() does.
            request.session.cycle_key()
            return redirect(next_url)
        form.add_error("code", check.error)
    status = 400 if form.is_bound else 200
    context = {"form": form, "next": next_url}
    return render(request, "moderation/two_factor_verify.html", context, status=status)


def _second_factor_first(view):
    """A password-only session of an account with two-factor on must give its code before
    it changes the password: a stolen password alone must not lock the owner out."""

    def wrapped(request: HttpRequest, *args, **kwargs):
        if request.user.is_authenticated and two_factor_pending(request.user):
            return redirect_to_login(request.get_full_path(), resolve_url("two_factor:verify"))
        return view(request, *args, **kwargs)

    return wrapped


password_change = _second_factor_first(PasswordChangeView.as_view())


def _rate_limited(view):
    """A POST counts against the visitor's network's limit (SURVEYS_RATE_LIMIT per window):
    Django's reset form sends an email per request, to any address typed in."""

    def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            address = client_hash(client_address(request))
            wait = rate_limit_hit(scope="password_reset", client_hash=address)
            if wait:
                page = HttpResponse(
                    _("Too many requests from your network. Try again later."), status=429
                )
                page["Retry-After"] = str(wait)
                return page
        return view(request, *args, **kwargs)

    return limited


password_reset = never_cache(_rate_limited(PasswordResetView.as_view()))
