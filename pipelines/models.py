"""Models of the reference pipelines: pipelines, runs and steps, registry, serving, monitoring."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from jobs.models import Leased
from mlops_site import clock
from tenancy.models import Team


class Level(models.IntegerChoices):
    MANUAL = 0, "Level 0: manual process"
    AUTOMATED = 1, "Level 1: ML pipeline automation"
    CICD = 2, "Level 2: CI/CD pipeline automation"


class ReferencePipeline(models.Model):
    """A reference workflow of one maturity level, replaying the bike-sharing data on
    its own simulated clock, and sending telemetry for its team like any outside pipeline."""

    class Fault(models.TextChoices):
        NONE = "none", "None"
        DRIFT = "drift", "Data drift"
        SCHEMA_BREAK = "schema_break", "Schema break"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="reference_pipelines")
    slug = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    clock_date = models.DateField(help_text="The simulated day: data up to it has arrived.")
    pending_fault = models.CharField(max_length=16, choices=Fault.choices, default=Fault.NONE)
    params = models.JSONField(default=dict, blank=True, help_text="Regressor parameters.")
    thresholds = models.JSONField(default=dict, blank=True, help_text="Validation thresholds.")
    #: Prefix of the pipeline's own API token. The secret is never stored: it is derived
    #: from SECRET_KEY when the pipeline sends (tenancy.services.tokens.token_derive).
    telemetry_token_prefix = models.CharField(max_length=16, blank=True)
    created_at = clock.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "level", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["team", "slug"], name="pipeline_slug_unique_in_team")
        ]

    def __str__(self) -> str:
        return f"{self.team.slug}/{self.slug} (level {self.level})"


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


class PipelineRun(Leased):
    """One execution of a pipeline on one simulated day, made of ordered steps, held by
    one worker at a time under a lease (`jobs.lease`)."""

    pipeline = models.ForeignKey(ReferencePipeline, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveIntegerField()
    trigger = models.CharField(max_length=16)  # a trigger of docs/telemetry.md#event-types
    environment = models.CharField(max_length=32, default="production")
    pipeline_version = models.CharField(max_length=64)
    simulated_date = models.DateField()
    #: A fault injected into the data this run ingests (demonstrations).
    fault = models.CharField(max_length=16, default="none")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)
    alert = models.ForeignKey(
        "Alert", on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    created_at = clock.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["pipeline", "number"], name="run_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pipeline.slug} run {self.number}"

    @property
    def run_key(self) -> str:
        """The run_id of its telemetry: stable across retries of the run."""
        return f"{self.pipeline.slug}-{self.pipeline_id}-run-{self.number}"

    @property
    def is_finished(self) -> bool:
        return self.status in (Status.SUCCEEDED, Status.FAILED)


class StepRun(models.Model):
    """One step of a run; a succeeded step is never redone, so retries resume."""

    run = models.ForeignKey(PipelineRun, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=32)
    kind = models.CharField(max_length=32)  # a step kind of docs/telemetry.md#pipeline_run
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    output = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "name"], name="step_name_unique_in_run")
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.name} ({self.status})"


class ModelVersion(models.Model):
    """A registered model: its artifact, lineage and alias. At most one per run, so a
    retried or redelivered run never registers twice."""

    class Alias(models.TextChoices):
        NONE = "", "None"
        CHAMPION = "champion", "Champion"
        CHALLENGER = "challenger", "Challenger"

    pipeline = models.ForeignKey(
        ReferencePipeline, on_delete=models.CASCADE, related_name="model_versions"
    )
    run = models.ForeignKey(PipelineRun, on_delete=models.PROTECT, related_name="model_versions")
    version = models.PositiveIntegerField()
    artifact_path = models.CharField(max_length=500)
    artifact_sha256 = models.CharField(max_length=64)
    params = models.JSONField(default=dict)
    metrics = models.JSONField(default=dict)
    data_version = models.CharField(max_length=64, blank=True)
    code_version = models.CharField(max_length=64, blank=True)
    alias = models.CharField(max_length=16, choices=Alias.choices, blank=True, default="")
    created_at = clock.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["run"], name="one_model_version_per_run"),
            models.UniqueConstraint(fields=["pipeline", "version"], name="model_version_unique"),
            models.UniqueConstraint(
                fields=["pipeline", "alias"], condition=~Q(alias=""), name="model_alias_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pipeline.slug} v{self.version}"


class Deployment(models.Model):
    """A model version put behind the prediction service, with its share of traffic."""

    class Strategy(models.TextChoices):
        REPLACE = "replace", "Replace"
        CANARY = "canary", "Canary"

    class State(models.TextChoices):
        LIVE = "live", "Live"
        RETIRED = "retired", "Retired"
        ROLLED_BACK = "rolled_back", "Rolled back"

    pipeline = models.ForeignKey(
        ReferencePipeline, on_delete=models.CASCADE, related_name="deployments"
    )
    model_version = models.ForeignKey(
        ModelVersion, on_delete=models.PROTECT, related_name="deployments"
    )
    run = models.ForeignKey(
        PipelineRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="deployments"
    )
    environment = models.CharField(max_length=32, default="production")
    strategy = models.CharField(max_length=16, choices=Strategy.choices)
    traffic_percent = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.LIVE)
    actor_type = models.CharField(max_length=16)
    simulated_date = models.DateField()
    created_at = clock.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "strategy", "traffic_percent"], name="deployment_once_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model_version} {self.strategy} {self.traffic_percent}%"


class PredictionLog(models.Model):
    """One served prediction, its inputs, and the actual demand once it is known."""

    pipeline = models.ForeignKey(
        ReferencePipeline, on_delete=models.CASCADE, related_name="predictions"
    )
    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="predictions")
    simulated_date = models.DateField(null=True, blank=True)
    features = models.JSONField()
    prediction = models.FloatField()
    actual = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=16, default="api")  # api or replay
    created_at = clock.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["pipeline", "simulated_date"], name="prediction_by_day")]

    def __str__(self) -> str:
        return f"prediction {self.prediction:.1f} ({self.simulated_date})"


class MonitoringCheck(models.Model):
    """The outcome of one check of the served model on one simulated day."""

    pipeline = models.ForeignKey(ReferencePipeline, on_delete=models.CASCADE, related_name="checks")
    simulated_date = models.DateField()
    kind = models.CharField(max_length=32)
    status = models.CharField(max_length=16)
    metrics = models.JSONField(default=dict)
    created_at = clock.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["simulated_date", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["pipeline", "simulated_date", "kind"], name="one_check_per_day_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} ({self.simulated_date})"


class Alert(models.Model):
    """A monitoring alert; at level 2 an open drift or performance alert starts retraining."""

    pipeline = models.ForeignKey(ReferencePipeline, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=16)
    severity = models.CharField(max_length=16, default="warning")
    status = models.CharField(max_length=16, default="open")
    detail = models.CharField(max_length=300)
    simulated_date = models.DateField()
    created_at = clock.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} alert ({self.status})"

    @property
    def alert_key(self) -> str:
        return f"{self.pipeline.slug}-{self.pipeline_id}-alert-{self.pk}"


class PipelineRelease(models.Model):
    """A pipeline version delivered to one environment by its CI/CD (level 2)."""

    pipeline = models.ForeignKey(
        ReferencePipeline, on_delete=models.CASCADE, related_name="releases"
    )
    pipeline_version = models.CharField(max_length=64)
    environment = models.CharField(max_length=32)
    tests_total = models.PositiveIntegerField(default=0)
    tests_failed = models.PositiveIntegerField(default=0)
    created_at = clock.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pipeline", "pipeline_version", "environment"], name="release_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pipeline.slug} {self.pipeline_version} -> {self.environment}"


class TelemetryDelivery(models.Model):
    """One attempt to deliver a batch of events; failures stay visible here."""

    pipeline = models.ForeignKey(
        ReferencePipeline, on_delete=models.CASCADE, related_name="deliveries"
    )
    events = models.JSONField()
    sent = models.BooleanField(default=False)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = clock.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{len(self.events)} events ({'sent' if self.sent else 'not sent'})"
