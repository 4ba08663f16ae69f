"""Pages of the assessments app: home, organisation and team pages, then one module per area."""

from django.urls import include, path

from assessments.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("orgs/<slug:org>/", home.organization_detail, name="organization-detail"),
    path("orgs/<slug:org>/teams/<slug:team>/", home.team_detail, name="team-detail"),
    path("orgs/<slug:org>/teams/<slug:team>/settings/", home.team_settings, name="team-settings"),
    path("", include("assessments.urls.questionnaire")),
    path("", include("assessments.urls.reports")),
]
