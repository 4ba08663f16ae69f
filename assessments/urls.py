"""Pages of the assessments app."""

from django.urls import path

from assessments import views

urlpatterns = [
    path("", views.home, name="home"),
    path("orgs/<slug:org>/", views.organization_detail, name="organization-detail"),
    path("orgs/<slug:org>/teams/<slug:team>/", views.team_detail, name="team-detail"),
    path("orgs/<slug:org>/teams/<slug:team>/settings/", views.team_settings, name="team-settings"),
]
