"""Evidence rules over production deployments and their versions (docs/rubric.md#evidence-rules)."""

from __future__ import annotations

from assessments.evidence.base import Params
from assessments.evidence.outcome import Tally, insufficient, share_outcome
from assessments.evidence.rule import at_least, share_of
from assessments.evidence.sets import Sets
from assessments.rubric.types import EvidenceResult


def model_validation(s: Sets, p: Params) -> EvidenceResult:
    """Registered versions deployed in the window (each counted once) that a model_validation
    compared with a baseline (2026.2: a passed one, before the deployment)."""
    total, good = s.deployed_versions["versions"], s.deployed_versions["validated"]
    met = total > 0 and good / total >= p["min_share"]
    ids = s.deployments.ids("validated", first=met, within="registered") if total else ()
    return share_outcome(
        Tally(total, good, ids),
        min_share=p["min_share"],
        what="registered versions deployed",
        practice=_validated(p),
    )


def _validated(p: Params) -> str:
    statuses = " or ".join(p.get("statuses", ()))
    practice = f"had a {statuses} validation" if statuses else "were validated"
    before = " before their deployment" if p.get("before_deployment") else ""
    return f"{practice} against a baseline{before}"


def model_registry(s: Sets, p: Params) -> EvidenceResult:
    """Versions registered in the window, and every deployment naming a registered version."""
    d = s.deployments
    total, good = d.counts["total"], d.counts["registered"]
    if total == 0:
        return insufficient("deployments")
    registrations = s.window.events("model_registered").count()
    met = registrations >= int(p["min_registered"]) and good == total
    return EvidenceResult(
        state="met" if met else "not_met",
        event_ids=d.ids("registered", first=met),
        detail=f"{good} of {total} deployments name a registered version; "
        f"{registrations} version(s) registered in the window (needs {p['min_registered']}).",
    )


def lineage(s: Sets, p: Params) -> EvidenceResult:
    """Deployments whose version is registered from a run with data_version and code_version
    (with `run_id_fallback`, 2026.2: else whose own run_id names such a run)."""
    through = "a run" if p.get("run_id_fallback") else "a registered run"
    return share_of(
        s.deployments,
        "traced",
        p,
        what="deployments",
        practice=f"trace back to {through} with data_version and code_version",
    )


def release_testing(s: Sets, p: Params) -> EvidenceResult:
    """Deployments preceded by a passed model-scope ci_run within `lookback_days`."""
    return share_of(
        s.deployments,
        "tested",
        p,
        what="deployments",
        practice=f"followed a passed model ci_run within {p['lookback_days']} days",
    )


def automated_deployment(s: Sets, p: Params) -> EvidenceResult:
    """Deployments made by one of `actor_types` (a pipeline or CI). With `stated_actors_only`
    (2026.2) a deployment that does not state its actor_type counts neither way."""
    practice = "were made by " + " or ".join(p["actor_types"])
    if p.get("stated_actors_only"):
        return share_of(
            s.deployments,
            "automated",
            p,
            total="states_actor",
            within="states_actor",
            what="deployments that state actor_type",
            practice=practice,
        )
    return share_of(s.deployments, "automated", p, what="deployments", practice=practice)


def progressive_delivery(s: Sets, p: Params) -> EvidenceResult:
    """Deployments with one of `strategies` (canary, shadow, A/B, blue-green).

    2026.2 (`min_share`): a share of the deployments of a version after the model's first, so
    one canary among many direct replacements does not stand for the practice. 2026.1
    (`min_deployments`): at least that many such deployments."""
    if "min_share" in p:
        return share_of(
            s.deployments,
            "later_progressive",
            p,
            total="later_version",
            within="later_version",
            what="deployments of a version after the model's first",
            practice="used " + ", ".join(p["strategies"]),
        )
    return at_least(
        s.deployments,
        "progressive",
        p["min_deployments"],
        what="deployments",
        practice="used " + ", ".join(p["strategies"]),
    )


def production_monitoring(s: Sets, p: Params) -> EvidenceResult:
    """Models deployed to production in the window, checked in its last `recent_days` days
    (with `check_kinds`, 2026.2: by a check of one of those kinds; latency alone is not
    model monitoring)."""
    d = s.deployments
    kinds = " or ".join(p.get("check_kinds", ())) + " " if p.get("check_kinds") else ""
    total, good = d.counts["models"], d.counts["models_monitored"]
    met = total > 0 and good / total >= p["min_share"]
    ids = d.ids("monitored", first=met, within="named") if total else ()
    return share_outcome(
        Tally(total, good, ids),
        min_share=p["min_share"],
        what="models deployed to production",
        practice=f"had a {kinds}monitoring_check in the last {p['recent_days']} days",
    )
