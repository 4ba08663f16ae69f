"""A realistic telemetry stream for the scorecard benchmark, written with PostgreSQL COPY.

The mix follows what a large ML team sends over 90 days: monitoring checks
dominate (every model, several kinds, every few minutes), then CI runs; each
pipeline run carries its training run, data validation, a registration for
half of them, and a staging then production deployment for half of those.
Runs are joined as docs/rubric.md#evidence-rules says (run_id, training_run_id, model and
version), so the evidence rules do real joins. Deterministic (seeded).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

#: Events of each kind per 1,000,000 (the main team); other teams are scaled down.
MIX = {
    "monitoring_check": 795_000,
    "ci_run": 150_000,
    # With as many training_run and data_validation events; half are registered and
    # validated, a quarter go to staging then production (2,500 production deployments).
    "pipeline_run": 10_000,
    "model_validation_extra": 2_000,  # candidates that never got registered
    "alert_pairs": 3_000,  # an open and (mostly) a resolved event each
    "rollback": 500,
    "pipeline_deployed": 2_000,
}
MODELS = 20
COLUMNS = (
    "organization_id, team_id, event_id, type, occurred_at, received_at, pipeline, "
    "model_name, environment, run_id, actor_type, attributes, body_hash"
)

Row = tuple[Any, ...]


class Stream:
    """Rows for one team; `scale` 1.0 is 1,000,000 events in the window."""

    def __init__(self, *, org_id: int, team_id: int, scale: float, now: datetime, days: int):
        self.org_id, self.team_id, self.now, self.days = org_id, team_id, now, days
        self.scale = scale
        self.rng = random.Random(team_id)

    def n(self, kind: str) -> int:
        return round(MIX[kind] * self.scale)

    def when(self) -> datetime:
        return self.now - timedelta(seconds=self.rng.uniform(60, self.days * 86400 - 86400))

    def row(
        self, event_id: str, type_: str, at: datetime, attrs: dict[str, Any], **env: str
    ) -> Row:
        return (
            self.org_id,
            self.team_id,
            event_id,
            type_,
            at,
            at,
            env.get("pipeline", ""),
            env.get("model", ""),
            env.get("environment", ""),
            env.get("run_id", ""),
            env.get("actor", ""),
            json.dumps(attrs),
            "0" * 64,
        )

    def rows(self) -> Iterator[Row]:
        yield from self.alerts()
        yield from self.runs()
        yield from self.ci_runs()
        yield from self.monitoring()
        yield from self.rollbacks()
        yield from self.pipeline_deliveries()
        yield from self.unregistered_validations()

    def model(self, i: int) -> str:
        return f"model-{i % MODELS:02}"

    def alerts(self) -> Iterator[Row]:
        self.drift_alerts: list[str] = []
        kinds = ["drift"] * 4 + ["performance"] * 3 + ["data_quality", "latency", "error"]
        for i in range(self.n("alert_pairs")):
            at, kind, model = self.when(), self.rng.choice(kinds), self.model(i)
            attrs = {"alert_id": f"A{i}", "kind": kind, "severity": "high"}
            if kind in ("drift", "performance"):
                self.drift_alerts.append(f"A{i}")
            yield self.row(f"alert-{i}-open", "alert", at, {**attrs, "status": "open"}, model=model)
            closed = at + timedelta(minutes=self.rng.uniform(5, 600))
            if closed < self.now:
                attrs["status"] = "resolved"
                yield self.row(f"alert-{i}-resolved", "alert", closed, attrs, model=model)

    def runs(self) -> Iterator[Row]:
        for i in range(self.n("pipeline_run")):
            yield from self.one_run(i)

    def one_run(self, i: int) -> Iterator[Row]:
        rng, at, model, run_id = self.rng, self.when(), self.model(i), f"run-{i}"
        trigger = rng.choices(["schedule", "new_data", "drift", "manual"], [60, 20, 10, 10])[0]
        kinds = ["data_ingestion", "data_validation", "training", "evaluation", "registration"]
        if rng.random() < 0.05:
            kinds.remove("data_validation")
        env = rng.choices(["production", "staging", "dev"], [70, 20, 10])[0]
        common = {"model": model, "run_id": run_id, "pipeline": "train", "environment": env}
        steps = [{"name": k, "kind": k, "status": "succeeded"} for k in kinds]
        pipeline_attrs = {
            "status": "succeeded",
            "trigger": trigger,
            "steps": steps,
            "pipeline_version": f"pv-{i // 500}",
        }
        yield self.row(f"prun-{i}", "pipeline_run", at, pipeline_attrs, actor="scheduler", **common)
        yield self.row(
            f"dval-{i}",
            "data_validation",
            at + timedelta(minutes=5),
            {"status": "passed", "checks": 40, "anomalies": []},
            **common,
        )
        yield self.row(
            f"trun-{i}",
            "training_run",
            at + timedelta(minutes=10),
            self.training_attrs(i, trigger),
            **common,
        )
        if i % 2 == 0:
            yield from self.release(i, at, model, run_id)

    def training_attrs(self, i: int, trigger: str) -> dict[str, Any]:
        rng = self.rng
        attrs: dict[str, Any] = {
            "status": "succeeded",
            "trigger": trigger,
            "duration_s": rng.randint(60, 7200),
            "params": {"lr": 0.01, "depth": rng.randint(3, 12)},
            "metrics": {"auc": round(rng.uniform(0.7, 0.95), 3)},
        }
        if rng.random() < 0.96:
            attrs["code_version"] = f"{rng.getrandbits(40):010x}"
        if rng.random() < 0.97:
            attrs["data_version"] = f"snapshot-{i // 25}"
        if trigger == "drift" and self.drift_alerts:
            attrs["alert_id"] = rng.choice(self.drift_alerts)
        return attrs

    def release(self, i: int, at: datetime, model: str, run_id: str) -> Iterator[Row]:
        rng, version = self.rng, str(i)
        yield self.row(
            f"reg-{i}",
            "model_registered",
            at + timedelta(minutes=30),
            {"version": version, "training_run_id": run_id, "alias": "candidate"},
            model=model,
            run_id=run_id,
        )
        yield self.row(
            f"mval-{i}",
            "model_validation",
            at + timedelta(minutes=40),
            {
                "status": "passed",
                "candidate_version": version,
                "baseline_version": str(max(i - 2, 0)),
                "metric": "auc",
                "candidate_value": 0.9,
                "baseline_value": 0.89,
            },
            model=model,
        )
        if i % 4 != 0:
            return
        for env, delay in (("staging", 60), ("production", 120)):
            status = rng.choices(["succeeded", "failed", "rolled_back"], [95, 3, 2])[0]
            strategy = rng.choices(["replace", "canary", "shadow"], [70, 20, 10])[0]
            yield self.row(
                f"dep-{env}-{i}",
                "deployment",
                at + timedelta(minutes=delay),
                {
                    "version": version,
                    "strategy": strategy,
                    "traffic_percent": 100,
                    "status": status,
                },
                model=model,
                environment=env,
                actor=rng.choices(["pipeline", "ci", "human"], [80, 15, 5])[0],
            )

    def ci_runs(self) -> Iterator[Row]:
        rng = self.rng
        for i in range(self.n("ci_run")):
            scope = rng.choices(["application", "model", "pipeline"], [40, 35, 25])[0]
            model = self.model(i) if scope == "model" and rng.random() < 0.5 else ""
            attrs = {
                "scope": scope,
                "status": "passed" if rng.random() < 0.9 else "failed",
                "tests_total": 120,
                "tests_failed": 0,
                "commit": f"{i:08x}",
            }
            yield self.row(f"ci-{i}", "ci_run", self.when(), attrs, model=model, actor="ci")

    def monitoring(self) -> Iterator[Row]:
        rng = self.rng
        kinds = ["data_drift", "prediction_drift", "performance", "data_quality", "latency"]
        for i in range(self.n("monitoring_check")):
            status = rng.choices(["ok", "warning", "alert"], [94, 5, 1])[0]
            attrs = {"kind": rng.choice(kinds), "status": status, "metrics": {"psi": 0.05}}
            yield self.row(
                f"mon-{i}",
                "monitoring_check",
                self.when(),
                attrs,
                model=self.model(i),
                environment="production",
                actor="pipeline",
            )

    def rollbacks(self) -> Iterator[Row]:
        for i in range(self.n("rollback")):
            attrs = {
                "from_version": str(i * 8),
                "to_version": str(i * 8 - 8),
                "reason": "error rate",
                "automated": True,
            }
            yield self.row(
                f"rb-{i}",
                "rollback",
                self.when(),
                attrs,
                model=self.model(i * 4),
                environment="production",
                actor="pipeline",
            )

    def pipeline_deliveries(self) -> Iterator[Row]:
        for i in range(self.n("pipeline_deployed")):
            env = ("dev", "staging", "production")[i % 3]
            yield self.row(
                f"pdep-{i}",
                "pipeline_deployed",
                self.when(),
                {"pipeline_version": f"pv-{i // 150}", "environment": env},
                pipeline="train",
                environment=env,
                actor="ci",
            )

    def unregistered_validations(self) -> Iterator[Row]:
        for i in range(self.n("model_validation_extra")):
            attrs = {
                "status": "failed",
                "candidate_version": f"x{i}",
                "baseline_version": "1",
                "metric": "auc",
                "candidate_value": 0.8,
                "baseline_value": 0.9,
            }
            yield self.row(f"mvx-{i}", "model_validation", self.when(), attrs, model=self.model(i))
