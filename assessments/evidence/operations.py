"""Evidence rules over CI runs, monitoring, alerts and pipeline deliveries (RUBRIC.md section 4)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, NullIf

from assessments.evidence.base import (
    Params,
    Window,
    carries,
    count_met,
    outer_attribute,
    share_met,
    tally,
)
from assessments.evidence.outcome import EVENT_CAP, count_outcome, insufficient, share_outcome
from assessments.rubric.types import EvidenceResult


def _ci_scope(w: Window, p: Params, scope: str) -> EvidenceResult:
    found = tally(w.events("ci_run"), Q(attributes__scope=scope), count_met(p["min_runs"]))
    return count_outcome(
        found, min_count=p["min_runs"], what="ci_run events", practice=f"have scope {scope}"
    )


def application_ci(w: Window, p: Params) -> EvidenceResult:
    return _ci_scope(w, p, "application")


def model_integration_tests(w: Window, p: Params) -> EvidenceResult:
    return _ci_scope(w, p, "model")


def pipeline_ci(w: Window, p: Params) -> EvidenceResult:
    return _ci_scope(w, p, "pipeline")


def production_monitoring(w: Window, p: Params) -> EvidenceResult:
    """Models deployed to production in the window, checked in its last `recent_days` days."""
    days = int(p["recent_days"])
    checks = w.events("monitoring_check").filter(
        model_name=OuterRef("model_name"), occurred_at__gt=w.end - timedelta(days=days)
    )
    found = tally(
        w.deployments().exclude(model_name=""),
        Exists(checks),
        share_met(p["min_share"]),
        unit=F("model_name"),
    )
    return share_outcome(
        found,
        min_share=p["min_share"],
        what="models deployed to production",
        practice=f"had a monitoring_check in the last {days} days",
    )


def monitoring_triggered_retraining(w: Window, p: Params) -> EvidenceResult:
    """Alerts of the given kinds, and runs triggered by such an alert that name it."""
    kinds = tuple(p["alert_kinds"])
    alerts = w.events("alert").filter(attributes__kind__in=kinds)
    if not alerts.exists():
        return insufficient("alerts of kind " + " or ".join(kinds))
    named = (
        alerts.annotate(aid=KT("attributes__alert_id"))
        .filter(aid=outer_attribute("alert_id"))
        .filter(carries("alert_id"))
    )
    runs = w.runs().filter(attributes__trigger__in=kinds)
    found = tally(runs, Q(Exists(named)), count_met(p["min_runs"]))
    answered = found.good
    if answered < int(p["min_runs"]):
        # What shows the practice missing: the alerts no run answered.
        answering = w.runs().annotate(rid=KT("attributes__alert_id"))
        unanswered = alerts.exclude(Exists(answering.filter(rid=outer_attribute("alert_id"))))
        ids = unanswered.order_by("-occurred_at").values_list("event_id", flat=True)
        return EvidenceResult(
            state="not_met",
            event_ids=tuple(ids[:EVENT_CAP]),
            detail=f"{alerts.count()} alert(s) of kind {' or '.join(kinds)}; {answered} run(s) "
            f"triggered by one name it (needs {p['min_runs']}).",
        )
    return EvidenceResult(
        state="met",
        event_ids=found.event_ids,
        detail=f"{answered} run(s) triggered by a {' or '.join(kinds)} alert name it "
        f"(needs {p['min_runs']}).",
    )


def pipeline_cd(w: Window, p: Params) -> EvidenceResult:
    """Environments reached by pipeline versions that CI or a pipeline delivered."""
    delivered = w.events("pipeline_deployed")
    if not delivered.exists():
        return insufficient("pipeline_deployed events")
    actors = tuple(p["actor_types"])
    env = Coalesce(
        NullIf(F("environment"), Value("")), KT("attributes__environment"), output_field=CharField()
    )
    automated = delivered.filter(actor_type__in=actors).annotate(env=env).exclude(env__isnull=True)
    envs = automated.aggregate(n=Count("env", distinct=True))["n"]
    needed = int(p["min_environments"])
    met = envs >= needed
    shown = (automated if met else delivered.exclude(actor_type__in=actors)).order_by(
        "-occurred_at"
    )
    return EvidenceResult(
        state="met" if met else "not_met",
        event_ids=tuple(shown.values_list("event_id", flat=True)[:EVENT_CAP]),
        detail=f"Pipeline versions delivered by {' or '.join(actors)} reached {envs} "
        f"environment(s) (needs {needed}).",
    )
