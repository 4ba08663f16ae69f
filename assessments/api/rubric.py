"""GET /api/v1/rubric: the rubric in force (or an older version), as the questionnaire shows it."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.rubric.loader import available_versions, get_rubric
from assessments.rubric.types import Option, Question
from mlops_site.api_schema import error_responses


class ThresholdsOutput(serializers.Serializer[object]):
    claim_met = serializers.FloatField()
    claim_partial = serializers.FloatField()
    disagreement_spread = serializers.FloatField()
    window_days = serializers.IntegerField()


class CapabilityOutput(serializers.Serializer[object]):
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    aspect = serializers.CharField()
    telemetry = serializers.BooleanField(help_text="Whether an evidence rule can show it.")
    allows_not_applicable = serializers.BooleanField()
    optional = serializers.BooleanField(help_text="Required by no level; shown as an extra.")


class LevelOutput(serializers.Serializer[object]):
    level = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    requires = serializers.ListField(
        child=serializers.CharField(), help_text="Capability ids, in addition to lower levels."
    )


class FrameworkOutput(serializers.Serializer[object]):
    id = serializers.CharField()
    name = serializers.CharField()
    # DRF's metaclass turns declared fields into output keys; the stubs only see
    # the clash with Field attributes of the same name.
    source = serializers.CharField()  # type: ignore[assignment]
    levels = LevelOutput(many=True)


class OptionOutput(serializers.Serializer[object]):
    id = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    score = serializers.SerializerMethodField()

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_score(self, option: Option) -> float | None:
        # Options of unscored context questions carry no score.
        return None if self.context.get("unscored") else option.score


class ConditionOutput(serializers.Serializer[object]):
    question = serializers.CharField()
    any_of = serializers.ListField(child=serializers.CharField())


class QuestionOutput(serializers.Serializer[object]):
    id = serializers.CharField()
    capability = serializers.SerializerMethodField()
    text = serializers.CharField()
    help = serializers.CharField()
    context = serializers.BooleanField(  # type: ignore[assignment]
        help_text="Unscored: describes the team's situation."
    )
    allows_not_applicable = serializers.BooleanField()
    show_if = ConditionOutput(allow_null=True, help_text="Shown only when this holds.")
    options = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_capability(self, question: Question) -> str | None:
        return question.capability or None

    @extend_schema_field(OptionOutput(many=True))
    def get_options(self, question: Question) -> list[dict[str, object]]:
        context = {"unscored": question.context}
        return list(OptionOutput(question.options, many=True, context=context).data)


class RubricOutput(serializers.Serializer[object]):
    version = serializers.CharField()
    changelog = serializers.ListField(child=serializers.CharField())
    thresholds = ThresholdsOutput()
    capabilities = CapabilityOutput(many=True)
    frameworks = serializers.DictField(child=FrameworkOutput())
    questions = QuestionOutput(many=True)
    evidence = serializers.DictField(
        child=serializers.DictField(child=serializers.JSONField()),
        help_text="Parameters of each capability's evidence rule.",
    )


class RubricApi(APIView):
    @extend_schema(
        responses={
            200: RubricOutput,
            **error_responses(401, 404, says={404: "No rubric of that version."}),
        },
        summary="The rubric: capabilities, framework levels and questions",
        parameters=[
            OpenApiParameter(
                "version", str, description="A rubric version; the current one by default."
            )
        ],
    )
    def get(self, request: Request) -> Response:
        version = request.query_params.get("version") or None
        if version is not None and version not in available_versions():
            raise Http404("No such rubric version.")
        return Response(RubricOutput(get_rubric(version)).data)
