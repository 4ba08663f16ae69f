"""Tokens derived from SECRET_KEY: only their hash is stored, the client recomputes them."""

from __future__ import annotations

from django.test import override_settings

from tenancy.auth import BearerTokenAuthentication
from tenancy.models import ApiToken
from tenancy.services.tokens import TOKEN_PATTERN, token_derive, token_hash, token_issue


def test_a_derived_token_authenticates_and_only_its_hash_is_stored(world, rf):
    issued = token_issue(
        organization=world.org, team=world.team, name="reference", derived_for="purpose-1"
    )
    secret = token_derive(purpose="purpose-1", prefix=issued.token.prefix)
    assert secret == issued.secret
    assert TOKEN_PATTERN.fullmatch(secret)
    assert ApiToken.objects.get().key_hash == token_hash(secret)
    request = rf.get("/", HTTP_AUTHORIZATION=f"Bearer {secret}")
    authenticated = BearerTokenAuthentication().authenticate(request)
    assert authenticated is not None
    assert authenticated[1] == issued.token


def test_derived_tokens_differ_by_purpose_and_by_secret_key(world):
    one = token_derive(purpose="a", prefix="0123abcd")
    assert one != token_derive(purpose="b", prefix="0123abcd")
    with override_settings(SECRET_KEY="another-key-" + "x" * 40):
        assert one != token_derive(purpose="a", prefix="0123abcd")
