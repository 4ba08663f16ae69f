"""Forms: input shape and field validation only."""

from __future__ import annotations

from django import forms

from tenancy.models import Role, Team


class AddMemberForm(forms.Form):
    email = forms.EmailField(help_text="People without an account get an invitation e-mail.")
    role = forms.ChoiceField(choices=Role.choices)
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        help_text="Leave empty for organisation admins and organisation-wide viewers.",
    )

    def __init__(self, *args: object, teams: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if teams is not None:
            self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class TeamNameChoiceField(forms.ModelChoiceField[Team]):
    """Teams by name: the organisation is already the page's."""

    def label_from_instance(self, obj: Team) -> str:
        return obj.name


class TokenIssueForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What will use it, e.g. “fraud training pipeline”."
    )
    team = TeamNameChoiceField(
        queryset=Team.objects.none(),
        required=False,
        empty_label="Any team of the organisation",
        help_text="A token limited to a team can only send and read that team's data.",
    )

    def __init__(self, *args: object, teams: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if teams is not None:
            self.fields["team"].queryset = teams  # type: ignore[attr-defined]
