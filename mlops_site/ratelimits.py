"""Counters in the default cache, and the client address they are counted for."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def count_in_window(key: str, window: int) -> int:
    """This request's number in `key`'s fixed window of `window` seconds.

    One increment per request, so a request costs the same whatever the limit. The
    caller puts the window's number in `key`; the counter outlives its window once
    more and then expires. Raises what the cache raises when it cannot be reached.
    """
    try:
        count = cache.incr(key)
    except ValueError:  # the window's first request
        return 1 if cache.add(key, 1, timeout=2 * window) else cache.incr(key)
    if count == 1:
        # The key expired between the cache's check and its increment, which made
        # it anew without an expiry: give it one.
        cache.touch(key, timeout=2 * window)
    return count


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent the request, as the nearest trusted proxy saw it.

    Behind TRUSTED_PROXY_COUNT proxies, REMOTE_ADDR is the nearest proxy and the
    client is the entry that the outermost of them appended to X-Forwarded-For;
    entries further left are whatever the client chose to send, so they are ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if proxies == 0:
        return remote
    forwarded = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [h for h in forwarded if h]
    return forwarded[-proxies] if len(forwarded) >= proxies else remote
