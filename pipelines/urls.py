"""Pages of the reference pipelines, inside a team."""

from django.urls import path

from pipelines import views

_P = "orgs/<slug:org>/teams/<slug:team>/pipelines/"

urlpatterns = [
    path(_P, views.pipeline_list, name="pipeline-list"),
    path(_P + "<slug:pipeline>/", views.pipeline_detail, name="pipeline-detail"),
    path(_P + "<slug:pipeline>/actions/", views.pipeline_actions, name="pipeline-actions"),
    path(_P + "<slug:pipeline>/status.json", views.pipeline_status, name="pipeline-status"),
    path(_P + "<slug:pipeline>/runs/<int:run>/", views.run_detail, name="pipeline-run"),
    path(
        _P + "<slug:pipeline>/runs/<int:run>/status.json",
        views.run_status,
        name="pipeline-run-status",
    ),
]
