"""End to end through HTTP: a scripted stream of events sent to POST /api/v1/events with a
team token, answers imported at POST /api/v1/teams/<team>/assessments by signed-in people,
and the scorecard read back at GET /api/v1/teams/<team>/scorecard."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from assessments.rubric.loader import get_rubric
from assessments.services import questionnaire as q_services
from mlops_site import clock
from tenancy.services.tokens import token_issue
from tests.answers import answers_claiming

pytestmark = [pytest.mark.dated, pytest.mark.django_db]


def _event(event_id: str, type_: str, days_ago: float, **envelope: Any) -> dict[str, Any]:
    when = clock.now() - timedelta(days=days_ago)
    return {"event_id": event_id, "type": type_, "occurred_at": when.isoformat(), **envelope}


def _steps(*kinds: str) -> list[dict[str, str]]:
    return [{"name": kind, "kind": kind, "status": "succeeded"} for kind in kinds]


def scripted_stream() -> list[dict[str, Any]]:
    """Two scheduled, tracked, validated pipeline runs; a hand-made full-traffic
    deployment of a version nobody registered; application CI on two commits but no
    model tests."""
    events = []
    for n in (1, 2):
        run = f"run-{n}"
        events += [
            _event(
                f"pr-{n}",
                "pipeline_run",
                10 - n,
                run_id=run,
                pipeline="train",
                attributes={
                    "status": "succeeded",
                    "trigger": "schedule",
                    "pipeline_version": "p1",
                    "steps": _steps("data_ingestion", "data_validation", "training"),
                },
            ),
            _event(
                f"tr-{n}",
                "training_run",
                10 - n,
                run_id=run,
                model="fraud",
                attributes={
                    "status": "succeeded",
                    "trigger": "schedule",
                    "params": {"depth": 6},
                    "metrics": {"auc": 0.91},
                    "data_version": f"d{n}",
                    "code_version": "abc123",
                },
            ),
        ]
    events += [
        _event(
            "dep-1",
            "deployment",
            5,
            model="fraud",
            environment="production",
            actor_type="human",
            attributes={"version": "7", "strategy": "replace", "status": "succeeded"},
        ),
        _event(
            "ci-app-0",
            "ci_run",
            12,
            attributes={"scope": "application", "status": "passed", "commit": "abc122"},
        ),
        _event(
            "ci-app-1",
            "ci_run",
            4,
            attributes={"scope": "application", "status": "passed", "commit": "abc123"},
        ),
    ]
    return events


def _send(token: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    response = Client().post(
        reverse("api-events"),
        data=json.dumps({"events": events}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code in (201, 202), response.content
    return response.json()


def _import(client: Client, team: str, answers: dict[str, str]) -> None:
    url = reverse("api-team-assessments", kwargs={"team": team})
    response = client.post(url, {"answers": answers}, content_type="application/json")
    assert response.status_code == 201, response.content


def _scorecard(token: str, team: str) -> dict[str, Any]:
    url = reverse("api-team-scorecard", kwargs={"team": team})
    response = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def token(world) -> str:
    return token_issue(organization=world.org, name="pipelines", team=world.team).secret


def _people_answer(world) -> None:
    """The lead claims the four Azure level-1 practices and automated deployment; the
    member says deployment is not automated and the integration tests are half there."""
    rubric = get_rubric()
    q_services.assessment_round_open(team=world.team, user=world.lead)
    lead, member = Client(), Client()
    lead.force_login(world.lead)
    member.force_login(world.member)
    lead_claims = dict.fromkeys(
        (
            "source_control",
            "data_pipeline_automation",
            "application_ci",
            "model_integration_tests",
            "automated_deployment",
            "managed_compute",
        ),
        "met",
    )
    _import(lead, world.team.slug, answers_claiming(rubric, lead_claims))
    member_claims = {"automated_deployment": "not_met"}
    _import(member, world.team.slug, answers_claiming(rubric, member_claims))


def test_telemetry_and_imported_answers_give_levels_evidence_and_contradictions(world, token):
    assert _send(token, scripted_stream())["accepted"] == 7
    _people_answer(world)

    card = _scorecard(token, world.team.slug)

    caps = card["capabilities"]
    assert card["respondents"] == 2
    assert {c: caps[c]["evidence"] for c in ("source_control", "automated_deployment")} == {
        "source_control": "met",
        "automated_deployment": "not_met",
    }
    assert caps["model_integration_tests"]["state"] == "contradicted"
    assert caps["automated_deployment"]["state"] == "contradicted"
    assert "dep-1" in caps["automated_deployment"]["events"]
    assert "ci-app-1" in caps["model_integration_tests"]["events"]
    assert caps["managed_compute"] == caps["managed_compute"] | {
        "state": "met",
        "evidence": None,
    }
    assert caps["source_control"]["state"] == "met"
    assert "automated_deployment" in card["disagreements"]
    azure = card["frameworks"]["azure"]
    assert (azure["claimed_level"], azure["assessed_level"]) == (1, 0)
    assert azure["blocking"] == ["model_integration_tests"]
    # Managed compute and the people practices have no evidence rule.
    assert 0 < azure["evidence_coverage"] < 1


def _model_ci(n: int, commit: str) -> dict[str, Any]:
    attributes = {"scope": "model", "status": "passed", "commit": commit}
    return _event(f"ci-model-{n}", "ci_run", 1 + n, attributes=attributes)


def test_model_tests_in_ci_on_two_commits_lift_the_contradicted_level(world, token):
    _send(token, scripted_stream())
    _people_answer(world)

    _send(token, [_model_ci(1, "abc123")])
    one_commit = _scorecard(token, world.team.slug)
    _send(token, [_model_ci(2, "abc122")])
    two_commits = _scorecard(token, world.team.slug)

    assert one_commit["capabilities"]["model_integration_tests"]["state"] == "contradicted"
    assert two_commits["capabilities"]["model_integration_tests"]["state"] == "met"
    assert two_commits["frameworks"]["azure"]["assessed_level"] == 1


def test_a_team_that_answered_nothing_gets_a_scorecard_from_telemetry_alone(world, token):
    _send(token, scripted_stream())

    card = _scorecard(token, world.team.slug)

    assert card["respondents"] == 0
    caps = card["capabilities"]
    assert caps["continuous_training"]["state"] == "met"
    assert caps["automated_deployment"]["state"] == "not_met"
    assert caps["managed_compute"]["state"] == "unknown"
    assert card["frameworks"]["google"]["evidence_coverage"] > 0


def test_answers_cannot_be_imported_with_an_api_token(world, token):
    q_services.assessment_round_open(team=world.team, user=world.lead)
    url = reverse("api-team-assessments", kwargs={"team": world.team.slug})

    response = Client().post(
        url,
        {"answers": answers_claiming(get_rubric(), {"source_control": "met"})},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 403
    assert "signed-in team member" in response.json()["detail"]
