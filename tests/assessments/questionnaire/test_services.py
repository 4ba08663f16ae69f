"""Questionnaire services: rounds, validated and idempotent saves, submission, permissions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from assessments.models import Answer, AssessmentResponse, AssessmentRound
from assessments.rubric.scorecard import NotApplicable
from assessments.services import questionnaire as svc
from mlops_site.errors import DomainError

pytestmark = [pytest.mark.dated, pytest.mark.django_db]


@pytest.fixture
def round_(world, rubric):
    return svc.assessment_round_open(team=world.team, user=world.lead)


@pytest.mark.parametrize("who", ["lead", "admin"])
def test_leads_and_org_admins_open_a_round_with_the_current_rubric_version(world, rubric, who):
    opened = svc.assessment_round_open(team=world.team, user=getattr(world, who))
    assert opened.rubric_version == "test-1"
    assert opened.opened_by == getattr(world, who)
    assert opened.is_open


@pytest.mark.parametrize("who", ["member", "viewer", "outsider"])
def test_members_viewers_and_outsiders_may_not_open_a_round(world, rubric, who):
    with pytest.raises(PermissionDenied):
        svc.assessment_round_open(team=world.team, user=getattr(world, who))
    assert not AssessmentRound.objects.exists()


def test_opening_twice_gives_the_round_already_open(world, round_):
    assert svc.assessment_round_open(team=world.team, user=world.admin) == round_
    assert AssessmentRound.objects.count() == 1


@pytest.mark.parametrize("who", ["member", "lead", "admin"])
def test_members_leads_and_org_admins_answer(world, round_, who):
    answer = svc.answer_save(
        team=world.team, user=getattr(world, who), question_id="sc_code", value="yes"
    )
    assert answer.value == "yes"


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_viewers_and_outsiders_never_answer(world, round_, who):
    with pytest.raises(PermissionDenied):
        svc.answer_save(
            team=world.team, user=getattr(world, who), question_id="sc_code", value="yes"
        )
    assert not Answer.objects.exists()


def test_answering_without_an_open_round_is_explained(world, rubric):
    with pytest.raises(DomainError, match="No assessment round is open"):
        svc.answer_save(team=world.team, user=world.member, question_id="sc_code", value="yes")


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        ("nope", "yes", "No such question"),
        ("sc_code", "maybe", "Choose one of the listed answers"),
        ("sc_code", NotApplicable("x"), "cannot be answered not applicable"),
        ("pd_strategy", "yes", "does not apply given your other answers"),
    ],
)
def test_an_invalid_answer_is_refused_with_a_clear_message_and_not_stored(
    world, round_, question, value, message
):
    with pytest.raises(DomainError, match=message):
        svc.answer_save(team=world.team, user=world.member, question_id=question, value=value)
    assert not Answer.objects.exists()


def test_not_applicable_needs_a_justification_where_it_is_allowed(world, round_):
    svc.answer_save(team=world.team, user=world.member, question_id="ctx_serving", value="online")
    with pytest.raises(DomainError, match="Say why"):
        svc.answer_save(
            team=world.team, user=world.member, question_id="pd_strategy", value=NotApplicable("")
        )
    saved = svc.answer_save(
        team=world.team,
        user=world.member,
        question_id="pd_strategy",
        value=NotApplicable(" batch only "),
    )
    assert saved.value == NotApplicable("batch only")


def test_saving_the_same_answer_again_changes_nothing(world, round_):
    first = svc.answer_save(team=world.team, user=world.member, question_id="sc_code", value="yes")
    again = svc.answer_save(team=world.team, user=world.member, question_id="sc_code", value="yes")
    assert (again.pk, again.updated_at) == (first.pk, first.updated_at)
    changed = svc.answer_save(team=world.team, user=world.member, question_id="sc_code", value="no")
    assert changed.pk == first.pk
    assert changed.value == "no"
    assert Answer.objects.count() == 1


def test_a_batch_with_one_bad_answer_stores_nothing_and_names_each_bad_question(world, round_):
    with pytest.raises(DomainError) as caught:
        svc.answers_save(
            team=world.team,
            user=world.member,
            answers={"sc_code": "yes", "people_collab": "x", "nope": "yes"},
        )
    assert set(caught.value.field_errors) == {"people_collab", "nope"}
    assert not Answer.objects.exists()


def test_a_batch_is_judged_as_a_whole_for_branching(world, round_):
    svc.answers_save(
        team=world.team,
        user=world.member,
        answers={"ctx_serving": "online", "pd_strategy": "partly"},
    )
    assert Answer.objects.count() == 2


def test_submitting_marks_my_response_submitted_once(world, round_):
    svc.answer_save(team=world.team, user=world.member, question_id="sc_code", value="yes")
    first = svc.assessment_response_submit(team=world.team, user=world.member)
    again = svc.assessment_response_submit(team=world.team, user=world.member)
    assert first.status == AssessmentResponse.Status.SUBMITTED
    assert again.submitted_at == first.submitted_at


def test_each_person_has_their_own_response_in_a_round(world, round_):
    svc.answer_save(team=world.team, user=world.member, question_id="sc_code", value="yes")
    svc.answer_save(team=world.team, user=world.lead, question_id="sc_code", value="no")
    assert AssessmentResponse.objects.filter(round=round_).count() == 2


@pytest.mark.parametrize("who", ["member", "viewer"])
def test_only_leads_and_org_admins_close_a_round(world, round_, who):
    with pytest.raises(PermissionDenied):
        svc.assessment_round_close(team=world.team, user=getattr(world, who))
    round_.refresh_from_db()
    assert round_.is_open


def test_a_round_without_submissions_is_not_closed(world, round_):
    with pytest.raises(DomainError, match="Nobody has submitted"):
        svc.assessment_round_close(team=world.team, user=world.lead)
    round_.refresh_from_db()
    assert round_.is_open


def test_an_import_needs_at_least_one_answer(world, round_):
    with pytest.raises(DomainError, match="at least one"):
        svc.assessment_import(team=world.team, user=world.member, answers={})
