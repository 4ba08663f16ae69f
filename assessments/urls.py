"""Pages of the assessments app."""

from django.urls import include, path

from assessments import questionnaire_views as qv
from assessments import views, views_tokens

urlpatterns = [
    path("", views.home, name="home"),
    path("orgs/<slug:org>/", views.organization_detail, name="organization-detail"),
    path("orgs/<slug:org>/tokens/", views_tokens.token_list, name="token-list"),
    path("orgs/<slug:org>/tokens/new/", views_tokens.token_new, name="token-new"),
    path(
        "orgs/<slug:org>/tokens/<int:token>/revoke/",
        views_tokens.token_revoke_confirm,
        name="token-revoke",
    ),
    path("orgs/<slug:org>/teams/<slug:team>/", views.team_detail, name="team-detail"),
    path("orgs/<slug:org>/teams/<slug:team>/settings/", views.team_settings, name="team-settings"),
    path("orgs/<slug:org>/teams/<slug:team>/assessment/", qv.assessment, name="team-assessment"),
    path(
        "orgs/<slug:org>/teams/<slug:team>/assessment/questions/",
        qv.questions,
        name="team-questionnaire",
    ),
    path(
        "orgs/<slug:org>/teams/<slug:team>/assessment/answers",
        qv.answers_endpoint,
        name="team-assessment-answers",
    ),
    path(
        "orgs/<slug:org>/teams/<slug:team>/assessment/review/",
        qv.review,
        name="team-assessment-review",
    ),
    path(
        "orgs/<slug:org>/teams/<slug:team>/assessment/result/",
        qv.result,
        name="team-assessment-result",
    ),
    path("", include("assessments.report_urls")),
]
