"""Sends events to the public telemetry API, as any pipeline outside this app would.

Batches of at most 1000 events, bearer token, retries with exponential backoff
on network errors and 5xx/429 answers; a 4xx is final. Never raises: the caller
gets a `Delivery` and records it.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

MAX_BATCH = 1000
RETRYABLE = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Delivery:
    sent: bool
    status_code: int | None
    response: dict[str, Any]
    error: str
    attempts: int


class TelemetryClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        retries: int = 3,
        backoff_s: float = 0.5,
        timeout_s: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = base_url.rstrip("/") + "/api/v1/events"
        self.token = token
        self.retries = retries
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s
        self.sleep = sleep

    def send(self, events: Sequence[dict[str, Any]]) -> list[Delivery]:
        """One delivery per batch of at most MAX_BATCH events."""
        return [
            self._send_batch(events[i : i + MAX_BATCH]) for i in range(0, len(events), MAX_BATCH)
        ]

    def _send_batch(self, events: Sequence[dict[str, Any]]) -> Delivery:
        last = Delivery(False, None, {}, "not attempted", 0)
        for attempt in range(1, self.retries + 1):
            last = self._post({"events": list(events)}, attempt)
            if last.sent or (last.status_code is not None and last.status_code not in RETRYABLE):
                return last
            if attempt < self.retries:
                self.sleep(self.backoff_s * 2 ** (attempt - 1))
        return last

    def _post(self, body: dict[str, Any], attempt: int) -> Delivery:
        request = urllib.request.Request(  # noqa: S310 - the URL is configured, http(s) only
            self.url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:  # noqa: S310
                return Delivery(True, response.status, _json(response.read()), "", attempt)
        except urllib.error.HTTPError as exc:
            payload = _json(exc.read())
            return Delivery(False, exc.code, payload, f"HTTP {exc.code}: {payload}", attempt)
        except (urllib.error.URLError, OSError) as exc:
            return Delivery(False, None, {}, f"{type(exc).__name__}: {exc}", attempt)


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw or b"{}")
    except ValueError:
        return {"body": raw[:500].decode(errors="replace")}
    return value if isinstance(value, dict) else {"body": value}
