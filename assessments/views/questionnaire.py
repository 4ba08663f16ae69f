"""Questionnaire pages: overview, the questions, the live-save endpoint, review, result.

Each view resolves the team through `tenancy` (404 for other organisations),
checks the person may do what is asked (403), then calls one service or selector.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from assessments.questionnaire import rules as questionnaire
from assessments.rubric.scorecard import AnswerValue
from assessments.selectors import questionnaire as q_selectors
from assessments.selectors.scorecards import scorecard_page
from assessments.services import questionnaire as q_services
from mlops_site.errors import DomainError
from tenancy import access as tenancy
from tenancy.models import Team

ANSWERERS_ONLY = "Only the team's members, leads and organisation admins answer."


def _team(request: HttpRequest, org: str, team: str, *, answering: bool = False) -> Team:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    if answering and not tenancy.can_change_team(request.user, team_obj):
        raise PermissionDenied(ANSWERERS_ONLY)
    return team_obj


def _to(name: str, team: Team, anchor: str = "") -> HttpResponse:
    url = reverse(name, kwargs={"org": team.organization.slug, "team": team.slug})
    return redirect(url + anchor)


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, org: str, team: str) -> HttpResponse:
    """The team's current round; leads and org admins open and close rounds here."""
    team_obj = _team(request, org, team, answering=request.method == "POST")
    if request.method == "POST":
        return _round_action(request, team_obj, request.POST.get("action", ""))
    context = {"team": team_obj, **q_selectors.assessment_overview(request.user, team_obj)}
    return render(request, "assessments/questionnaire/overview.html", context)


def _round_action(request: HttpRequest, team: Team, action: str) -> HttpResponse:
    try:
        if action == "open":
            q_services.assessment_round_open(team=team, user=request.user)
            messages.success(request, "The round is open: the team can answer now.")
            return _to("team-questionnaire", team)
        if action == "close":
            q_services.assessment_round_close(team=team, user=request.user)
            messages.success(request, "The round is closed and the team's scorecard stored.")
            return _to("team-assessment-result", team)
    except DomainError as error:
        messages.error(request, error.message)
        return _to("team-assessment", team)
    messages.error(request, "Unknown action.")
    return _to("team-assessment", team)


@login_required
@require_http_methods(["GET", "POST"])
def questions(request: HttpRequest, org: str, team: str) -> HttpResponse:
    """All sections on one page; without JavaScript each section posts here."""
    team_obj = _team(request, org, team, answering=True)
    round_ = q_selectors.round_open(team_obj)
    if round_ is None:
        messages.info(request, "No round is open for this team.")
        return _to("team-assessment", team_obj)
    errors: dict[str, list[str]] = {}
    posted: dict[str, AnswerValue] = {}
    if request.method == "POST":
        posted = questionnaire.answers_from_form(request.POST)
        try:
            q_services.answers_save(team=team_obj, user=request.user, answers=posted)
        except DomainError as error:
            errors = error.field_errors
            messages.error(request, error.message)
        else:
            messages.success(request, "Section saved.")
            return _to("team-questionnaire", team_obj, "#" + request.POST.get("section", ""))
    context = q_selectors.questionnaire_page(
        request.user, team_obj, round_, posted=posted, errors=errors
    )
    context["team"] = team_obj
    status = 400 if errors else 200
    return render(request, "assessments/questionnaire/questions.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def answers_endpoint(request: HttpRequest, org: str, team: str) -> JsonResponse:
    """JSON for the page's script. GET: my saved answers. POST {"question": id, "option": id}
    or {"question": id, "not_applicable": true, "justification": "..."}: save one."""
    team_obj = _team(request, org, team, answering=True)
    if request.method == "GET":
        return JsonResponse(_my_answers(request, team_obj))
    try:
        body = _json_body(request)
        question_id = body.get("question") if isinstance(body, dict) else None
        if not isinstance(question_id, str):
            raise ValueError("Name the question.")
        raw = body if body.get("not_applicable") else body.get("option")
        value = questionnaire.answer_from_json(raw)
        answer = q_services.answer_save(
            team=team_obj, user=request.user, question_id=question_id, value=value
        )
    except (ValueError, DomainError) as error:
        message = error.message if isinstance(error, DomainError) else str(error)
        return JsonResponse({"saved": False, "error": message}, status=400)
    return JsonResponse(
        {"saved": True, "question": answer.question_id, "updated_at": answer.updated_at}
    )


def _json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"{}")
    except RecursionError:
        raise ValueError("The body is nested too deeply to be an answer.") from None


def _my_answers(request: HttpRequest, team: Team) -> dict[str, Any]:
    round_ = q_selectors.round_open(team)
    if round_ is None:
        return {"round": None, "answers": {}}
    answers = q_selectors.response_answers(q_selectors.response_for(round_, request.user))
    return {
        "round": round_.pk,
        "answers": {
            k: v
            if isinstance(v, str)
            else {"not_applicable": True, "justification": v.justification}
            for k, v in answers.items()
        },
    }


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, org: str, team: str) -> HttpResponse:
    """Unanswered questions with links back to them; POST submits my response."""
    team_obj = _team(request, org, team, answering=True)
    round_ = q_selectors.round_open(team_obj)
    if round_ is None:
        messages.info(request, "No round is open for this team.")
        return _to("team-assessment", team_obj)
    if request.method == "POST":
        try:
            q_services.assessment_response_submit(team=team_obj, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return _to("team-assessment-review", team_obj)
        messages.success(request, "Your answers are submitted. Thank you.")
        return _to("team-assessment", team_obj)
    context = q_selectors.questionnaire_page(request.user, team_obj, round_)
    context["team"] = team_obj
    return render(request, "assessments/questionnaire/review.html", context)


@login_required
@require_safe
def result(request: HttpRequest, org: str, team: str) -> HttpResponse:
    """Each framework's claimed and assessed level, with the reason."""
    team_obj = _team(request, org, team)
    context = {"team": team_obj, **scorecard_page(team_obj)}
    return render(request, "assessments/questionnaire/result.html", context)
