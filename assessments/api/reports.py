"""Report API: a team's roadmap, and the whole report as JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.scorecards import ScorecardOutput, scorecard_body
from assessments.api.teams import ORG, TEAM_ERRORS, team_from_path
from assessments.api.window import WINDOW, window_days
from assessments.reports.data import history_to_data, plain, roadmap_to_data
from assessments.selectors.reports import TeamReport, team_report


class RoadmapItemOutput(serializers.Serializer[object]):
    capability = serializers.CharField()
    name = serializers.CharField()
    aspect = serializers.CharField()
    state = serializers.CharField(help_text="The assessed state today.")
    status = serializers.ChoiceField(["open", "done"], help_text="done: telemetry shows it.")
    required_at = serializers.IntegerField(
        allow_null=True, help_text="Level that requires it; null for a prerequisite."
    )
    prerequisite_for = serializers.ListField(child=serializers.CharField())
    depends_on = serializers.ListField(child=serializers.CharField())
    why = serializers.CharField()
    cites = serializers.CharField()
    steps = serializers.ListField(child=serializers.CharField())
    effort = serializers.ChoiceField(["S", "M", "L"])
    days = serializers.IntegerField()
    value = serializers.IntegerField()
    signal = serializers.CharField(help_text="The telemetry that proves it done.")
    reference = serializers.CharField(help_text="The reference pipeline step that shows it.")
    done_on = serializers.DateField(allow_null=True)
    done_events = serializers.ListField(child=serializers.CharField())


class TargetOutput(serializers.Serializer[object]):
    framework = serializers.CharField()
    level = serializers.IntegerField()
    name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class FrameworkRoadmapOutput(serializers.Serializer[object]):
    framework = serializers.CharField()
    framework_name = serializers.CharField()
    assessed_level = serializers.IntegerField()
    assessed_level_name = serializers.CharField()
    next_level = serializers.IntegerField(allow_null=True)
    next_level_name = serializers.CharField(allow_blank=True)
    target = TargetOutput()
    items = RoadmapItemOutput(many=True, help_text="Open items in order, then done ones.")


class ContextOutput(serializers.Serializer[object]):
    serving_mode = serializers.CharField(allow_null=True)
    regulated = serializers.CharField(allow_null=True)
    models_in_production = serializers.CharField(allow_null=True)


class RoadmapOutput(serializers.Serializer[object]):
    team = serializers.CharField()
    rubric_version = serializers.CharField()
    advice_version = serializers.CharField(help_text="The advice set the roadmap was built with.")
    team_context = ContextOutput(help_text="The team's answers to the context questions.")
    top_steps = serializers.ListField(
        child=serializers.CharField(), help_text="The next three things to do."
    )
    frameworks = FrameworkRoadmapOutput(many=True)


ITEM_EXAMPLE = {
    "capability": "model_registry",
    "name": "Model registry",
    "aspect": "model_release",
    "state": "not_met",
    "status": "open",
    "required_at": 2,
    "prerequisite_for": ["automated_deployment"],
    "depends_on": [],
    "why": "Deployments must name a versioned model, or rollbacks and audits guess.",
    "cites": "Azure MLOps maturity model, level 2; Google MLOps level 2",
    "steps": ["Register every model that may be deployed in one registry."],
    "effort": "S",
    "days": 3,
    "value": 3,
    "signal": "At least one model_registered event, and every production deployment names a "
    "registered version.",
    "reference": "Reference pipeline, level 1 workflow: the registration step",
    "done_on": None,
    "done_events": [],
}
ROADMAP_EXAMPLE = OpenApiExample(
    "A team at Google level 0",
    response_only=True,
    value={
        "team": "fraud",
        "rubric_version": "2026.1",
        "advice_version": "1",
        "context": {
            "serving_mode": "online",
            "regulated": "regulated",
            "models_in_production": "few",
        },
        "top_steps": ["model_registry", "experiment_tracking", "model_validation"],
        "frameworks": [
            {
                "framework": "google",
                "framework_name": "Google Cloud MLOps",
                "assessed_level": 0,
                "assessed_level_name": "Manual process",
                "next_level": 1,
                "next_level_name": "ML pipeline automation",
                "target": {
                    "framework": "google",
                    "level": 2,
                    "name": "CI/CD pipeline automation",
                    "reasons": ["Several models serving online change often; ..."],
                },
                "items": [ITEM_EXAMPLE],
            }
        ],
    },
)


def _report(request: Request, team: str) -> TeamReport:
    team_obj = team_from_path(request, team)
    return team_report(team_obj, window_days=window_days(request))


class TeamRoadmapApi(APIView):
    @extend_schema(
        parameters=[WINDOW, ORG],
        responses={200: RoadmapOutput, **TEAM_ERRORS},
        examples=[ROADMAP_EXAMPLE],
        summary="The team's roadmap: per framework, what to do next, in order",
    )
    def get(self, request: Request, team: str) -> Response:
        report = _report(request, team)
        body = {"team": report.team.slug, **roadmap_to_data(report.roadmap)}
        return Response(RoadmapOutput(body).data)


class ReportOutput(serializers.Serializer[object]):
    team = serializers.CharField()
    scorecard = ScorecardOutput(help_text="As GET /api/v1/teams/<team>/scorecard.")
    roadmap = RoadmapOutput()
    history = serializers.JSONField(help_text="Levels over time and changes since last round.")
    metrics = serializers.JSONField(help_text="Weekly delivery-metric series.")
    contradictions = serializers.JSONField(help_text="Contradicted capabilities and their events.")
    disagreements = serializers.JSONField(help_text="Capabilities respondents disagree on.")


def report_body(report: TeamReport) -> dict[str, Any]:
    return {
        "team": report.team.slug,
        "scorecard": scorecard_body(report.team, report.shown),
        "roadmap": {"team": report.team.slug, **roadmap_to_data(report.roadmap)},
        "history": history_to_data(report.history),
        "metrics": [plain(asdict(m)) for m in report.metrics],
        "contradictions": [
            {
                "capability": v.capability.id,
                "note": v.score.note,
                "events": [plain(asdict(e)) for e in v.events],
            }
            for v in report.contradictions
        ],
        "disagreements": [
            {"capability": v.capability.id, "respondent_scores": list(v.score.respondent_scores)}
            for v in report.disagreements
        ],
    }


class TeamReportApi(APIView):
    @extend_schema(
        parameters=[WINDOW, ORG],
        responses={200: ReportOutput, **TEAM_ERRORS},
        summary="The team report's data: scorecard, roadmap, history, metrics, discrepancies",
    )
    def get(self, request: Request, team: str) -> Response:
        return Response(ReportOutput(report_body(_report(request, team))).data)
