"""The project's one clock: every date and time the apps record or compare comes from `now()`.

Reading the time through one function lets a test run the whole site at a
calendar position of its choosing (a Monday at midnight, a leap day) and get
the same answer on any day. Durations are measured with `time.monotonic` or
`time.perf_counter`, which this clock does not replace.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from django.db import models
from django.db.models import Model
from django.utils import timezone


def _real() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _real
Source = TypeVar("Source", bound=Callable[[], datetime])


def now() -> datetime:
    """The current time, aware and in UTC."""
    return _source()


class FrozenClock:
    """A clock that stands at one instant and moves only when told to.

    Each reading moves it on by `tick`, so things done one after another keep
    their order as under a real clock, without the time of day drifting.
    """

    def __init__(self, at: datetime, *, tick: timedelta = timedelta(microseconds=1)) -> None:
        if at.tzinfo is None:
            raise ValueError("A frozen clock needs an aware datetime.")
        self._at = at.astimezone(UTC)
        self._tick = tick
        self._lock = threading.Lock()  # the live server answers on another thread

    def __call__(self) -> datetime:
        with self._lock:
            at, self._at = self._at, self._at + self._tick
        return at

    def peek(self) -> datetime:
        """The time the next reading returns, without moving the clock."""
        return self._at

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._at += delta


@contextmanager
def using(source: Source) -> Iterator[Source]:
    """Read the time from `source` inside the block (tests; the previous source returns after)."""
    global _source
    previous, _source = _source, source
    try:
        yield source
    finally:
        _source = previous


class DateTimeField(models.DateTimeField):
    """Django's DateTimeField, but `auto_now` and `auto_now_add` read `now()`.

    Migrations see Django's own field with `timezone.now` as the default: in
    production both clocks agree, and the migration history stays as it was.
    """

    def pre_save(self, model_instance: Model, add: bool) -> Any:
        if self.auto_now or (self.auto_now_add and add):
            value = now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is now:
            kwargs["default"] = timezone.now
        return name, "django.db.models.DateTimeField", args, kwargs
