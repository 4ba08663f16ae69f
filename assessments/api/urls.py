"""Version 1 of the public REST API."""

from django.urls import path

from assessments.api import views

urlpatterns = [
    path("teams/<slug:team>", views.TeamDetailApi.as_view(), name="api-team-detail"),
]
