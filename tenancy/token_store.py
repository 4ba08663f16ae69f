"""Tenancy's token store: the per-request lookups behind bearer tokens, kept fast.

Every API call reads its token and counts against its token's rate, so both are
tuned and kept here behind a small interface: `token_for_bearer` and
`token_mark_used` for authentication, `token_rate_check` for throttles. The
token statement is written once per database connection; the rate is one cache
counter per token and minute, shared by every web process through CACHE_URL.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field
from django.utils import timezone
from redis.exceptions import RedisError

from mlops_site.ratelimits import count_in_window
from tenancy.models import ApiToken, Team
from tenancy.services.tokens import token_hash

logger = logging.getLogger(__name__)

#: last_used_at is refreshed at most this often, so a busy pipeline is not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_for_bearer(raw: str) -> ApiToken | None:
    """The token whose secret is `raw` (revoked or not), with its team; None if unknown."""
    return token_by_hash(token_hash(raw))


def token_mark_used(token: ApiToken) -> None:
    """Record that the token was used now, at most once per LAST_USED_RESOLUTION."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def token_by_hash(digest: str) -> ApiToken | None:
    """The token with this key hash and its team, in one statement written once.

    Every API call asks this, and building the same ORM query each time cost more
    CPU than running it. The rows become model instances through Model.from_db,
    with the database's converters applied as the ORM would.
    """
    db = connections[router.db_for_read(ApiToken) or DEFAULT_DB_ALIAS]
    # Kept on the connection object (one per thread), so it goes when the connection goes.
    reader: _TokenReader | None = getattr(db, _READER_ATTRIBUTE, None)
    if reader is None:
        reader = _TokenReader(db)
        setattr(db, _READER_ATTRIBUTE, reader)
    with db.cursor() as cursor:
        cursor.execute(reader.statement, [digest])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(reader.token_fields)
    token = ApiToken.from_db(
        db.alias, reader.token_fields, reader.load(reader.token_converters, row[:split])
    )
    if token.team_id is not None:
        token.team = Team.from_db(
            db.alias, reader.team_fields, reader.load(reader.team_converters, row[split:])
        )
    return token


Converter = Callable[[Any, Any, Any], Any]


class _TokenReader:
    """The token statement and the ORM's converters of its columns, for one connection."""

    def __init__(self, db: BaseDatabaseWrapper) -> None:
        token_fields = ApiToken._meta.concrete_fields
        team_fields = Team._meta.concrete_fields
        quote = db.ops.quote_name
        columns = [f"t.{quote(f.column)}" for f in token_fields]
        columns += [f"m.{quote(f.column)}" for f in team_fields]
        team_pk, token_team = Team._meta.pk.column, ApiToken._meta.get_field("team").column
        # Only names from the models' metadata are formatted in; the hash is a parameter.
        self.statement = (
            f"SELECT {', '.join(columns)} FROM {ApiToken._meta.db_table} t "  # noqa: S608
            f"LEFT JOIN {Team._meta.db_table} m ON m.{quote(team_pk)} = t.{quote(token_team)} "
            "WHERE t.key_hash = %s"
        )
        self.db = db
        self.token_fields = [f.attname for f in token_fields]
        self.team_fields = [f.attname for f in team_fields]
        self.token_converters = [self._converters(f) for f in token_fields]
        self.team_converters = [self._converters(f) for f in team_fields]

    def _converters(self, field: Field[Any, Any]) -> tuple[Any, list[Converter]]:
        column = field.cached_col
        return column, self.db.ops.get_db_converters(column) + column.get_db_converters(self.db)

    def load(
        self, converters: Sequence[tuple[Any, list[Converter]]], values: Sequence[Any]
    ) -> list[Any]:
        """Database values as the ORM would load them (SQLite's datetimes become aware)."""
        loaded = []
        for (column, functions), value in zip(converters, values, strict=True):
            for convert in functions:
                value = convert(value, column, self.db)
            loaded.append(value)
        return loaded


_READER_ATTRIBUTE = "_tenancy_token_reader"


@dataclass(frozen=True)
class RateVerdict:
    allowed: bool
    #: Seconds until the token may send again, when it may not now.
    retry_after: float | None = None


def token_rate_check(token: ApiToken, *, scope: str, per_minute: int) -> RateVerdict:
    """Count one request of `token` in `scope`; whether it is within `per_minute`."""
    return RateCounter.check(f"throttle:{scope}:{token.pk}", per_minute)


class RateCounter:
    """At most a number of requests per token in each clock minute, counted in the cache.

    One counter per token and minute, raised by one per request, so a request costs
    the same whatever the rate allows. (DRF's SimpleRateThrottle keeps the time of
    every request in the last minute and rewrites that list on each request, which
    grew costly at the rates pipelines send single events at.) As with any fixed
    window, a token may use one minute's allowance at the end of a minute and the
    next one's at the start of the next.
    """

    timer = staticmethod(time.time)
    window = 60
    #: After a shared cache fails, it is left alone this long: no request waits on it,
    #: and one warning says so instead of one per request.
    pause_after_failure = 10.0
    #: Until when (timer seconds) this process does not ask the cache.
    cache_down_until = 0.0

    @classmethod
    def check(cls, prefix: str, limit: int) -> RateVerdict:
        now = cls.timer()
        if now < cls.cache_down_until:
            return RateVerdict(allowed=True)
        minute = int(now // cls.window)
        try:
            count = cls._count(f"{prefix}:{minute}")
        except (RedisError, OSError):
            # A shared cache that is down must not stop the API: let it in, and say so.
            cls.cache_down_until = now + cls.pause_after_failure
            logger.warning(
                "rate limits not checked for %.0f s: the cache is unreachable",
                cls.pause_after_failure,
                exc_info=True,
            )
            return RateVerdict(allowed=True)
        if count <= limit:
            return RateVerdict(allowed=True)
        return RateVerdict(allowed=False, retry_after=(minute + 1) * cls.window - now)

    @classmethod
    def _count(cls, key: str) -> int:
        """This request's number in its token's minute."""
        return count_in_window(key, cls.window)
