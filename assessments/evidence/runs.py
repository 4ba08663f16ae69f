"""Evidence rules over training runs and pipeline runs (RUBRIC.md section 4)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.fields.json import KT

from assessments.evidence.base import Params, Window, carries, count_met, share_met, tally
from assessments.evidence.jsonsql import HasStep, StepBefore
from assessments.evidence.outcome import EVENT_CAP, count_outcome, insufficient, share_outcome
from assessments.rubric.types import EvidenceResult


def source_control(w: Window, p: Params) -> EvidenceResult:
    """Runs that carry the `code_version` they were trained from."""
    found = tally(w.runs(), carries("code_version"), share_met(p["min_share"]))
    return share_outcome(
        found, min_share=p["min_share"], what="training runs", practice="carry code_version"
    )


def experiment_tracking(w: Window, p: Params) -> EvidenceResult:
    """Runs that record non-empty params and metrics."""
    found = tally(w.runs(), carries("params") & carries("metrics"), share_met(p["min_share"]))
    return share_outcome(
        found,
        min_share=p["min_share"],
        what="training runs",
        practice="record params and metrics",
    )


def _orchestrated_pipeline_run(w: Window, min_steps: int) -> Q:
    """A pipeline_run of the same run id with at least `min_steps` steps, one of them training."""
    pipeline_runs = w.history("pipeline_run").filter(
        HasStep("training"),
        run_id=OuterRef("run_id"),
        **{f"attributes__steps__{min_steps - 1}__isnull": False},
    )
    return Q(Exists(pipeline_runs)) & ~Q(run_id="")


def automated_training(w: Window, p: Params) -> EvidenceResult:
    good = _orchestrated_pipeline_run(w, int(p["min_steps"]))
    found = tally(w.runs(), good, share_met(p["min_share"]))
    return share_outcome(
        found,
        min_share=p["min_share"],
        what="training runs",
        practice=f"belong to a pipeline run of {p['min_steps']} or more steps with training",
    )


def continuous_training(w: Window, p: Params) -> EvidenceResult:
    triggers = tuple(p["triggers"])
    found = tally(w.runs(), Q(attributes__trigger__in=triggers), count_met(p["min_runs"]))
    return count_outcome(
        found,
        min_count=p["min_runs"],
        what="training runs",
        practice="were triggered by " + " or ".join(triggers),
    )


def data_pipeline_automation(w: Window, p: Params) -> EvidenceResult:
    good = (
        Q(attributes__has_key="trigger")
        & ~Q(attributes__trigger="manual")
        & Q(HasStep("data_ingestion"))
    )
    found = tally(w.pipeline_runs(), good, count_met(p["min_runs"]))
    return count_outcome(
        found,
        min_count=p["min_runs"],
        what="pipeline runs",
        practice="were started automatically and ingest data",
    )


def data_validation(w: Window, p: Params) -> EvidenceResult:
    with_training = w.pipeline_runs().filter(HasStep("training"))
    found = tally(
        with_training, Q(StepBefore("data_validation", "training")), share_met(p["min_share"])
    )
    return share_outcome(
        found,
        min_share=p["min_share"],
        what="pipeline runs with a training step",
        practice="validate data before training",
    )


def environment_parity(w: Window, p: Params) -> EvidenceResult:
    """One pipeline version ran in at least `min_environments` environments."""
    if not w.pipeline_runs().exists():
        return insufficient("pipeline runs")
    best = (
        w.pipeline_runs()
        .exclude(environment="")
        .filter(carries("pipeline_version"))
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
                w.pipeline_runs()
                .order_by("-occurred_at")
                .values_list("event_id", flat=True)[:EVENT_CAP]
            ),
            detail="No pipeline run names both its pipeline_version and its environment; "
            f"needs one version in {needed} environments.",
        )
    return EvidenceResult(
        state="met" if best["envs"] >= needed else "not_met",
        event_ids=_parity_ids(w, best["pipeline"], best["pv"]),
        detail=f"The most widespread pipeline version ({best['pipeline'] or 'unnamed'} "
        f"{best['pv']}) ran in {best['envs']} environment(s); needs {needed}.",
    )


def _parity_ids(w: Window, pipeline: str, version: str) -> tuple[str, ...]:
    """The latest run of this pipeline version in each environment it ran in."""
    runs = (
        w.pipeline_runs()
        .filter(pipeline=pipeline, attributes__pipeline_version=version)
        .exclude(environment="")
    )
    envs = runs.values_list("environment", flat=True).distinct().order_by("environment")
    ids = []
    for env in list(envs[:EVENT_CAP]):
        latest = runs.filter(environment=env).order_by("-occurred_at", "-pk")
        ids.append(latest.values_list("event_id", flat=True)[0])
    return tuple(ids)
