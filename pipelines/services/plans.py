"""Which steps a run has, by level and environment (data, not code branches)."""

from __future__ import annotations

from pipelines.models import Level

#: (name, kind) of each step, in order. Kinds are the step kinds of docs/telemetry.md#pipeline_run.
MANUAL_STEPS = (
    ("extract", "data_ingestion"),
    ("train", "training"),
    ("evaluate", "evaluation"),
    ("export", "deployment"),
)
EXPERIMENT_STEPS = (
    ("ingest", "data_ingestion"),
    ("validate_data", "data_validation"),
    ("train", "training"),
    ("evaluate", "evaluation"),
)
#: Level 1 tests the registered candidate inside the prediction service and the service's
#: input rules before it deploys (ci_run scopes model and application): Google level 1
#: corresponds to Azure level 2, which builds on Azure level 1's application CI and model
#: integration tests.
AUTOMATED_STEPS = (
    *EXPERIMENT_STEPS,
    ("validate_model", "model_validation"),
    ("register", "registration"),
    ("test_model", "other"),
    ("deploy", "deployment"),
)
CICD_STEPS = (
    ("test_pipeline", "other"),
    *EXPERIMENT_STEPS,
    ("validate_model", "model_validation"),
    ("register", "registration"),
    ("test_model", "other"),
    ("deploy", "deployment"),
)


def steps_for(level: int, environment: str) -> tuple[tuple[str, str], ...]:
    if level == Level.MANUAL:
        return MANUAL_STEPS
    if environment != "production":
        # Experimentation and staging run the same code up to evaluation: nothing
        # outside production is registered or served.
        return (CICD_STEPS[0], *EXPERIMENT_STEPS) if level == Level.CICD else EXPERIMENT_STEPS
    return CICD_STEPS if level == Level.CICD else AUTOMATED_STEPS
