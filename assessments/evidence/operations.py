"""Evidence rules over CI, monitoring, alerts, pipeline delivery (docs/rubric.md#evidence-rules)."""

from __future__ import annotations

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Concat, NullIf

from assessments.evidence.base import (
    Params,
    count_met,
    has_text,
    outer_attribute,
    tally,
)
from assessments.evidence.outcome import EVENT_CAP, insufficient
from assessments.evidence.sets import Sets
from assessments.rubric.types import EvidenceResult
from telemetry.models import Event


def application_ci(s: Sets, p: Params) -> EvidenceResult:
    """CI runs with scope application."""
    return (
        _ci_commits(s, p, "application") if "min_commits" in p else _ci_scope(s, p, "application")
    )


def model_integration_tests(s: Sets, p: Params) -> EvidenceResult:
    """CI runs with scope model (2026.2: on distinct commits or model versions)."""
    if "min_commits" in p:
        return _ci_commits(s, p, "model", versions=True)
    return _ci_scope(s, p, "model")


def pipeline_ci(s: Sets, p: Params) -> EvidenceResult:
    """CI runs with scope pipeline."""
    return _ci_commits(s, p, "pipeline") if "min_commits" in p else _ci_scope(s, p, "pipeline")


def _ci_commits(s: Sets, p: Params, scope: str, *, versions: bool = False) -> EvidenceResult:
    """2026.2: ci_run events of this scope on at least `min_commits` distinct commits (with
    `versions`, or as many distinct model versions), so one run does not stand for testing
    every change."""
    ci = s.window.events("ci_run")
    runs = ci.filter(attributes__scope=scope)
    needed = int(p["min_commits"])
    commits = len(_distinct_newest(runs.filter(has_text("commit")), "commit", needed))
    # Model versions count only where commits fall short: reading them costs a lineage
    # subquery per run.
    versions = versions and commits < needed
    tested = len(_distinct_newest(_tested_versions(s, runs), "key", needed)) if versions else 0
    found = _newest(runs, EVENT_CAP)
    if not found and not ci.exists():
        return insufficient("ci_run events")
    met = max(commits, tested) >= needed
    shown = found if met else (found + _newest(ci.exclude(attributes__scope=scope), EVENT_CAP))
    least = "at least " if met else ""
    what = f"{least}{commits} distinct commit(s)"
    if versions:
        what += f" and {least if tested >= needed else ''}{tested} model version(s)"
    return EvidenceResult(
        state="met" if met else "not_met",
        event_ids=tuple(shown[:EVENT_CAP]),
        detail=f"ci_run events of scope {scope} ran on {what} (needs {needed}).",
    )


def _distinct_newest(qs: QuerySet[Event], field: str, limit: int) -> list[str]:
    """Up to `limit` distinct values of `field`, newest first.

    The rule needs to know only whether there are `limit` of them: each value is the
    newest run not carrying one already seen, read through the (team, type, time) index
    and stopping at the first match, instead of counting every distinct value of a
    team's CI history."""
    if field == "commit":  # plain text: a JSON key's `__in` would compare JSON values
        qs = qs.annotate(commit=Cast(KT("attributes__commit"), output_field=TextField()))
    seen: list[str] = []
    for _ in range(limit):
        value = (
            qs.exclude(**{f"{field}__in": seen})
            .order_by("-occurred_at", "-pk")
            .values_list(field, flat=True)
            .first()
        )
        if value is None:
            break
        seen.append(value)
    return seen


def _tested_versions(s: Sets, runs: QuerySet[Event]) -> QuerySet[Event]:
    """Model-scope runs with the model version they tested (`key`): the version registered
    from the training run of the same run_id."""
    registered = (
        s.window.history("model_registered")
        .filter(model_name=OuterRef("model_name"))
        .annotate(trid=KT("attributes__training_run_id"))
        .filter(trid=OuterRef("run_id"))
        .order_by("-occurred_at")
        .values_list(KT("attributes__version"))[:1]
    )
    tested = runs.exclude(run_id="").annotate(tv=Subquery(registered)).exclude(tv__isnull=True)
    return tested.annotate(key=Concat("model_name", Value("\n"), "tv", output_field=CharField()))


def _ci_scope(s: Sets, p: Params, scope: str) -> EvidenceResult:
    """At least `min_runs` ci_run events of this scope.

    CI runs are many (every commit), and the rule needs only a few: it reads the
    newest matching runs through the (team, type, occurred_at) index instead of
    counting them all."""
    ci = s.window.events("ci_run")
    needed = int(p["min_runs"])
    found = _newest(ci.filter(attributes__scope=scope), max(needed, EVENT_CAP))
    if len(found) >= needed and found:
        many = "At least " if len(found) == max(needed, EVENT_CAP) else ""
        return EvidenceResult(
            state="met",
            event_ids=tuple(found[:EVENT_CAP]),
            detail=f"{many}{len(found)} ci_run event(s) have scope {scope} (needs {needed}).",
        )
    others = _newest(ci.exclude(attributes__scope=scope), EVENT_CAP)
    if not found and not others:
        return insufficient("ci_run events")
    return EvidenceResult(
        state="not_met",
        event_ids=tuple(others + found)[:EVENT_CAP],
        detail=f"{len(found)} ci_run event(s) have scope {scope} (needs {needed}).",
    )


def _newest(qs: QuerySet[Event], limit: int) -> list[str]:
    return list(qs.order_by("-occurred_at", "-pk").values_list("event_id", flat=True)[:limit])


def monitoring_triggered_retraining(s: Sets, p: Params) -> EvidenceResult:
    """Alerts of the given kinds, and runs triggered by such an alert that name it."""
    w, kinds = s.window, tuple(p["alert_kinds"])
    alerts = w.events("alert").filter(attributes__kind__in=kinds)
    if not alerts.exists():
        return insufficient("alerts of kind " + " or ".join(kinds))
    named = (
        alerts.annotate(aid=KT("attributes__alert_id"))
        .filter(aid=outer_attribute("alert_id"))
        .filter(has_text("alert_id"))
    )
    runs = w.runs().filter(attributes__trigger__in=kinds)
    found = tally(runs, Q(Exists(named)), count_met(p["min_runs"]))
    answered = found.good
    if answered < int(p["min_runs"]):
        # What shows the practice missing: the alerts no run answered.
        answering = w.runs().annotate(rid=KT("attributes__alert_id"))
        unanswered = alerts.exclude(Exists(answering.filter(rid=outer_attribute("alert_id"))))
        ids = unanswered.order_by("-occurred_at", "-pk").values_list("event_id", flat=True)
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


def pipeline_cd(s: Sets, p: Params) -> EvidenceResult:
    """Environments reached by pipeline versions that CI or a pipeline delivered."""
    delivered = s.window.events("pipeline_deployed")
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
