"""Bearer tokens for pipelines and scripts: `Authorization: Bearer mm_<prefix>_<secret>`.

`request.auth` is the ApiToken and `request.user` a TokenUser that stands for
no person, so session-based tenancy never grants a token anything; token
access goes through `tenancy.team_get_for_token`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from tenancy.models import ApiToken
from tenancy.services.tokens import TOKEN_PATTERN
from tenancy.token_store import token_for_bearer, token_mark_used


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
        token_mark_used(token)
        return TokenUser(token), token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'

    @staticmethod
    def _token(raw: str) -> ApiToken:
        token = token_for_bearer(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("Unknown API token.")
        if token.revoked_at is not None:
            when = token.revoked_at.strftime("%Y-%m-%d %H:%M UTC")
            raise exceptions.AuthenticationFailed(
                f"This API token ({token.prefix}) was revoked on {when}."
            )
        return token


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
