"""Pages of the tenancy app: an organisation's API tokens."""

from django.urls import path

from tenancy import views

urlpatterns = [
    path("orgs/<slug:org>/tokens/", views.token_list, name="token-list"),
    path("orgs/<slug:org>/tokens/new/", views.token_new, name="token-new"),
    path(
        "orgs/<slug:org>/tokens/<int:token>/revoke/",
        views.token_revoke_confirm,
        name="token-revoke",
    ),
]
