"""Pages of the reference pipelines: access through `tenancy`, one selector or service each."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from jobs.outbox import WAITING_NOTE
from jobs.services import job_waiting
from mlops_site.errors import DomainError
from pipelines import dispatch, selectors
from pipelines.forms import ActionForm, PipelineCreateForm
from pipelines.models import ReferencePipeline
from pipelines.services import actions, setup
from tenancy import access as tenancy


@login_required
@require_http_methods(["GET", "POST"])
def pipeline_list(request: HttpRequest, org: str, team: str) -> HttpResponse:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    can_change = tenancy.can_change_team(request.user, team_obj)
    form = PipelineCreateForm(request.POST or None)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Viewers cannot create pipelines.")
        if form.is_valid():
            try:
                pipeline = setup.pipeline_create(team=team_obj, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                if dispatch.bootstrap_waiting(pipeline_id=pipeline.pk):
                    messages.warning(request, f"Pipeline {pipeline.slug} created. {WAITING_NOTE}")
                else:
                    messages.success(
                        request, f"Pipeline {pipeline.slug} created; its first runs are queued."
                    )
                return redirect("pipeline-detail", org=org, team=team, pipeline=pipeline.slug)
    context = {
        "team": team_obj,
        "pipelines": selectors.pipelines_for_team(team_obj),
        "can_change": can_change,
        "form": form,
    }
    return render(request, "pipelines/list.html", context)


@login_required
@require_safe
def pipeline_detail(request: HttpRequest, org: str, team: str, pipeline: str) -> HttpResponse:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    found = selectors.pipeline_for_team(team_obj, pipeline)
    context = selectors.pipeline_page(found)
    context["can_change"] = tenancy.can_change_team(request.user, team_obj)
    context["action_form"] = ActionForm()
    return render(request, "pipelines/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pipeline_actions(request: HttpRequest, org: str, team: str, pipeline: str) -> HttpResponse:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    found = selectors.pipeline_for_team(team_obj, pipeline)
    if not tenancy.can_change_team(request.user, team_obj):
        raise PermissionDenied("Viewers cannot run pipelines.")
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = _act(request, found, form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(target)
    return render(
        request, "pipelines/actions.html", {"pipeline": found, "team": team_obj, "form": form}
    )


def _act(request: HttpRequest, pipeline: ReferencePipeline, data: dict[str, object]) -> str:
    action = data["action"]
    if action == "start":
        run = actions.run_start(pipeline=pipeline)
        if dispatch.run_waiting(run_id=run.pk):
            messages.warning(request, f"Run {run.number}: {WAITING_NOTE}")
        else:
            messages.success(request, f"Run {run.number} started.")
        return selectors.run_url(run)
    if action == "step":
        run = actions.manual_step_start(pipeline=pipeline)
        messages.success(request, "Next step started.")
        return selectors.run_url(run)
    if action == "advance":
        job = actions.clock_advance_start(pipeline=pipeline, days=int(str(data["days"])))
        if job_waiting(job):
            messages.warning(request, f"Advancing the clock {data['days']} day(s): {WAITING_NOTE}")
        else:
            messages.success(request, f"Advancing the clock {data['days']} day(s).")
    else:
        actions.fault_start(pipeline=pipeline, fault=str(data["fault"]))
        messages.success(request, "The fault will reach the data of the next day and run.")
    return selectors.pipeline_url(pipeline)


@login_required
@require_safe
def pipeline_status(request: HttpRequest, org: str, team: str, pipeline: str) -> JsonResponse:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    return JsonResponse(selectors.pipeline_status(selectors.pipeline_for_team(team_obj, pipeline)))


@login_required
@require_safe
def run_detail(request: HttpRequest, org: str, team: str, pipeline: str, run: int) -> HttpResponse:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    found = selectors.pipeline_for_team(team_obj, pipeline)
    run_obj = selectors.run_for_pipeline(found, run)
    context = {
        "team": team_obj,
        "pipeline": found,
        "run": run_obj,
        "status": selectors.run_status(run_obj),
        "can_change": tenancy.can_change_team(request.user, team_obj),
    }
    return render(request, "pipelines/run.html", context)


@login_required
@require_safe
def run_status(request: HttpRequest, org: str, team: str, pipeline: str, run: int) -> JsonResponse:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    run_obj = selectors.run_for_pipeline(selectors.pipeline_for_team(team_obj, pipeline), run)
    return JsonResponse(selectors.run_status(run_obj))
