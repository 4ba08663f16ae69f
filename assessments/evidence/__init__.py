"""Telemetry evidence: what a team's events say of each capability (docs/rubric.md#evidence-rules).

Each rule is one small function over the team's events in a window, computed
by the database; `evidence_for_team` runs them all with the rubric's
parameters (`rubric.evidence[<capability id>]`).

How the rules settle what docs/rubric.md#evidence-rules leaves open:

- What a rule counts over lies in the window (start excluded, end included);
  what it joins to may be older (a version deployed in the window may have been
  registered, validated or trained before it), but never after the window ends.
- A deployment with no environment is a production deployment (docs/telemetry.md#the-envelope).
- Runs and pipeline runs are counted as events, as sent.
- "Before training" is the order of the `steps` list; a `steps` value that is
  not a list of objects counts as no steps.
- A deployment is release-tested by a passed model-scope ci_run of its model,
  or one that names no model, in the lookback days up to the deployment.
- A version's lineage follows its latest registration's training_run_id.
- Every lookup, join included, stays inside the team.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from assessments.evidence import operations, release, runs
from assessments.evidence.base import Params, Window, analytical_queries
from assessments.evidence.sets import Sets
from assessments.rubric.loader import get_rubric
from assessments.rubric.types import EvidenceResult, Rubric
from mlops_site import clock
from tenancy.models import Team

Rule = Callable[[Sets, Params], EvidenceResult]

#: The evidence rule of each capability telemetry can show.
RULES: Mapping[str, Rule] = {
    "source_control": runs.source_control,
    "data_pipeline_automation": runs.data_pipeline_automation,
    "application_ci": operations.application_ci,
    "model_integration_tests": operations.model_integration_tests,
    "experiment_tracking": runs.experiment_tracking,
    "automated_training": runs.automated_training,
    "continuous_training": runs.continuous_training,
    "data_validation": runs.data_validation,
    "model_validation": release.model_validation,
    "model_registry": release.model_registry,
    "lineage": release.lineage,
    "release_testing": release.release_testing,
    "automated_deployment": release.automated_deployment,
    "progressive_delivery": release.progressive_delivery,
    "production_monitoring": release.production_monitoring,
    "monitoring_triggered_retraining": operations.monitoring_triggered_retraining,
    "pipeline_ci": operations.pipeline_ci,
    "pipeline_cd": operations.pipeline_cd,
    "environment_parity": runs.environment_parity,
}


def team_window(team: Team, *, window_days: int, now: datetime | None = None) -> Window:
    """The `window_days` days ending at `now` (default: the current time)."""
    end = now or clock.now()
    return Window(team_id=team.pk, start=end - timedelta(days=window_days), end=end)


def evidence_with_parameters(
    window: Window, parameters: Mapping[str, Params]
) -> dict[str, EvidenceResult]:
    """Run the rule of every capability that has parameters; others are left out."""
    sets = Sets(window, parameters)
    with analytical_queries():
        return {
            capability: rule(sets, parameters[capability])
            for capability, rule in RULES.items()
            if capability in parameters
        }


def evidence_for_team(
    team: Team, *, window_days: int, now: datetime | None = None, rubric: Rubric | None = None
) -> dict[str, EvidenceResult]:
    """Evidence for each capability with a rule in the rubric (default: the current one)."""
    if rubric is None:
        rubric = get_rubric()
    window = team_window(team, window_days=window_days, now=now)
    return evidence_with_parameters(window, rubric.evidence)


__all__ = ["RULES", "Window", "evidence_for_team", "evidence_with_parameters", "team_window"]
