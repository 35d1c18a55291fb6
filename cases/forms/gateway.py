"""The police gateway's forms: deconfliction entries, screening information, the gateway
decision, the national case-tracking reference and the allocated worker."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Partnership, User
from cases.actions.allocation import allocatable_workers
from cases.forms.common import TEXT, listed
from cases.models import (
    DeconflictionOutcome,
    GatewayDecision,
    LegalBasis,
    SupportService,
)
from govuk.forms import ModelChoiceField


class DeconflictionForm(forms.Form):
    consulted = forms.CharField(
        label="Who was consulted",
        help_text="The person or team, for example Counter Terrorism Policing North East, or PNC and PND",
        max_length=200,
        error_messages={"required": "Enter who was consulted"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=DeconflictionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    checks = forms.CharField(
        label="Checks made and any conditions",
        help_text="What was checked and what it shows; if the referral may proceed with conditions, "
        "what they are",
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter the checks made"},
    )


class ScreeningInformationForm(forms.Form):
    source = forms.CharField(
        label="Source",
        help_text="Where the information came from, for example the school's designated safeguarding lead",
        max_length=200,
        error_messages={"required": "Enter where the information came from"},
    )
    what = forms.CharField(
        label="What the information is",
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter what the information is"},
    )
    legal_basis = forms.ChoiceField(
        label="Legal basis",
        choices=LegalBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the legal basis"},
    )


class NationalReferenceForm(forms.Form):
    national_reference = forms.CharField(
        label="National case-tracking reference",
        help_text="As the national case-tracking system shows it. Leave empty to remove it.",
        max_length=40,
        required=False,
    )


class AllocationForm(forms.Form):
    worker = ModelChoiceField(
        label="Allocated worker",
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Not allocated",
        help_text="A coordinator of the partnership",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = allocatable_workers(partnership.pk).order_by("full_name")  # type: ignore[attr-defined]


class GatewayDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=GatewayDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision"},
    )
    signposted_to = ModelChoiceField(
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
