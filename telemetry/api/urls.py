"""Routes of the events API (mounted under /api/v1/)."""

from django.urls import path

from telemetry.api import events

urlpatterns = [
    path("events", events.EventsApi.as_view(), name="api-events"),
]
