"""Bearer tokens for pipelines and scripts: `Authorization: Bearer mm_<prefix>_<secret>`.

`request.auth` is the ApiToken and `request.user` a TokenUser that stands for
no person, so session-based tenancy never grants a token anything; token
access goes through `tenancy.team_get_for_token`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from tenancy.models import ApiToken, Team
from tenancy.services.tokens import TOKEN_PATTERN, token_hash

#: last_used_at is refreshed at most this often, so a busy pipeline is not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenUser:
    """The caller of a token-authenticated request: authenticated, but no person."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, token: ApiToken) -> None:
        self.token = token

    def __str__(self) -> str:
        return f"API token {self.token.prefix}"

    def get_username(self) -> str:
        return str(self)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as 'Authorization: Bearer <token>', without spaces in it."
            )
        raw = parts[1].decode("latin-1")
        if not TOKEN_PATTERN.fullmatch(raw):
            raise exceptions.AuthenticationFailed("That is not an API token of this site.")
        token = self._token(raw)
        self._touch(token)
        return TokenUser(token), token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'

    @staticmethod
    def _token(raw: str) -> ApiToken:
        token = token_by_hash(token_hash(raw))
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown API token.")
        if token.revoked_at is not None:
            when = token.revoked_at.strftime("%Y-%m-%d %H:%M UTC")
            raise exceptions.AuthenticationFailed(
                f"This API token ({token.prefix}) was revoked on {when}."
            )
        return token

    @staticmethod
    def _touch(token: ApiToken) -> None:
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


_READER_ATTRIBUTE = "_assessments_token_reader"


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Documents the token in the OpenAPI schema as an HTTP bearer scheme."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "mm_<prefix>_<secret>",
            "description": "An API token issued by an organisation admin "
            "(Organisation → API tokens, or `manage.py issue_token`).",
        }
