"""Pages of the questionnaire area: a team's round, its questions, review and result."""

from django.urls import path

from assessments.views import questionnaire as qv

urlpatterns = [
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
]
