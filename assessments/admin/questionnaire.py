"""Admin console for rounds, responses, answers and stored scorecards (imported by admin.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from assessments.models import Answer, AssessmentResponse, AssessmentRound, ScorecardSnapshot
from assessments.services import questionnaire as q_services
from mlops_site.errors import DomainError
from tenancy.models import Team


def _recompute(request: HttpRequest, teams: QuerySet[Team], admin_: admin.ModelAdmin[Any]) -> None:
    done = 0
    for team in teams:
        try:
            q_services.scorecard_recompute(team=team)
            done += 1
        except DomainError as error:
            admin_.message_user(request, f"{team}: {error.message}", messages.ERROR)
    admin_.message_user(request, f"Stored a fresh scorecard for {done} team(s).", messages.SUCCESS)


class ResponseInline(admin.TabularInline[AssessmentResponse, AssessmentRound]):
    model = AssessmentResponse
    extra = 0
    fields = ("respondent", "status", "submitted_at", "updated_at")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(admin.ModelAdmin[AssessmentRound]):
    list_display = (
        "team",
        "status",
        "rubric_version",
        "opened_at",
        "opened_by",
        "closed_at",
        "submitted",
    )
    list_filter = ("status", "rubric_version", "team__organization")
    search_fields = ("team__slug", "team__name", "team__organization__slug", "opened_by__username")
    list_select_related = ("team__organization", "opened_by")
    readonly_fields = ("opened_at", "closed_at", "opened_by", "closed_by")
    inlines = (ResponseInline,)
    actions = ("recompute_scorecard",)
    date_hierarchy = "opened_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[AssessmentRound]:
        submitted = Count("responses", filter=Q(responses__status="submitted"))
        return super().get_queryset(request).annotate(submitted_count=submitted)

    @admin.display(description="Submitted", ordering="submitted_count")
    def submitted(self, obj: AssessmentRound) -> int:
        return int(getattr(obj, "submitted_count", 0))

    @admin.action(description="Recompute the scorecard of these rounds' teams")
    def recompute_scorecard(
        self, request: HttpRequest, queryset: QuerySet[AssessmentRound]
    ) -> None:
        teams = Team.objects.filter(id__in=queryset.values("team_id")).select_related(
            "organization"
        )
        _recompute(request, teams, self)


class AnswerInline(admin.TabularInline[Answer, AssessmentResponse]):
    model = Answer
    extra = 0
    fields = ("question_id", "option_id", "not_applicable", "justification", "updated_at")
    readonly_fields = ("updated_at",)


@admin.register(AssessmentResponse)
class AssessmentResponseAdmin(admin.ModelAdmin[AssessmentResponse]):
    list_display = ("respondent", "round", "status", "submitted_at", "updated_at")
    list_filter = ("status", "round__team__organization", "round__rubric_version")
    search_fields = ("respondent__username", "respondent__email", "round__team__slug")
    list_select_related = ("respondent", "round__team__organization")
    readonly_fields = ("created_at", "updated_at", "submitted_at")
    raw_id_fields = ("round", "respondent")
    inlines = (AnswerInline,)


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin[Answer]):
    list_display = ("question_id", "option_id", "not_applicable", "response", "updated_at")
    list_filter = ("not_applicable", "response__round__team__organization")
    search_fields = ("question_id", "option_id", "justification", "response__respondent__username")
    list_select_related = ("response__respondent", "response__round__team__organization")
    raw_id_fields = ("response",)


@admin.register(ScorecardSnapshot)
class ScorecardSnapshotAdmin(admin.ModelAdmin[ScorecardSnapshot]):
    list_display = ("team", "rubric_version", "window_days", "computed_at", "round", "computed_by")
    list_filter = ("rubric_version", "team__organization")
    search_fields = ("team__slug", "team__name", "team__organization__slug")
    list_select_related = ("team__organization", "round__team__organization", "computed_by")
    readonly_fields = (
        "team", "round", "rubric_version", "window_days", "computed_at", "computed_by", "scorecard",
    )  # fmt: skip
    actions = ("recompute_scorecard",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # snapshots come from closing a round or recomputing, never by hand

    @admin.action(description="Recompute the scorecard of these snapshots' teams")
    def recompute_scorecard(
        self, request: HttpRequest, queryset: QuerySet[ScorecardSnapshot]
    ) -> None:
        teams = Team.objects.filter(id__in=queryset.values("team_id")).select_related(
            "organization"
        )
        _recompute(request, teams, self)
