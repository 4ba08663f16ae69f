"""Evidence rules over production deployments and the versions they name (RUBRIC.md section 4)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.db.models.fields.json import KT

from assessments.evidence.base import (
    Params,
    Window,
    carries,
    count_met,
    model_version,
    outer_attribute,
    share_met,
    tally,
)
from assessments.evidence.outcome import count_outcome, insufficient, share_outcome
from assessments.rubric.types import EvidenceResult


def _validated(w: Window) -> Exists:
    """A model_validation of the outer deployment's version against a baseline."""
    validations = (
        w.history("model_validation")
        .annotate(cv=KT("attributes__candidate_version"))
        .filter(
            carries("baseline_version"),
            model_name=OuterRef("model_name"),
            cv=outer_attribute("version"),
        )
    )
    return Exists(validations)


def model_validation(w: Window, p: Params) -> EvidenceResult:
    """Registered versions deployed in the window, counted once each."""
    deployed = w.deployments().filter(w.is_registered())
    found = tally(deployed, _validated(w), share_met(p["min_share"]), unit=model_version())
    return share_outcome(
        found,
        min_share=p["min_share"],
        what="registered versions deployed",
        practice="were validated against a baseline",
    )


def model_registry(w: Window, p: Params) -> EvidenceResult:
    """Versions registered in the window, and every deployment naming a registered version."""
    registrations = w.events("model_registered").count()
    needed = int(p["min_registered"])

    def met(total: int, good: int) -> bool:
        return registrations >= needed and good == total

    found = tally(w.deployments(), w.is_registered(), met)
    if found.total == 0:
        return insufficient("deployments")
    return EvidenceResult(
        state="met" if met(found.total, found.good) else "not_met",
        event_ids=found.event_ids,
        detail=f"{found.good} of {found.total} deployments name a registered version; "
        f"{registrations} version(s) registered in the window (needs {needed}).",
    )


def _traced(w: Window) -> Exists:
    """The outer deployment's version is registered from a run with data and code versions."""
    runs = w.history("training_run").filter(
        carries("data_version") & carries("code_version"),
        run_id=outer_attribute("training_run_id"),
    )
    registrations = w.registration_of().filter(Exists(runs))
    return Exists(registrations)


def lineage(w: Window, p: Params) -> EvidenceResult:
    found = tally(w.deployments(), _traced(w), share_met(p["min_share"]))
    return share_outcome(
        found,
        min_share=p["min_share"],
        what="deployments",
        practice="trace back to a registered run with data_version and code_version",
    )


def _tested_before(w: Window, lookback_days: int) -> Exists:
    """A passed model-scope ci_run in the days before the outer deployment (of its model,
    or naming no model)."""
    runs = w.history("ci_run").filter(
        Q(model_name=OuterRef("model_name")) | Q(model_name=""),
        attributes__scope="model",
        attributes__status="passed",
        occurred_at__lte=OuterRef("occurred_at"),
        occurred_at__gte=OuterRef("occurred_at") - timedelta(days=lookback_days),
    )
    return Exists(runs)


def release_testing(w: Window, p: Params) -> EvidenceResult:
    days = int(p["lookback_days"])
    found = tally(w.deployments(), _tested_before(w, days), share_met(p["min_share"]))
    return share_outcome(
        found,
        min_share=p["min_share"],
        what="deployments",
        practice=f"followed a passed model ci_run within {days} days",
    )


def automated_deployment(w: Window, p: Params) -> EvidenceResult:
    actors = tuple(p["actor_types"])
    found = tally(w.deployments(), Q(actor_type__in=actors), share_met(p["min_share"]))
    return share_outcome(
        found,
        min_share=p["min_share"],
        what="deployments",
        practice="were made by " + " or ".join(actors),
    )


def progressive_delivery(w: Window, p: Params) -> EvidenceResult:
    strategies = tuple(p["strategies"])
    good = Q(attributes__strategy__in=strategies)
    found = tally(w.deployments(), good, count_met(p["min_deployments"]))
    return count_outcome(
        found,
        min_count=p["min_deployments"],
        what="deployments",
        practice="used " + ", ".join(strategies),
    )
