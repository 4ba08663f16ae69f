"""The result page and the stored scorecards carry the telemetry evidence: states,
contradictions with the events behind them, coverage; a team with telemetry and no
answers still has a result page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import ScorecardSnapshot
from assessments.scorecards.codec import scorecard_from_data
from assessments.services import questionnaire as q_services
from tenancy.services.tokens import token_issue
from tests.assessments.test_end_to_end_http import _people_answer, _send, scripted_stream

pytestmark = [pytest.mark.dated, pytest.mark.django_db]


@pytest.fixture
def telemetry(world) -> None:
    token = token_issue(organization=world.org, name="pipelines", team=world.team).secret
    _send(token, scripted_stream())


def _result(client, world):
    client.force_login(world.member)
    url = reverse("team-assessment-result", kwargs={"org": "acme", "team": world.team.slug})
    return client.get(url)


def test_a_team_with_telemetry_and_no_round_has_a_result_from_telemetry_alone(
    client, world, telemetry
):
    response = _result(client, world)

    body = response.content.decode()
    assert response.status_code == 200
    assert "from the team's telemetry alone" in body
    assert 'data-capability="continuous_training" data-state="met"' in body
    assert 'data-capability="automated_deployment" data-state="not_met"' in body


def test_the_result_page_lists_contradicted_claims_with_their_events(client, world, telemetry):
    _people_answer(world)

    body = _result(client, world).content.decode()

    assert 'data-capability="automated_deployment" data-state="contradicted"' in body
    row = body[body.index('data-capability="automated_deployment"') :]
    assert "<code>dep-1</code>" in row[: row.index("</tr>")]
    assert "Evidence coverage" in body


def test_the_scorecard_stored_at_close_keeps_evidence_and_events(world, telemetry):
    _people_answer(world)

    q_services.assessment_round_close(team=world.team, user=world.lead)

    stored = scorecard_from_data(ScorecardSnapshot.objects.get(team=world.team).scorecard)
    deployment = stored.capabilities["automated_deployment"]
    assert (deployment.state, deployment.evidence) == ("contradicted", "not_met")
    assert "dep-1" in deployment.events
    assert stored.frameworks["azure"].evidence_coverage > 0
