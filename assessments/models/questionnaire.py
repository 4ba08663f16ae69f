"""Questionnaire rounds, responses and answers, and the stored scorecards they produce."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.rubric.scorecard import AnswerValue, NotApplicable
from mlops_site import clock
from tenancy.models import Team


class AssessmentRound(models.Model):
    """One questioning of a team's members, scored with the rubric version it was opened with.

    At most one round per team is open; closing it stores the team's scorecard.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="assessment_rounds")
    rubric_version = models.CharField(max_length=32)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = clock.DateTimeField(default=clock.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        get_latest_by = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team"], condition=Q(status="open"), name="round_one_open_per_team"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="round_closed_at_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} round of {self.opened_at:%Y-%m-%d} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AssessmentResponse(models.Model):
    """One person's answers in one round; a draft until they submit it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_responses"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = clock.DateTimeField(auto_now_add=True)
    updated_at = clock.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "respondent__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent"], name="response_one_per_person_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.respondent} in {self.round} ({self.status})"


class Answer(models.Model):
    """The answer to one question: an option id, or not applicable with its justification."""

    response = models.ForeignKey(
        AssessmentResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question_id = models.CharField(max_length=100)
    option_id = models.CharField(max_length=100, blank=True)
    not_applicable = models.BooleanField(default=False)
    justification = models.TextField(blank=True)
    updated_at = clock.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["response", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_id"], name="answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=Q(not_applicable=False, justification="") & ~Q(option_id="")
                | Q(not_applicable=True, option_id="") & ~Q(justification=""),
                name="answer_option_xor_justified_na",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {'n/a' if self.not_applicable else self.option_id}"

    @property
    def value(self) -> AnswerValue:
        return NotApplicable(self.justification) if self.not_applicable else self.option_id


class ScorecardSnapshot(models.Model):
    """A team's scorecard as computed at one moment, kept whole so it stays explainable
    after the question bank changes and gives reports a history."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="scorecard_snapshots")
    round = models.ForeignKey(
        AssessmentRound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scorecard_snapshots",
    )
    rubric_version = models.CharField(max_length=32)
    window_days = models.PositiveIntegerField()
    computed_at = clock.DateTimeField(default=clock.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The Scorecard (assessments.rubric.scorecard) as JSON, see assessments.scorecards.codec.
    scorecard = models.JSONField()

    class Meta:
        ordering = ["-computed_at", "-id"]
        get_latest_by = ["computed_at", "id"]
        indexes = [models.Index(fields=["team", "-computed_at"], name="snapshot_team_recent")]

    def __str__(self) -> str:
        return f"{self.team} scorecard of {self.computed_at:%Y-%m-%d %H:%M}"
