"""Version 1 of the public REST API."""

from django.urls import path

from assessments.api import metrics, rubric, views

urlpatterns = [
    path("rubric", rubric.RubricApi.as_view(), name="api-rubric"),
    path("teams/<slug:team>", views.TeamDetailApi.as_view(), name="api-team-detail"),
    path("teams/<slug:team>/metrics", metrics.TeamMetricsApi.as_view(), name="api-team-metrics"),
]
