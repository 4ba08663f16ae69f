"""The `window` query parameter (days of telemetry) the team read APIs share."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

from mlops_site.errors import DomainError

MAX_WINDOW_DAYS = 730


class WindowInput(serializers.Serializer[dict[str, int]]):
    window = serializers.IntegerField(min_value=1, max_value=MAX_WINDOW_DAYS, default=90)


WINDOW = OpenApiParameter(
    "window",
    {"type": "integer", "minimum": 1, "maximum": MAX_WINDOW_DAYS, "default": 90},
    description=f"Telemetry window in days, 1-{MAX_WINDOW_DAYS} (default 90).",
)


def window_days(request: Request) -> int:
    """The window asked for, or a 400 that names the `window` field."""
    # A plain dict, so an empty `window=` is refused like any other non-number
    # (from a QueryDict, DRF would take it for a missing field and use the default).
    query = WindowInput(data=request.query_params.dict())
    if not query.is_valid():
        raise DomainError(
            f"window must be a whole number of days from 1 to {MAX_WINDOW_DAYS}.",
            field_errors={k: [str(e) for e in v] for k, v in query.errors.items()},
        )
    days: int = query.validated_data["window"]
    return days
