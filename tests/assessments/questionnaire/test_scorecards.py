"""Scorecards: the selector, closing a round, stored snapshots, the scorecard API and page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from assessments.models import ScorecardSnapshot
from assessments.rubric.scorecard import NotApplicable
from assessments.scorecards.codec import scorecard_from_data, scorecard_to_data
from assessments.selectors import scorecards
from assessments.selectors.scorecards import scorecard_for_team
from assessments.services import questionnaire as svc
from tenancy.models import Membership, Role

pytestmark = [pytest.mark.dated, pytest.mark.django_db]
SCORECARD = reverse("api-team-scorecard", kwargs={"team": "fraud"})
ALL_YES = {"ctx_serving": "online", "sc_code": "yes", "pd_strategy": "yes", "people_collab": "yes"}


@pytest.fixture
def round_(world, rubric):
    return svc.assessment_round_open(team=world.team, user=world.lead)


def answered(world, who: str, answers, *, submit: bool = True) -> None:
    svc.answers_save(team=world.team, user=getattr(world, who), answers=answers)
    if submit:
        svc.assessment_response_submit(team=world.team, user=getattr(world, who))


def test_without_submissions_the_scorecard_says_nobody_answered_and_all_is_unknown(world, round_):
    answered(world, "member", ALL_YES, submit=False)
    card = scorecard_for_team(world.team)
    assert card.respondents == 0
    assert {c.state for c in card.capabilities.values()} == {"unknown"}
    assert card.rubric_version == "test-1"


def test_only_submitted_responses_of_the_latest_round_are_scored(world, round_):
    answered(world, "member", ALL_YES)
    answered(world, "lead", {**ALL_YES, "sc_code": "no"}, submit=False)
    card = scorecard_for_team(world.team, window_days=30)
    assert card.respondents == 1
    assert card.window_days == 30
    assert card.capabilities["source_control"].claim == "met"
    assert card.frameworks["google"].claimed_level == 1


def test_a_hidden_answer_kept_from_before_is_ignored_by_the_scorecard(world, round_):
    answered(world, "member", ALL_YES, submit=False)
    answered(world, "member", {"ctx_serving": "batch"})
    card = scorecard_for_team(world.team)
    assert card.capabilities["progressive_delivery"].claim == "unknown"
    assert "pd_strategy" not in card.capabilities["progressive_delivery"].answers


def test_the_evidence_seam_feeds_the_scorer(world, round_, monkeypatch):
    from assessments.rubric.types import EvidenceResult

    answered(world, "member", ALL_YES)
    monkeypatch.setattr(
        scorecards,
        "telemetry_evidence",
        lambda team, **kw: {"source_control": EvidenceResult("not_met", ("e1",))},
    )
    card = scorecard_for_team(world.team)
    assert card.capabilities["source_control"].state == "contradicted"
    assert card.capabilities["source_control"].events == ("e1",)


def test_closing_a_round_stores_the_scorecard_whole(world, round_):
    answered(world, "member", {**ALL_YES, "pd_strategy": NotApplicable("batch only")})
    snapshot = svc.assessment_round_close(team=world.team, user=world.lead)
    round_.refresh_from_db()
    assert not round_.is_open
    assert round_.closed_by == world.lead
    assert snapshot.round == round_
    assert snapshot.rubric_version == "test-1"
    assert scorecard_from_data(snapshot.scorecard) == scorecard_for_team(world.team)


def test_a_stored_scorecard_reads_back_equal(world, round_):
    answered(world, "member", ALL_YES)
    card = scorecard_for_team(world.team)
    assert scorecard_from_data(scorecard_to_data(card)) == card


def test_recomputing_stores_a_new_snapshot_for_managers_only(world, round_):
    from django.core.exceptions import PermissionDenied

    answered(world, "member", ALL_YES)
    svc.scorecard_recompute(team=world.team, user=world.admin)
    svc.scorecard_recompute(team=world.team)
    with pytest.raises(PermissionDenied):
        svc.scorecard_recompute(team=world.team, user=world.member)
    assert ScorecardSnapshot.objects.filter(team=world.team).count() == 2


def test_the_scorecard_api_has_the_published_shape(world, round_, client):
    answered(world, "member", ALL_YES)
    client.force_login(world.viewer)
    body = client.get(SCORECARD, {"window": "30"}).json()
    assert body["team"] == "fraud"
    assert body["rubric_version"] == "test-1"
    assert body["window_days"] == 30
    google = body["frameworks"]["google"]
    assert set(google) >= {
        "claimed_level",
        "assessed_level",
        "evidence_coverage",
        "progress_to_next",
        "blocking",
    }
    assert set(body["aspects"]) >= {"people", "model_creation"}
    cap = body["capabilities"]["source_control"]
    assert set(cap) >= {"state", "claim", "claim_score", "evidence", "answers", "events"}
    assert cap["answers"] == ["sc_code"]
    assert cap["claim_score"] == 1.0


def test_the_scorecard_api_makes_a_fixed_number_of_queries(
    world, round_, client, django_assert_max_num_queries
):
    for name in ("member", "lead", "admin"):
        answered(world, name, ALL_YES)
    for n in range(5):
        person = User.objects.create_user(f"extra{n}")
        Membership.objects.create(
            user=person, organization=world.org, team=world.team, role=Role.MEMBER
        )
        svc.assessment_import(team=world.team, user=person, answers=ALL_YES)
    client.force_login(world.member)
    # Session, membership, team, round, responses with answers, and the evidence rules'
    # set-wise queries (one more on PostgreSQL): none grows with respondents.
    with django_assert_max_num_queries(9):
        assert client.get(SCORECARD).status_code == 200


def test_the_result_page_shows_each_framework_level_with_reason_and_blockers(world, round_, client):
    answered(world, "member", {**ALL_YES, "people_collab": "no"})
    svc.assessment_round_close(team=world.team, user=world.lead)
    client.force_login(world.viewer)
    page = client.get(reverse("team-assessment-result", kwargs={"org": "acme", "team": "fraud"}))
    text = page.content.decode()
    assert 'data-assessed-level="google">1<' in text
    assert 'data-assessed-level="azure">0<' in text
    assert "DS/DE collaboration" in text  # blocks Azure level 1
    card = scorecard_for_team(world.team)
    assert card.frameworks["azure"].explanation in text.replace("&#x27;", "'")


def test_the_result_page_says_when_nobody_has_submitted(world, round_, client):
    client.force_login(world.member)
    page = client.get(reverse("team-assessment-result", kwargs={"org": "acme", "team": "fraud"}))
    assert b"Nobody has submitted answers" in page.content


def test_a_new_round_without_submissions_still_shows_the_last_stored_result(world, round_, client):
    answered(world, "member", ALL_YES)
    svc.assessment_round_close(team=world.team, user=world.lead)
    svc.assessment_round_open(team=world.team, user=world.lead)
    client.force_login(world.member)
    page = client.get(reverse("team-assessment-result", kwargs={"org": "acme", "team": "fraud"}))
    text = page.content.decode()
    assert "Nobody has submitted answers in the current round yet" in text
    assert 'data-claimed-level="google">1<' in text


def test_a_stored_scorecard_of_a_rubric_no_longer_shipped_stays_readable(world, round_, client):
    from assessments.rubric import loader

    answered(world, "member", ALL_YES)
    svc.assessment_round_close(team=world.team, user=world.lead)
    svc.assessment_round_open(team=world.team, user=world.lead)
    ScorecardSnapshot.objects.update(
        scorecard={**ScorecardSnapshot.objects.get().scorecard, "rubric_version": "retired-0"}
    )

    def only_test_1(version=None):
        if version == "retired-0":
            raise LookupError(version)
        return loader_rubric

    loader_rubric = loader.get_rubric("test-1")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "get_rubric", only_test_1)
        client.force_login(world.member)
        url = reverse("team-assessment-result", kwargs={"org": "acme", "team": "fraud"})
        page = client.get(url)
    assert page.status_code == 200
    assert b"retired-0" in page.content
