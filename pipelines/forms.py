"""Forms of the pipeline pages: shape and field validation only."""

from __future__ import annotations

from django import forms

from pipelines.models import Level, ReferencePipeline


class PipelineCreateForm(forms.Form):
    level = forms.TypedChoiceField(choices=Level.choices, coerce=int, initial=Level.AUTOMATED)
    slug = forms.SlugField(
        max_length=64, required=False, help_text="Optional; bike-demand-level-N by default."
    )


class ActionForm(forms.Form):
    """One of the buttons of a pipeline page."""

    ACTIONS = (
        ("start", "Start a run"),
        ("advance", "Advance the simulated clock"),
        ("fault", "Inject a fault"),
        ("step", "Run the next manual step"),
    )
    action = forms.ChoiceField(choices=ACTIONS)
    days = forms.IntegerField(min_value=1, max_value=60, required=False, initial=1)
    fault = forms.ChoiceField(
        choices=[c for c in ReferencePipeline.Fault.choices if c[0] != "none"], required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("action") == "advance" and not data.get("days"):
            self.add_error("days", "How many days?")
        if data.get("action") == "fault" and not data.get("fault"):
            self.add_error("fault", "Which fault?")
        return data
