"""Content-Security-Policy and Permissions-Policy on every response.

Django 5.2 sets Referrer-Policy (SECURE_REFERRER_POLICY) but has no CSP until
6.0, whose SECURE_CSP setting has the shape used here, so moving to Django's own
middleware later is a one-line change. A policy without nonces or per-view
exceptions needs no more than this, hence no third-party package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def policy_header(directives: Mapping[str, Sequence[str]]) -> str:
    """`{"script-src": ["'self'"]}` as `script-src 'self'`, directives joined by `; `."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def permissions_header(features: Mapping[str, Sequence[str]]) -> str:
    """`{"camera": []}` as `camera=()`: the feature allowed to no origin."""
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


class SecurityHeadersMiddleware:
    """Adds SECURE_CSP and PERMISSIONS_POLICY unless a view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = policy_header(settings.SECURE_CSP)
        self.permissions = permissions_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
