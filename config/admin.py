"""The admin site, behind the same two-factor sign-in as the moderation pages: a user
with a confirmed device enters a code first (the admin edits reports too).

Moderation is imported inside the methods: this module is read while the app registry
loads (it names the admin's AppConfig), before the models it needs exist."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class AdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        from moderation.security import two_factor_pending

        if not super().has_permission(request):
            return False
        return not two_factor_pending(request.user)

    def login(self, request, extra_context=None):
        """A signed-in user who still owes a code goes to the code page, then back."""
        from django.contrib.auth.views import redirect_to_login
        from django.urls import reverse

        from moderation.security import two_factor_pending

        if request.user.is_authenticated and two_factor_pending(request.user):
            target = request.GET.get("next", reverse("admin:index"))
            return redirect_to_login(target, reverse("two_factor:verify"))
        return super().login(request, extra_context)


class WhatWorkedAdminConfig(AdminConfig):
    default_site = "config.admin.AdminSite"
