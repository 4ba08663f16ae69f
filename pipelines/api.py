"""The prediction service of a reference pipeline (`api-pipeline-predict`).

Session users who may change the team, or an API token of the team's
organisation, get a prediction from the production model (or the canary for
its share of callers); every request is logged for monitoring.
"""

from __future__ import annotations

import time
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.teams import team_from_path
from pipelines import selectors
from pipelines.services import serving
from pipelines.workflows.serving import CATEGORY_VALUES, NUMBER_RANGES, OPTIONAL
from tenancy import access as tenancy
from tenancy.auth import BearerTokenAuthentication


@extend_schema_field({"type": "string", "pattern": "^(Yes|No)$", "example": "Yes"})
class YesNoField(serializers.ChoiceField):
    """A yes/no answer as the data set spells it (a pattern in the schema: two enums
    with the same values would get two names)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=["Yes", "No"], **kwargs)


class PredictionInput(serializers.Serializer[Any]):
    """The model inputs of one hour (validated field by field by the service)."""

    hr = serializers.IntegerField(min_value=0, max_value=23)
    temp = serializers.FloatField()
    atemp = serializers.FloatField()
    hum = serializers.FloatField()
    windspeed = serializers.FloatField()
    season = serializers.ChoiceField(choices=CATEGORY_VALUES["season"])
    holiday = YesNoField()
    weekday = serializers.ChoiceField(choices=CATEGORY_VALUES["weekday"], allow_null=True)
    workingday = YesNoField()
    weathersit = serializers.ChoiceField(choices=CATEGORY_VALUES["weathersit"], allow_null=True)


class PredictionOutput(serializers.Serializer[Any]):
    prediction = serializers.FloatField(source="value", help_text="Expected rentals in that hour.")

    model_version = serializers.IntegerField(source="version")
    route = serializers.ChoiceField(choices=["stable", "canary"])
    log_id = serializers.IntegerField()


class PredictApi(APIView):
    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]

    def _pipeline(self, request: Request, team: str, pipeline: str) -> Any:
        return selectors.pipeline_for_team(team_from_path(request, team), pipeline)

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT},
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

    @extend_schema(request=PredictionInput, responses=PredictionOutput, summary="Predict demand")
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
