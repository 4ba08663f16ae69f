"""Admin console: organisations, teams, memberships and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse

from mlops_site.errors import DomainError
from tenancy import services
from tenancy.forms import AddMemberForm
from tenancy.models import ApiToken, Membership, Organization, Team
from tenancy.services.tokens import token_revoke


class TeamInline(admin.TabularInline[Team, Organization]):
    model = Team
    extra = 0
    fields = ("slug", "name", "description")
    show_change_link = True


class OrgMembershipInline(admin.TabularInline[Membership, Organization]):
    model = Membership
    extra = 0
    fields = ("user", "team", "role", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Offer only this organisation's teams.
        object_id = (
            request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        )
        if db_field.name == "team" and object_id is not None:
            kwargs["queryset"] = Team.objects.filter(organization_id=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TeamMembershipInline(admin.TabularInline[Membership, Team]):
    model = Membership
    extra = 0
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("name", "slug", "team_count", "created_at")
    search_fields = ("name", "slug")
    list_filter = ("created_at",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (TeamInline, OrgMembershipInline)
    actions = ("add_member",)

    @admin.display(description="Teams")
    def team_count(self, obj: Organization) -> int:
        return obj.teams.count()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organization]:
        return super().get_queryset(request).prefetch_related("teams")

    @admin.action(description="Add or invite a member…")
    def add_member(self, request: HttpRequest, queryset: QuerySet[Organization]) -> Any:
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one organisation.", messages.WARNING)
            return None
        return redirect("admin:tenancy_organization_add_member", queryset.get().pk)

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "<int:org_id>/add-member/",
                self.admin_site.admin_view(self.add_member_view),
                name="tenancy_organization_add_member",
            )
        ]
        return extra + super().get_urls()

    def add_member_view(self, request: HttpRequest, org_id: int) -> HttpResponse:
        organization = get_object_or_404(Organization, pk=org_id)
        if not self.has_change_permission(request, organization):
            return HttpResponseRedirect(reverse("admin:index"))
        form = AddMemberForm(request.POST or None, teams=organization.teams.all())
        if request.method == "POST" and form.is_valid():
            try:
                added = services.membership_add_or_invite(
                    organization=organization,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    team=form.cleaned_data["team"],
                    domain=request.get_host(),
                    use_https=request.is_secure(),
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                note = " An invitation e-mail was sent." if added.invitation_sent else ""
                self.message_user(request, f"{added.membership} saved.{note}", messages.SUCCESS)
                return redirect("admin:tenancy_organization_change", organization.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Add or invite a member to {organization}",
            "organization": organization,
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/tenancy/add_member.html", context)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "slug", "organization", "created_at")
    search_fields = ("name", "slug", "organization__name", "organization__slug")
    list_filter = ("organization",)
    list_select_related = ("organization",)
    inlines = (TeamMembershipInline,)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for inline_form in formset.forms:
            instance = inline_form.instance
            if isinstance(instance, Membership) and not instance.organization_id:
                instance.organization = form.instance.organization
        super().save_formset(request, form, formset, change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "organization", "team", "role", "created_at")
    list_filter = ("role", "organization")
    search_fields = ("user__username", "user__email", "organization__slug", "team__slug")
    list_select_related = ("user", "organization", "team")
    autocomplete_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are issued in the app (Organisation → API tokens) or by `manage.py issue_token`,
    where the secret is shown once; here they can only be looked at and revoked."""

    list_display = (
        "name",
        "organization",
        "team",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("organization", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "organization__slug", "team__slug")
    list_select_related = ("organization", "team")
    # key_hash is left out: useless to a person, and nothing to hand around.
    fields = readonly_fields = (
        "name",
        "organization",
        "team",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            token_revoke(token=token)
        self.message_user(request, f"{len(tokens)} token(s) revoked.", messages.SUCCESS)
