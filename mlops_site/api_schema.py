"""How the API documents itself: its one JSON error shape, bodies that are required,
and the 404 of paths under /api/ that no view matches.

Every error answer of the API is `{"detail": "..."}`, with `errors` (messages by field)
when fields of the request broke rules (the exception handler maps the domain error so).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorOutput(serializers.Serializer[object]):
    detail = serializers.CharField(help_text="What went wrong; safe to show to people.")
    # DRF's metaclass turns declared fields into output keys; the stubs only see
    # the clash with the Serializer attribute of the same name.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages by field (or question id), when fields broke rules.",
    )


#: What each error status means wherever it is not said more precisely.
MEANINGS = {
    400: "The request breaks a rule: `detail` says which, `errors` names the fields.",
    401: "No valid credentials: send `Authorization: Bearer <token>` (or sign in).",
    403: "The caller may not do this.",
    404: "Nothing of that name among what the caller may see.",
}


def error_responses(
    *codes: int, says: Mapping[int, str] | None = None
) -> dict[int, OpenApiResponse]:
    """The documented error answers `codes`, each with its meaning (`says` overrides)."""
    meanings = {**MEANINGS, **(says or {})}
    return {code: OpenApiResponse(ErrorOutput, description=meanings[code]) for code in codes}


def require_request_bodies(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Schema post-processing: every request body is required, since every operation
    that takes one refuses an empty request (a schema given as a dict is not marked)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation["requestBody"]["required"] = True
    return result


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A path no view matches: the API's JSON error under /api/, the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
