"""Forms: input shape and field validation only."""

from __future__ import annotations

from django import forms


class TeamSettingsForm(forms.Form):
    name = forms.CharField(max_length=200)
    # A few sentences shown on the team's pages; the column itself has no limit.
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=2000
    )
