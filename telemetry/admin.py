"""Admin console: telemetry events, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from telemetry.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    """Telemetry as received, read-only: events are the record of what pipelines did."""

    list_display = ("type", "event_id", "team", "model_name", "environment", "occurred_at")
    list_filter = ("type", "organization")
    search_fields = ("event_id", "run_id", "model_name", "pipeline", "team__slug")
    list_select_related = ("team", "team__organization")
    date_hierarchy = "occurred_at"

    def get_readonly_fields(self, request: HttpRequest, obj: Event | None = None) -> list[str]:
        return [f.name for f in Event._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        return False
