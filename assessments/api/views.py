"""REST API views: validate, call one selector or service, serialize."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.api.teams import ORG, TEAM_ERRORS, team_from_path


class TeamOutput(serializers.Serializer[object]):
    slug = serializers.CharField()
    name = serializers.CharField()
    organization = serializers.CharField(source="organization.slug")
    description = serializers.CharField()


class TeamDetailApi(APIView):
    @extend_schema(
        parameters=[ORG], responses={200: TeamOutput, **TEAM_ERRORS}, summary="A team you can see"
    )
    def get(self, request: Request, team: str) -> Response:
        return Response(TeamOutput(team_from_path(request, team)).data)
