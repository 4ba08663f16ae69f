"""Limits on guessing passwords beyond what django-axes does.

django-axes counts failed log-ins on the login page and the admin and locks the
account and the address out (settings "Guessing passwords"). This module forgives
a person's own typing mistakes once they log in, and limits how often anyone may
ask for password-reset mail, which is no log-in attempt and so outside axes.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from typing import Any

from axes.utils import reset
from django.conf import settings
from django.contrib.auth import user_logged_in, views
from django.contrib.auth.forms import PasswordResetForm
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from redis.exceptions import RedisError

from mlops_site.ratelimits import client_address, count_in_window

logger = logging.getLogger(__name__)


@receiver(user_logged_in, dispatch_uid="mlops_site.forgive_own_failures")
def forgive_own_failures(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """Forget this account's failures from this address, and only those.

    axes' own reset on success would forget every failure from the address and
    every failure for the account: someone could then guess another person's
    password and clear the count by logging in to their own account in between.
    """
    address = client_address(request) if request is not None else ""
    if address:
        reset(ip=address, username=user.get_username())


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """What axes answers instead of logging in while a lockout holds."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


class PasswordResetView(views.PasswordResetView):
    """Django's password reset, at most PASSWORD_RESET_RATE_PER_HOUR requests per
    client address and per e-mail address in each clock hour.

    Both are counted whether or not the address belongs to an account, so the
    limit says nothing about who has one.
    """

    window = 3600
    timer = staticmethod(time.time)

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        wait = self._seconds_to_wait(form.cleaned_data["email"])
        if wait is None:
            return super().form_valid(form)
        context = self.get_context_data(form=form, wait_minutes=math.ceil(wait / 60))
        return self.render_to_response(context, status=429)

    def _seconds_to_wait(self, email: str) -> float | None:
        now = self.timer()
        hour = int(now // self.window)
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        keys = (
            f"throttle:password-reset:address:{client_address(self.request)}:{hour}",
            f"throttle:password-reset:email:{digest}:{hour}",
        )
        try:
            counts = [count_in_window(key, self.window) for key in keys]
        except (RedisError, OSError):
            logger.warning("password reset requests not limited: the cache is unreachable")
            return None
        if max(counts) <= settings.PASSWORD_RESET_RATE_PER_HOUR:
            return None
        return (hour + 1) * self.window - now
