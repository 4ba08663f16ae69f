"""Evidence rules over training runs and pipeline runs (docs/rubric.md#evidence-rules)."""

from __future__ import annotations

from django.db.models import Count, Max
from django.db.models.fields.json import KT

from assessments.evidence.base import Params, has_text
from assessments.evidence.outcome import EVENT_CAP, insufficient
from assessments.evidence.rule import at_least, share_of
from assessments.evidence.sets import Sets
from assessments.rubric.types import EvidenceResult


def source_control(s: Sets, p: Params) -> EvidenceResult:
    """Runs that carry the `code_version` they were trained from."""
    return share_of(s.runs, "code", p, what="training runs", practice="carry code_version")


def experiment_tracking(s: Sets, p: Params) -> EvidenceResult:
    """Runs that record non-empty params and metrics."""
    return share_of(
        s.runs, "tracked", p, what="training runs", practice="record params and metrics"
    )


def automated_training(s: Sets, p: Params) -> EvidenceResult:
    """Runs whose pipeline_run (same run_id) has `min_steps` or more steps, one of kind training."""
    return share_of(
        s.runs,
        "orchestrated",
        p,
        what="training runs",
        practice=f"belong to a pipeline run of {p['min_steps']} or more steps with training",
    )


def continuous_training(s: Sets, p: Params) -> EvidenceResult:
    """Runs triggered by one of `triggers` (schedule and new data; 2026.2 adds drift and
    performance)."""
    practice = "were triggered by " + " or ".join(p["triggers"])
    return at_least(s.runs, "continuous", p["min_runs"], what="training runs", practice=practice)


def data_pipeline_automation(s: Sets, p: Params) -> EvidenceResult:
    """2026.2 (`min_share`): pipeline runs with a succeeded data_ingestion step, however the
    run was started. 2026.1 (`min_runs`): pipeline runs not triggered by hand that have a
    data_ingestion step, which confused automated data gathering with an automatic trigger."""
    if "min_share" in p:
        return share_of(
            s.pipeline_runs,
            "ingested",
            p,
            what="pipeline runs",
            practice="have a succeeded data_ingestion step",
        )
    return at_least(
        s.pipeline_runs,
        "ingests",
        p["min_runs"],
        what="pipeline runs",
        practice="were started automatically and ingest data",
    )


def data_validation(s: Sets, p: Params) -> EvidenceResult:
    """Pipeline runs with a training step that validate data in an earlier step."""
    return share_of(
        s.pipeline_runs,
        "validates_first",
        p,
        total="trains",
        within="trains",
        what="pipeline runs with a training step",
        practice="validate data before training",
    )


def environment_parity(s: Sets, p: Params) -> EvidenceResult:
    """One pipeline version ran in at least `min_environments` environments."""
    runs = s.window.pipeline_runs()
    # The set's count, already made for the other pipeline-run rules: an `exists()` here
    # let PostgreSQL scan the table from its oldest rows to find the window's first one.
    if s.pipeline_runs.counts["total"] == 0:
        return insufficient("pipeline runs")
    best = (
        runs.exclude(environment="")
        .filter(has_text("pipeline_version"))
        .annotate(pv=KT("attributes__pipeline_version"))
        .values("pipeline", "pv")
        .annotate(envs=Count("environment", distinct=True))
        .order_by("-envs", "pipeline", "pv")
        .first()
    )
    needed = int(p["min_environments"])
    if best is None:
        return EvidenceResult(
            state="not_met",
            event_ids=tuple(
                runs.order_by("-occurred_at", "-pk").values_list("event_id", flat=True)[:EVENT_CAP]
            ),
            detail="No pipeline run names both its pipeline_version and its environment; "
            f"needs one version in {needed} environments.",
        )
    return EvidenceResult(
        state="met" if best["envs"] >= needed else "not_met",
        event_ids=_parity_ids(s, best["pipeline"], best["pv"]),
        detail=f"The most widespread pipeline version ({best['pipeline'] or 'unnamed'} "
        f"{best['pv']}) ran in {best['envs']} environment(s); needs {needed}.",
    )


def _parity_ids(s: Sets, pipeline: str, version: str) -> tuple[str, ...]:
    """One run of this pipeline version in each environment it ran in."""
    per_env = (
        s.window.pipeline_runs()
        .filter(pipeline=pipeline, attributes__pipeline_version=version)
        .exclude(environment="")
        .values("environment")
        .annotate(eid=Max("event_id"))
        .order_by("environment")
    )
    return tuple(row["eid"] for row in per_env[:EVENT_CAP])
