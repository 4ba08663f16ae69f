"""POST /api/v1/events: pipelines send telemetry with a bearer token."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from redis.exceptions import RedisError
from rest_framework import exceptions, parsers, permissions, serializers, status, throttling
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mlops_site.ratelimits import count_in_window
from telemetry.api import docs as telemetry_docs
from telemetry.services import telemetry_ingest
from tenancy.auth import BearerTokenAuthentication
from tenancy.models import ApiToken

logger = logging.getLogger(__name__)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class LimitedJSONParser(parsers.JSONParser):
    """JSON within TELEMETRY_MAX_REQUEST_BYTES; NaN and Infinity refused (not JSON)."""

    def parse(
        self,
        stream: IO[Any] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit: int = settings.TELEMETRY_MAX_REQUEST_BYTES
        too_large = RequestTooLarge(
            f"The request body is larger than {limit} bytes; send fewer events per request."
        )
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise too_large
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise too_large
        try:
            return json.loads(raw, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None


class HasApiToken(permissions.BasePermission):
    message = "Send events with an API token: 'Authorization: Bearer <token>'."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, ApiToken)


class TokenRateThrottle(throttling.BaseThrottle):
    """At most TELEMETRY_RATE_PER_MINUTE requests per token in each clock minute.

    One counter per token and minute in the cache, raised by one per request, so a
    request costs the same whatever the rate allows. (DRF's SimpleRateThrottle keeps
    the time of every request in the last minute and rewrites that list on each
    request, which grew costly at the rates pipelines send single events at.) As
    with any fixed window, a token may use one minute's allowance at the end of a
    minute and the next one's at the start of the next.
    """

    timer = staticmethod(time.time)
    window = 60
    #: After a shared cache fails, it is left alone this long: no request waits on it,
    #: and one warning says so instead of one per request.
    pause_after_failure = 10.0
    #: Until when (timer seconds) this process does not ask the cache.
    cache_down_until = 0.0

    def __init__(self) -> None:
        self.retry_after: float | None = None

    def allow_request(self, request: Request, view: APIView) -> bool:
        if not isinstance(request.auth, ApiToken):
            return True
        now = self.timer()
        if now < TokenRateThrottle.cache_down_until:
            return True
        minute = int(now // self.window)
        try:
            count = self._count(f"throttle:telemetry:{request.auth.pk}:{minute}")
        except (RedisError, OSError):
            # A shared cache that is down must not stop telemetry: let it in, and say so.
            TokenRateThrottle.cache_down_until = now + self.pause_after_failure
            logger.warning(
                "rate limits not checked for %.0f s: the cache is unreachable",
                self.pause_after_failure,
                exc_info=True,
            )
            return True
        if count <= settings.TELEMETRY_RATE_PER_MINUTE:
            return True
        self.retry_after = (minute + 1) * self.window - now
        return False

    def _count(self, key: str) -> int:
        """This request's number in its token's minute."""
        return count_in_window(key, self.window)

    def wait(self) -> float | None:
        return self.retry_after


_ERROR = inline_serializer(
    "EventErrors",
    {
        "detail": serializers.CharField(),
        "errors": inline_serializer(
            "EventError",
            {
                "index": serializers.IntegerField(allow_null=True),
                "field": serializers.CharField(),
                "code": serializers.CharField(),
                "message": serializers.CharField(),
            },
            many=True,
        ),
    },
)
_DETAIL = inline_serializer("Detail", {"detail": serializers.CharField()})


class EventsApi(APIView):
    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [HasApiToken]
    throttle_classes = [TokenRateThrottle]
    parser_classes = [LimitedJSONParser]

    @extend_schema(
        operation_id="events_send",
        summary="Send telemetry events",
        description=(
            'One event, or `{"events": [...]}` with up to 1000. A batch is stored whole or '
            "not at all; a resent `event_id` (per team) counts as a duplicate."
        ),
        request={"application/json": telemetry_docs.request_schema()},
        responses={
            202: inline_serializer(
                "EventsAccepted",
                {"accepted": serializers.IntegerField(), "duplicates": serializers.IntegerField()},
            ),
            400: _ERROR,
            401: _DETAIL,
            409: _ERROR,
            413: _DETAIL,
            429: _DETAIL,
        },
        examples=telemetry_docs.request_examples() + telemetry_docs.response_examples(),
        tags=["telemetry"],
    )
    def post(self, request: Request) -> Response:
        assert isinstance(request.auth, ApiToken)  # HasApiToken
        result = telemetry_ingest(token=request.auth, payload=request.data)
        body = {"accepted": result.accepted, "duplicates": result.duplicates}
        return Response(body, status=status.HTTP_202_ACCEPTED)
