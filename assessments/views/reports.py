"""Report pages and exports: the team report, the organisation roll-up, their downloads.

Each view checks access through `tenancy`, then calls one selector and renders
or serialises its result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from assessments.reports import exports
from assessments.reports.exports import TeamExport
from assessments.rubric.loader import get_rubric
from assessments.rubric.types import ASPECTS, Rubric
from assessments.selectors import reports as report_selectors
from assessments.selectors import rollup as rollup_selectors
from tenancy import access as tenancy
from tenancy.models import Organization

#: Export file names and their content type.
EXPORTS = {
    "scorecard.csv": "text/csv; charset=utf-8",
    "roadmap.csv": "text/csv; charset=utf-8",
    "report.json": "application/json",
    "report.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _export_body(name: str, rubric: Rubric, teams: Sequence[TeamExport]) -> str | bytes:
    makers: dict[str, Callable[[], str | bytes]] = {
        "scorecard.csv": lambda: exports.scorecard_csv(rubric, teams),
        "roadmap.csv": lambda: exports.roadmap_csv(teams),
        "report.json": lambda: exports.report_json(teams),
        "report.xlsx": lambda: exports.workbook_xlsx(rubric, teams),
    }
    return makers[name]()


def _download(name: str, prefix: str, body: str | bytes) -> HttpResponse:
    response = HttpResponse(body, content_type=EXPORTS[name])
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{name}"'
    return response


@login_required
@require_safe
def team_report(request: HttpRequest, org: str, team: str) -> HttpResponse:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    report = report_selectors.team_report(team_obj)
    made = report.charts()
    context = {"team": team_obj, "report": report, "charts": made, "exports": list(EXPORTS)}
    return render(request, "assessments/report/team.html", context)


def team_export(team_report: report_selectors.TeamReport) -> TeamExport:
    team = team_report.team
    return TeamExport(
        f"{team.organization.slug}/{team.slug}",
        team_report.scorecard,
        team_report.roadmap,
        team_report.metrics,
    )


@login_required
@require_safe
def team_report_export(request: HttpRequest, org: str, team: str, export: str) -> HttpResponse:
    team_obj = tenancy.team_get_for_user(request.user, org, team)
    if export not in EXPORTS:
        raise Http404("No such export.")
    report = report_selectors.team_report(team_obj)
    body = _export_body(export, report.rubric, [team_export(report)])
    return _download(export, f"{org}-{team}", body)


class RollupFilterForm(forms.Form):
    framework = forms.ChoiceField(required=False)
    aspect = forms.ChoiceField(
        required=False,
        choices=[("", "All aspects"), *((a, a.replace("_", " ").capitalize()) for a in ASPECTS)],
    )
    level = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    compare = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: object, rubric: Rubric, teams: Sequence[str], **kw: object) -> None:
        super().__init__(*args, **kw)  # type: ignore[arg-type]
        frameworks = rubric.frameworks.values()
        top = max(lvl.level for fw in frameworks for lvl in fw.levels)
        self.fields["framework"].choices = [("", "Both frameworks")] + [  # type: ignore[attr-defined]
            (fw.id, fw.name) for fw in frameworks
        ]
        self.fields["level"].choices = [("", "Any level")] + [  # type: ignore[attr-defined]
            (str(n), f"Level {n}") for n in range(top + 1)
        ]
        self.fields["compare"].choices = [(t, t) for t in teams]  # type: ignore[attr-defined]

    def filters(self) -> rollup_selectors.Filters:
        if not self.is_valid():
            return rollup_selectors.Filters()
        data = self.cleaned_data
        return rollup_selectors.Filters(
            framework=data["framework"] or "",
            aspect=data["aspect"] or "",
            level=data["level"] if data["framework"] else None,
            compare=tuple(data["compare"]),
        )


def _rollup(
    request: HttpRequest, org: str
) -> tuple[Organization, RollupFilterForm, rollup_selectors.Rollup]:
    organization = tenancy.organization_get_for_user(request.user, org)
    if not tenancy.can_view_organization_rollup(request.user, organization):
        raise PermissionDenied(
            "Only organisation admins and organisation-wide viewers see the roll-up."
        )
    teams = [
        t.slug for t in tenancy.teams_visible_to(request.user).filter(organization=organization)
    ]
    form = RollupFilterForm(request.GET or None, rubric=get_rubric(), teams=teams)
    rollup = rollup_selectors.organization_rollup(request.user, organization, form.filters())
    return organization, form, rollup


@login_required
@require_safe
def organization_report(request: HttpRequest, org: str) -> HttpResponse:
    organization, form, rollup = _rollup(request, org)
    query = request.GET.urlencode()
    context = {"organization": organization, "form": form, "rollup": rollup, "query": query,
               "exports": list(EXPORTS)}  # fmt: skip
    return render(request, "assessments/report/organization.html", context)


@login_required
@require_safe
def organization_report_export(request: HttpRequest, org: str, export: str) -> HttpResponse:
    if export not in EXPORTS:
        raise Http404("No such export.")
    _, _, rollup = _rollup(request, org)
    teams = rollup_selectors.organization_exports(rollup)
    return _download(export, org, _export_body(export, rollup.rubric, teams))
