"""The partnership's Channel settings: gateway target, review interval, post-exit review
windows and retention periods."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import POST_EXIT_6_OPENS, POST_EXIT_12_OPENS
from cases.models import (
    ReferralState,
)
from cases.retention import DEFAULT_YEARS


def _whole_number(label: str, required: str, invalid: str) -> forms.IntegerField:
    # GOV.UK asks for a text input with a numeric keyboard, not type="number".
    return forms.IntegerField(
        label=label,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"required": required, "invalid": invalid},
    )


class ChannelSettingsForm(forms.Form):
    gateway_target_days = _whole_number(
        "Gateway target, in working days",
        "Enter the gateway target in working days",
        "The gateway target must be a whole number of working days, like 5",
    )
    support_review_weeks = _whole_number(
        "Weeks between reviews of a case receiving support",
        "Enter the number of weeks between support reviews",
        "The weeks between support reviews must be a whole number, like 12",
    )
    post_exit_6_opens_months = _whole_number(
        "Six-month review after exit: can be recorded from this many months after exit",
        "Enter from how many months after exit the six-month review can be recorded",
        "The months before the six-month review opens must be a whole number, like 5",
    )
    post_exit_12_opens_months = _whole_number(
        "Twelve-month review after exit: can be recorded from this many months after exit",
        "Enter from how many months after exit the twelve-month review can be recorded",
        "The months before the twelve-month review opens must be a whole number, like 11",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gateway_target_days"].help_text = (
            "The police gateway assessment should be made within this many working days of a "
            "referral arriving. The gateway queue marks referrals waiting longer as over target."
        )
        self.fields["support_review_weeks"].help_text = (
            "A panel review of a case receiving support falls due this many weeks after consent "
            "is given, and again after each review at which support continues."
        )
        self.fields["post_exit_6_opens_months"].help_text = (
            "The review falls due 6 months after the panel agreed the exit; it cannot be recorded, "
            f"at a panel or outside one, before this many months have passed. Between {POST_EXIT_6_OPENS[0]} "
            f"and {POST_EXIT_6_OPENS[1]}. Default: 5"
        )
        self.fields["post_exit_12_opens_months"].help_text = (
            "The last review falls due 12 months after exit and closes the case; it cannot be "
            f"recorded before this many months have passed. Between {POST_EXIT_12_OPENS[0]} and "
            f"{POST_EXIT_12_OPENS[1]}. Default: 11"
        )
        for outcome in self.outcomes():
            label = ReferralState(outcome).label
            self.fields[f"retention_years_{outcome}"] = _whole_number(
                f"{label}: years kept",
                f"Enter how many years a case is kept after “{label}”",
                f"Years kept after “{label}” must be a whole number, like {DEFAULT_YEARS[outcome]}",
            )
            self.fields[f"retention_years_{outcome}"].help_text = f"Default: {DEFAULT_YEARS[outcome]} years"

    @staticmethod
    def outcomes() -> list[str]:
        """The closed outcomes in the order a case reaches them."""
        return [state for state in ReferralState.values if state in DEFAULT_YEARS]

    def policy_fields(self) -> list[forms.BoundField]:
        return [
            self["gateway_target_days"],
            self["support_review_weeks"],
            self["post_exit_6_opens_months"],
            self["post_exit_12_opens_months"],
        ]

    def retention_fields(self) -> list[forms.BoundField]:
        return [self[f"retention_years_{outcome}"] for outcome in self.outcomes()]

    def retention_years(self) -> dict[str, int]:
        return {outcome: self.cleaned_data[f"retention_years_{outcome}"] for outcome in self.outcomes()}
