"""Answers in (`teams/<team>/assessments`) and the scorecard out (`teams/<team>/scorecard`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.scorecards import SCORECARD_EXAMPLE, ScorecardOutput, scorecard_body
from assessments.api.teams import ORG, TEAM_ERRORS, team_from_path
from assessments.api.window import WINDOW, window_days
from assessments.models import AssessmentResponse, AssessmentRound
from assessments.questionnaire import rules as questionnaire
from assessments.rubric.scorecard import AnswerValue
from assessments.selectors.scorecards import team_scorecard_shown
from assessments.services import questionnaire as q_services
from mlops_site.api_schema import error_responses
from mlops_site.errors import DomainError
from tenancy import access as tenancy
from tenancy.models import ApiToken


def _invalid(serializer: serializers.Serializer[Any], message: str) -> DomainError:
    """Serializer errors in the app's one error shape: detail, and errors by field."""
    errors: dict[str, list[str]] = {}
    for field, value in serializer.errors.items():
        if isinstance(value, dict):  # a DictField: errors by question id
            errors.update({str(k): [str(m) for m in v] for k, v in value.items()})
        else:
            errors[str(field)] = [str(m) for m in value]
    return DomainError(message, field_errors=errors)


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "description": "An option id of the question."},
            {
                "type": "object",
                "properties": {
                    "not_applicable": {"type": "boolean", "enum": [True]},
                    "justification": {"type": "string", "minLength": 1},
                },
                "required": ["not_applicable", "justification"],
            },
        ]
    }
)
class AnswerValueField(serializers.Field[AnswerValue, AnswerValue, object, Any]):
    """An option id, or {"not_applicable": true, "justification": "..."}."""

    def to_internal_value(self, data: object) -> AnswerValue:
        try:
            return questionnaire.answer_from_json(data)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None

    def to_representation(self, value: AnswerValue) -> object:
        return value


class AssessmentImportInput(serializers.Serializer[object]):
    answers = serializers.DictField(child=AnswerValueField(), allow_empty=False)


class AssessmentImportOutput(serializers.Serializer[object]):
    id = serializers.CharField()
    round = serializers.CharField()
    status = serializers.CharField()
    scorecard = serializers.CharField(help_text="Where the team's scorecard is read.")


class RoundOutput(serializers.Serializer[object]):
    id = serializers.CharField()
    rubric_version = serializers.CharField()
    status = serializers.CharField()
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    submitted = serializers.IntegerField(help_text="Responses submitted in this round.")


IMPORT_EXAMPLE = OpenApiExample(
    "Answers by question id",
    request_only=True,
    value={
        "answers": {
            "source_control_where_code_lives": "all",
            "progressive_delivery_first_use": {
                "not_applicable": True,
                "justification": "batch scoring only",
            },
        }
    },
)
IMPORT_RESULT = OpenApiExample(
    "Stored and submitted",
    response_only=True,
    status_codes=["201"],
    value={
        "id": "42",
        "round": "7",
        "status": "submitted",
        "scorecard": "/api/v1/teams/fraud/scorecard",
    },
)
IMPORT_ERRORS = OpenApiExample(
    "Per-question errors (nothing stored)",
    response_only=True,
    status_codes=["400"],
    value={
        "detail": "Some answers could not be saved.",
        "errors": {"no_such_question": ["No such question."]},
    },
)


IMPORT_ERROR_RESPONSES = {
    **TEAM_ERRORS,
    **error_responses(
        400,
        403,
        says={
            400: "Nothing stored: no round is open, answers are not in the expected shape "
            "(`errors` by question id), or several of your organisations have this team "
            "and `org` does not say which.",
            403: "Sent with an API token, or by someone who does not answer for the team, "
            "or without the CSRF token of a signed-in session.",
        },
    ),
}


class TeamAssessmentsApi(APIView):
    @extend_schema(
        parameters=[ORG],
        responses={200: RoundOutput(many=True), **TEAM_ERRORS},
        summary="The team's assessment rounds",
    )
    def get(self, request: Request, team: str) -> Response:
        team_obj = team_from_path(request, team)
        submitted = Count(
            "responses", filter=Q(responses__status=AssessmentResponse.Status.SUBMITTED)
        )
        rounds = AssessmentRound.objects.filter(team=team_obj).annotate(submitted=submitted)
        return Response(RoundOutput(rounds, many=True).data)

    @extend_schema(
        request=AssessmentImportInput,
        parameters=[ORG],
        responses={201: AssessmentImportOutput, **IMPORT_ERROR_RESPONSES},
        examples=[IMPORT_EXAMPLE, IMPORT_RESULT, IMPORT_ERRORS],
        summary="Import answers into the open round (all or none), as your submitted response",
        description="Answers are a person's claims: a signed-in member, lead or organisation "
        "admin of the team imports them as their own response. An API token names no person, "
        "so it gets a 403 here.",
    )
    def post(self, request: Request, team: str) -> Response:
        team_obj = team_from_path(request, team)
        if isinstance(request.auth, ApiToken):
            # Answers are a person's claims, recorded as that person's response; a token
            # names no person, so imports need a signed-in member (telemetry needs none).
            raise PermissionDenied(
                "Answers are imported by a signed-in team member, not with an API token."
            )
        if not tenancy.can_change_team(request.user, team_obj):
            raise PermissionDenied("Only the team's members, leads and organisation admins answer.")
        serializer = AssessmentImportInput(data=request.data)
        if not serializer.is_valid():
            raise _invalid(serializer, "Some answers are not in the expected shape.")
        response = q_services.assessment_import(
            team=team_obj, user=request.user, answers=serializer.validated_data["answers"]
        )
        body = {
            "id": response.pk,
            "round": response.round_id,
            "status": response.status,
            "scorecard": reverse("api-team-scorecard", kwargs={"team": team_obj.slug}),
        }
        return Response(AssessmentImportOutput(body).data, status=status.HTTP_201_CREATED)


class TeamScorecardApi(APIView):
    @extend_schema(
        parameters=[WINDOW, ORG],
        responses={200: ScorecardOutput, **TEAM_ERRORS},
        examples=[SCORECARD_EXAMPLE],
        summary="The team's scorecard: both frameworks' levels, aspects, capabilities",
    )
    def get(self, request: Request, team: str) -> Response:
        team_obj = team_from_path(request, team)
        shown = team_scorecard_shown(team_obj, window_days=window_days(request))
        return Response(ScorecardOutput(scorecard_body(team_obj, shown)).data)
