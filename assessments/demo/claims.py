"""What the demo teams' people claim (as data): each member's view of some practices.

The claims partly disagree between members of a team and partly go beyond what the
team's reference pipeline shows, so reports have disagreement, contradictions and
unverified claims to show. "met" picks a question's best option, "not_met" its worst.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from tenancy.models import Role

Claim = Literal["met", "not_met"]
M: Claim = "met"
N: Claim = "not_met"

#: team slug -> ((username suffix, role, claims), ...)
DEMO_MEMBERS: Mapping[str, tuple[tuple[str, Role, Mapping[str, Claim]], ...]] = {
    # Fed by the manual (level 0) workflow: claims of automation it cannot back.
    "recommendations": (
        (
            "lead",
            Role.TEAM_LEAD,
            {
                "source_control": M,
                "data_pipeline_automation": M,
                "application_ci": M,
                "experiment_tracking": M,
                "automated_training": M,
                "managed_compute": M,
                "ds_de_collaboration": N,
            },
        ),
        (
            "scientist",
            Role.MEMBER,
            {
                "source_control": N,
                "experiment_tracking": M,
                "automated_training": N,
                "managed_compute": M,
                "ds_de_collaboration": N,
            },
        ),
        (
            "engineer",
            Role.MEMBER,
            {
                "source_control": M,
                "application_ci": M,
                "model_integration_tests": N,
                "automated_training": M,
            },
        ),
    ),
    # Fed by the automated (level 1) workflow: its people disagree on its canary releases.
    "fraud-detection": (
        (
            "lead",
            Role.TEAM_LEAD,
            {
                "automated_training": M,
                "continuous_training": M,
                "data_validation": M,
                "model_validation": M,
                "experiment_tracking": M,
                "lineage": M,
                "automated_deployment": M,
                "production_monitoring": M,
                "environment_parity": M,
                "progressive_delivery": M,
                "model_registry": M,
                "source_control": M,
                "managed_compute": M,
                "ds_de_collaboration": M,
            },
        ),
        (
            "scientist",
            Role.MEMBER,
            {
                "experiment_tracking": M,
                "continuous_training": N,
                "data_validation": M,
                "model_validation": M,
                "progressive_delivery": M,
                "managed_compute": M,
            },
        ),
        (
            "engineer",
            Role.MEMBER,
            {
                "automated_deployment": M,
                "production_monitoring": M,
                "progressive_delivery": N,
                "application_ci": M,
                "model_integration_tests": M,
                "se_de_collaboration": M,
            },
        ),
    ),
    # Fed by the CI/CD (level 2) workflow: modest claims, one disagreement on retraining.
    "demand-forecasting": (
        (
            "lead",
            Role.TEAM_LEAD,
            {
                "source_control": M,
                "pipeline_ci": M,
                "pipeline_cd": M,
                "model_registry": M,
                "progressive_delivery": M,
                "monitoring_triggered_retraining": M,
                "production_feedback_markers": M,
                "managed_compute": M,
                "ds_de_collaboration": M,
                "se_de_collaboration": M,
            },
        ),
        (
            "scientist",
            Role.MEMBER,
            {
                "experiment_tracking": M,
                "monitoring_triggered_retraining": N,
                "release_testing": M,
                "feature_store": M,
                "automated_training": N,
            },
        ),
        (
            "engineer",
            Role.MEMBER,
            {
                "pipeline_ci": M,
                "pipeline_cd": M,
                "release_testing": N,
                "environment_parity": M,
                "feature_store": N,
            },
        ),
    ),
}
