"""Forms: input shape and field validation only."""

from __future__ import annotations

from django import forms


class TeamSettingsForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
