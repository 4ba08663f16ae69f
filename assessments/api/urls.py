"""Version 1 of the public REST API."""

from django.urls import path

from assessments.api import telemetry, views

urlpatterns = [
    path("events", telemetry.EventsApi.as_view(), name="api-events"),
    path("teams/<slug:team>", views.TeamDetailApi.as_view(), name="api-team-detail"),
]
