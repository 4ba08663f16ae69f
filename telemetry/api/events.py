"""POST /api/v1/events: pipelines send telemetry with a bearer token."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, parsers, permissions, serializers, status, throttling
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from telemetry.api import docs as telemetry_docs
from telemetry.services import telemetry_ingest
from tenancy.auth import BearerTokenAuthentication
from tenancy.models import ApiToken
from tenancy.token_store import token_rate_check


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class LimitedJSONParser(parsers.BaseParser):
    """JSON within TELEMETRY_MAX_REQUEST_BYTES; NaN and Infinity refused (not JSON).

    Not a subclass of DRF's JSONParser on purpose: for those DRF reads `request.body`,
    where Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MiB, for every page) refuses a
    larger body with an HTML 400 before this limit is asked. This parser reads the
    stream itself, so the events endpoint alone takes bodies up to its own limit.
    """

    media_type = "application/json"

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
        if stream is None:
            raw = b""
        elif declared and declared.isdigit() and int(declared) > limit:
            _drain(stream, int(declared), limit)
            raise too_large
        else:
            raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise too_large
        try:
            return json.loads(raw, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None


#: A body over the limit is read and dropped when it is at most this many times the
#: limit: a client still sending it would otherwise find the connection closed under
#: it and never read the 413. Larger bodies are not worth the reading.
DRAIN_FACTOR = 4


def _drain(stream: IO[Any], declared: int, limit: int) -> None:
    if declared > DRAIN_FACTOR * limit:
        return
    while stream.read(64 * 1024):
        pass


class HasApiToken(permissions.BasePermission):
    message = "Send events with an API token: 'Authorization: Bearer <token>'."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, ApiToken)


class TokenRateThrottle(throttling.BaseThrottle):
    """At most TELEMETRY_RATE_PER_MINUTE requests per token in each clock minute,
    counted by tenancy's token store."""

    def __init__(self) -> None:
        self.retry_after: float | None = None

    def allow_request(self, request: Request, view: APIView) -> bool:
        if not isinstance(request.auth, ApiToken):
            return True
        verdict = token_rate_check(
            request.auth, scope="telemetry", per_minute=settings.TELEMETRY_RATE_PER_MINUTE
        )
        self.retry_after = verdict.retry_after
        return verdict.allowed

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
            required=False,  # a body that is not JSON has no events to name
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
