"""Pages and downloads of the reports area."""

from django.urls import path

from assessments.views import reports as rv

urlpatterns = [
    path("orgs/<slug:org>/teams/<slug:team>/report/", rv.team_report, name="team-report"),
    path(
        "orgs/<slug:org>/teams/<slug:team>/report/<str:export>",
        rv.team_report_export,
        name="team-report-export",
    ),
    path("orgs/<slug:org>/report/", rv.organization_report, name="organization-report"),
    path(
        "orgs/<slug:org>/report/<str:export>",
        rv.organization_report_export,
        name="organization-report-export",
    ),
]
