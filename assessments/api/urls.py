"""Version 1 of the public REST API."""

from django.urls import path

from assessments.api import assessments, metrics, reports, rubric, views

urlpatterns = [
    path("rubric", rubric.RubricApi.as_view(), name="api-rubric"),
    path("teams/<slug:team>", views.TeamDetailApi.as_view(), name="api-team-detail"),
    path(
        "teams/<slug:team>/assessments",
        assessments.TeamAssessmentsApi.as_view(),
        name="api-team-assessments",
    ),
    path(
        "teams/<slug:team>/scorecard",
        assessments.TeamScorecardApi.as_view(),
        name="api-team-scorecard",
    ),
    path("teams/<slug:team>/roadmap", reports.TeamRoadmapApi.as_view(), name="api-team-roadmap"),
    path("teams/<slug:team>/report", reports.TeamReportApi.as_view(), name="api-team-report"),
    path("teams/<slug:team>/metrics", metrics.TeamMetricsApi.as_view(), name="api-team-metrics"),
]
