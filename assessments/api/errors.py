"""Maps the domain error to a 400 and keeps DRF's handling for everything else."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from mlops_site.errors import DomainError
from telemetry.services import EventsRejected


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, EventsRejected):
        errors = [e.as_dict() for e in exc.errors]
        return Response({"detail": exc.message, "errors": errors}, status=exc.status_code)
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message}
        if exc.field_errors:
            body["errors"] = exc.field_errors
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
