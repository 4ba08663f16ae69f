"""Admin console for the roadmap advice: edit the newest set, publish it as a new version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from assessments.models import AdviceSet
from assessments.reports.advice import AdviceError, parse_advice
from assessments.rubric.loader import get_rubric
from assessments.services.reports import advice_publish
from mlops_site.errors import DomainError


class AdviceSetForm(forms.ModelForm[AdviceSet]):
    class Meta:
        model = AdviceSet
        fields = ("content", "note")
        widgets = {"content": forms.Textarea(attrs={"rows": 40, "cols": 120, "spellcheck": "true"})}

    def clean_content(self) -> str:
        content: str = self.cleaned_data["content"]
        try:
            parse_advice(content, get_rubric())
        except AdviceError as exc:
            raise forms.ValidationError(list(exc.problems)) from None
        return content


@admin.register(AdviceSet)
class AdviceSetAdmin(admin.ModelAdmin[AdviceSet]):
    """Saving, whether a new set or an edited one, publishes the next version; the
    versions already published stay as they were, for the roadmaps that used them."""

    form = AdviceSetForm
    list_display = ("version", "name", "note", "published_at", "published_by")
    readonly_fields = ("version", "name", "published_at", "published_by")
    fields = ("version", "name", "published_at", "published_by", "note", "content")
    list_select_related = ("published_by",)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        latest = AdviceSet.objects.order_by("-version").first()
        return {"content": latest.content} if latest else {}

    def save_model(self, request: HttpRequest, obj: AdviceSet, form: Any, change: bool) -> None:
        try:
            published = advice_publish(
                content=form.cleaned_data["content"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except DomainError as exc:  # the form validated it already; only a race gets here
            raise forms.ValidationError(exc.message) from exc
        obj.pk, obj.version = published.pk, published.version
        self.message_user(request, f"Published advice version {published.version}.")

    def has_delete_permission(self, request: HttpRequest, obj: AdviceSet | None = None) -> bool:
        return False  # roadmaps name the version they used
