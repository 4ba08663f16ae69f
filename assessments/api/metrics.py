"""GET /api/v1/teams/<team>/metrics: a team's delivery metrics (docs/rubric.md#delivery-metrics)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.teams import ORG, TEAM_ERRORS, team_from_path
from assessments.api.window import WINDOW, window_days
from assessments.evidence.delivery import DeliveryMetrics
from assessments.evidence.metrics import team_metrics


class FiguresOutput(serializers.Serializer[object]):
    deployments = serializers.IntegerField(
        allow_null=True,
        help_text="Production deployments that did not fail; null when the "
        "team sent no deployment events in the window.",
    )
    deployment_frequency_per_week = serializers.FloatField(allow_null=True)
    lead_time_hours = serializers.FloatField(
        allow_null=True, help_text="Median hours from training start to production."
    )
    change_failure_rate = serializers.FloatField(
        allow_null=True, help_text="Failed or rolled-back production deployments over all."
    )
    time_to_restore_hours = serializers.FloatField(
        allow_null=True, help_text="Median hours from an alert opening to its resolution."
    )
    automated_run_share = serializers.FloatField(
        allow_null=True, help_text="Share of training runs not triggered by hand."
    )
    monitoring_coverage = serializers.FloatField(
        allow_null=True, help_text="Share of models deployed to production that were monitored."
    )
    median_model_age_days = serializers.FloatField(
        allow_null=True, help_text="Median age of the versions models serve, from registration."
    )
    drift_to_production_hours = serializers.FloatField(
        allow_null=True,
        help_text="Median hours from a drift alert to its retrained model in production.",
    )


class WeekOutput(FiguresOutput):
    week = serializers.CharField(help_text="ISO week, e.g. 2026-W40")
    starts = serializers.DateField(help_text="Its Monday")


class MetricsOutput(serializers.Serializer[object]):
    team = serializers.CharField()
    window_days = serializers.IntegerField()
    totals = FiguresOutput()
    weekly = WeekOutput(many=True)


def metrics_body(team_slug: str, metrics: DeliveryMetrics) -> dict[str, Any]:
    return {
        "team": team_slug,
        "window_days": metrics.window_days,
        "totals": asdict(metrics.totals),
        "weekly": [
            {"week": w.week, "starts": w.starts, **asdict(w.figures)} for w in metrics.weekly
        ],
    }


_EXAMPLE_FIGURES = {
    "deployments": 12,
    "deployment_frequency_per_week": 0.933,
    "lead_time_hours": 26.5,
    "change_failure_rate": 0.0833,
    "time_to_restore_hours": 3.2,
    "automated_run_share": 0.9,
    "monitoring_coverage": 1.0,
    "median_model_age_days": 11.4,
    "drift_to_production_hours": None,
}


class TeamMetricsApi(APIView):
    @extend_schema(
        summary="Delivery metrics of a team",
        description="The team's delivery metrics over the window ending now, "
        "and per ISO week. A figure is null where the events cannot tell (nothing to count).",
        parameters=[WINDOW, ORG],
        responses={200: MetricsOutput, **TEAM_ERRORS},
        examples=[
            OpenApiExample(
                "Ninety days",
                value={
                    "team": "fraud-detection",
                    "window_days": 90,
                    "totals": _EXAMPLE_FIGURES,
                    "weekly": [{"week": "2026-W40", "starts": "2026-09-28", **_EXAMPLE_FIGURES}],
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request, team: str) -> Response:
        days = window_days(request)
        the_team = team_from_path(request, team)
        metrics = team_metrics(the_team, window_days=days)
        return Response(MetricsOutput(metrics_body(the_team.slug, metrics)).data)
