"""The prediction service of a reference pipeline (`api-pipeline-predict`).

Session users who may change the team, or an API token of the team's
organisation, get a prediction from the production model (or the canary for
its share of callers); every request is logged for monitoring.
"""

from __future__ import annotations

import time
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.teams import ORG, TEAM_ERRORS, team_from_path
from mlops_site.api_schema import error_responses
from pipelines import selectors
from pipelines.services import serving
from pipelines.workflows.serving import CATEGORY_VALUES, NUMBER_RANGES, OPTIONAL
from tenancy import access as tenancy
from tenancy.auth import BearerTokenAuthentication


def _input_field(name: str) -> dict[str, Any]:
    if name in CATEGORY_VALUES:
        return {"type": "string", "enum": list(CATEGORY_VALUES[name]), "nullable": name in OPTIONAL}
    low, high = NUMBER_RANGES[name]
    return {"type": "integer" if name == "hr" else "number", "minimum": low, "maximum": high}


#: The model inputs of one hour, from the ranges and choices the service checks them against.
PREDICTION_INPUT = {
    "type": "object",
    "properties": {name: _input_field(name) for name in [*NUMBER_RANGES, *CATEGORY_VALUES]},
    "required": [name for name in [*NUMBER_RANGES, *CATEGORY_VALUES] if name not in OPTIONAL],
    "additionalProperties": False,
}


class FieldRuleOutput(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=["number", "choice"])
    min = serializers.FloatField(required=False)
    max = serializers.FloatField(required=False)
    choices = serializers.ListField(child=serializers.CharField(), required=False)
    optional = serializers.BooleanField(required=False)


class ServiceOutput(serializers.Serializer[Any]):
    pipeline = serializers.CharField()
    stable_version = serializers.IntegerField(allow_null=True)
    canary_version = serializers.IntegerField(allow_null=True)
    canary_percent = serializers.IntegerField()
    # An output key (DRF's metaclass takes declared fields out of the class attributes).
    fields = serializers.DictField(  # type: ignore[assignment]
        child=FieldRuleOutput(), help_text="The inputs, by name."
    )


class PredictionOutput(serializers.Serializer[Any]):
    prediction = serializers.FloatField(source="value", help_text="Expected rentals in that hour.")

    model_version = serializers.IntegerField(source="version")
    route = serializers.ChoiceField(choices=["stable", "canary"])
    log_id = serializers.IntegerField()


PIPELINE_ERRORS = {
    **TEAM_ERRORS,
    **error_responses(404, says={404: "No such team, or no such pipeline in it."}),
}
PREDICT_ERRORS = {
    **PIPELINE_ERRORS,
    **error_responses(
        400,
        403,
        says={
            400: "Invalid input (`errors` by field), no model in production yet, or several "
            "of your organisations have this team and `org` does not say which.",
            403: "A viewer's session (only those who may change the team call the model), "
            "or a session request without its CSRF token.",
        },
    ),
}


class PredictApi(APIView):
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]

    def _pipeline(self, request: Request, team: str, pipeline: str) -> Any:
        return selectors.pipeline_for_team(team_from_path(request, team), pipeline)

    @extend_schema(
        parameters=[ORG],
        responses={200: ServiceOutput, **PIPELINE_ERRORS},
        summary="What the prediction service serves and expects",
    )
    def get(self, request: Request, team: str, pipeline: str) -> Response:
        found = self._pipeline(request, team, pipeline)
        routes = serving.live_routes(found)
        return Response(
            {
                "pipeline": found.slug,
                "stable_version": routes.stable.model_version.version if routes.stable else None,
                "canary_version": routes.canary.model_version.version if routes.canary else None,
                "canary_percent": routes.canary.traffic_percent if routes.canary else 0,
                "fields": {
                    **{
                        k: {"type": "number", "min": lo, "max": hi}
                        for k, (lo, hi) in NUMBER_RANGES.items()
                    },
                    **{
                        k: {"type": "choice", "choices": list(v), "optional": k in OPTIONAL}
                        for k, v in CATEGORY_VALUES.items()
                    },
                },
            }
        )

    @extend_schema(
        parameters=[ORG],
        request={"application/json": PREDICTION_INPUT},
        responses={200: PredictionOutput, **PREDICT_ERRORS},
        summary="Predict demand",
    )
    def post(self, request: Request, team: str, pipeline: str) -> Response:
        found = self._pipeline(request, team, pipeline)
        if request.auth is None and not tenancy.can_change_team(request.user, found.team):
            raise PermissionDenied("Viewers cannot call the prediction service.")
        caller = (
            f"token-{request.auth.pk}" if request.auth is not None else f"user-{request.user.pk}"
        )
        # One caller key per request unless the client names one (to stay on one model).
        key = request.headers.get("X-Request-Key") or f"{caller}:{time.time_ns()}"
        result = serving.prediction_make(pipeline=found, payload=request.data, key=key)
        return Response(PredictionOutput(result).data)
