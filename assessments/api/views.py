"""REST API views: validate, call one selector or service, serialize."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.teams import team_from_path


class TeamOutput(serializers.Serializer[object]):
    slug = serializers.CharField()
    name = serializers.CharField()
    organization = serializers.CharField(source="organization.slug")
    description = serializers.CharField()


class TeamDetailApi(APIView):
    @extend_schema(responses=TeamOutput, summary="A team you can see")
    def get(self, request: Request, team: str) -> Response:
        return Response(TeamOutput(team_from_path(request, team)).data)
