"""The police gateway's forms: deconfliction and the gateway decision."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Partnership
from cases.forms.common import TEXT, listed
from cases.models import (
    GatewayDecision,
    SupportService,
)


class DeconflictionForm(forms.Form):
    checks = forms.CharField(
        label="Checks made",
        help_text="Which systems were checked and what they show, for example PNC, PND, local intelligence",
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter the checks made"},
    )


class GatewayDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=GatewayDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision"},
    )
    signposted_to = forms.ModelChoiceField(
        label="Service signposted to",
        queryset=SupportService.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="Select a service",
        help_text="Only if the decision is to signpost",
    )
    reasons = forms.CharField(
        label="Reasons",
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter the reasons for the decision"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signposted_to"].queryset = listed(SupportService, partnership)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == GatewayDecision.SIGNPOSTED and not cleaned.get("signposted_to"):
            self.add_error("signposted_to", "Select the service the person is signposted to")
        return cleaned
