"""The scorecard body: one shape for `GET /api/v1/teams/<team>/scorecard` and the
report API's `scorecard`, built by `scorecard_body` and documented by `ScorecardOutput`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

from assessments.scorecards.codec import scorecard_to_data
from assessments.selectors.scorecards import TeamScorecard
from tenancy.models import Team


class ScorecardFrameworkOutput(serializers.Serializer[object]):
    framework = serializers.CharField()
    claimed_level = serializers.IntegerField()
    assessed_level = serializers.IntegerField()
    evidence_coverage = serializers.FloatField()
    next_level = serializers.IntegerField(allow_null=True)
    progress_to_next = serializers.FloatField(allow_null=True)
    blocking = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()


class ScorecardCapabilityOutput(serializers.Serializer[object]):
    capability = serializers.CharField()
    state = serializers.CharField()
    claim = serializers.CharField()
    claim_score = serializers.FloatField(allow_null=True)
    evidence = serializers.CharField(allow_null=True)
    answers = serializers.ListField(child=serializers.CharField())
    events = serializers.ListField(child=serializers.CharField())
    respondent_scores = serializers.ListField(
        child=serializers.FloatField(), help_text="Each respondent's score, 0-1."
    )
    disagreement = serializers.BooleanField()
    unverified = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)
    score = serializers.FloatField(help_text="1 met, 0.5 partial, 0 otherwise; n/a counts 1.")


class ScorecardOutput(serializers.Serializer[object]):
    team = serializers.CharField()
    rubric_version = serializers.CharField()
    window_days = serializers.IntegerField(
        help_text="Telemetry window; a stored scorecard keeps the one it was computed with."
    )
    respondents = serializers.IntegerField(help_text="0: nobody has submitted in the round yet.")
    round = serializers.CharField(allow_null=True, help_text="The round the answers come from.")
    stored_at = serializers.DateTimeField(
        allow_null=True,
        help_text="When the scorecard shown was stored (its round closed), while nobody has "
        "submitted in a newer round; null for one computed now.",
    )
    frameworks = serializers.DictField(child=ScorecardFrameworkOutput())
    aspects = serializers.DictField(child=serializers.FloatField())
    capabilities = serializers.DictField(child=ScorecardCapabilityOutput())
    disagreements = serializers.ListField(child=serializers.CharField())


def scorecard_body(team: Team, shown: TeamScorecard) -> dict[str, Any]:
    """The scorecard in the codec's shape, with where it came from."""
    return {
        "team": team.slug,
        "round": shown.round.pk if shown.round else None,
        "stored_at": shown.stored_at,
        **scorecard_to_data(shown.scorecard),
    }


SCORECARD_EXAMPLE = OpenApiExample(
    "A team at Google level 0",
    response_only=True,
    value={
        "team": "fraud-detection",
        "rubric_version": "2026.1",
        "window_days": 90,
        "respondents": 3,
        "round": "7",
        "stored_at": None,
        "frameworks": {
            "google": {
                "framework": "google",
                "claimed_level": 1,
                "assessed_level": 0,
                "evidence_coverage": 0.67,
                "next_level": 1,
                "progress_to_next": 0.5,
                "blocking": ["data_validation"],
                "explanation": "Level 1 needs data_validation, which telemetry contradicts.",
            }
        },
        "aspects": {"people": 50.0, "model_creation": 75.0},
        "capabilities": {
            "data_validation": {
                "capability": "data_validation",
                "state": "contradicted",
                "claim": "met",
                "claim_score": 0.83,
                "evidence": "not_met",
                "answers": ["data_validation_before_training"],
                "events": ["evt-123"],
                "respondent_scores": [1.0, 0.75, 0.75],
                "disagreement": False,
                "unverified": False,
                "note": "Telemetry shows training without a validation step.",
                "score": 0.0,
            }
        },
        "disagreements": [],
    },
)
