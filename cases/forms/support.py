"""Forms for the case after adoption: consent, the support plan, sessions and reviews.
They check what a form can; the rules of the Channel process (who must consent at what
age, dates against the case's history) are the actions' to enforce."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Partnership, Role, User
from cases.forms.common import RECORDED_SINCE, TEXT, YES_NO, listed
from cases.models import (
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    Frequency,
    InterventionType,
)
from cases.workflow import CONFIRM_CLOSE
from govuk.forms import DateField, today, years_from_today


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(
        label="Was consent given?",
        choices=ConsentDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was given or refused"},
    )
    given_by = forms.ChoiceField(
        label="Who gave or refused consent?",
        choices=ConsentGiver.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who gave or refused consent"},
    )
    giver_name = forms.CharField(
        label="Name of the parent or guardian",
        required=False,
        max_length=200,
        help_text="Only if a parent or guardian gave or refused consent",
    )
    method = forms.ChoiceField(
        label="How was consent asked for?",
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how consent was asked for"},
    )
    given_on = DateField(
        label="Date of the decision", hint_example="14 2 2026", earliest=RECORDED_SINCE, latest=today
    )
    capacity_notes = forms.CharField(
        label="Notes on capacity",
        required=False,
        max_length=5000,
        help_text="Anything that bears on whether the decision was informed and freely made, "
        "such as learning needs or who else was present",
        widget=TEXT,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("given_by") == ConsentGiver.PARENT and not cleaned.get("giver_name", "").strip():
            self.add_error("giver_name", "Enter the name of the parent or guardian")
        return cleaned


class WithdrawConsentForm(forms.Form):
    withdrawn_on = DateField(
        label="Date consent was withdrawn", hint_example="3 4 2026", earliest=RECORDED_SINCE, latest=today
    )
    reason = forms.CharField(
        label="Why consent was withdrawn",
        help_text="In the person's words where you can",
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter the reason consent was withdrawn"},
    )


def providers(partnership: Partnership) -> Any:
    """Users holding the intervention provider role in the partnership."""
    return (
        User.objects.filter(
            memberships__partnership=partnership, memberships__role=Role.PROVIDER, is_active=True
        )
        .distinct()
        .order_by("full_name")
    )


class InterventionForm(forms.Form):
    intervention_type = forms.ModelChoiceField(
        label="Type of intervention",
        queryset=InterventionType.objects.none(),
        empty_label="Select a type of intervention",
        error_messages={"required": "Select the type of intervention"},
    )
    provider_organisation = forms.CharField(
        label="Intervention Provider or partner agency",
        max_length=200,
        help_text="Who delivers it, for example an approved Intervention Provider or the youth service",
        error_messages={"required": "Enter the Intervention Provider or partner agency"},
    )
    provider = forms.ModelChoiceField(
        label="Intervention provider who logs its sessions",
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="No one: the case team logs sessions",
        help_text="They will see the person's name, this intervention and its sessions, and nothing else "
        "about the case",
    )
    starts_on = DateField(
        label="Start date", hint_example="2 3 2026", earliest=RECORDED_SINCE, latest=years_from_today(1)
    )
    frequency_days = forms.TypedChoiceField(
        label="How often should sessions happen?",
        choices=Frequency.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="A session not attended within this time shows on the follow-up lists",
        error_messages={"required": "Select how often sessions should happen"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention_type"].queryset = listed(InterventionType, partnership)  # type: ignore[attr-defined]
        self.fields["provider"].queryset = providers(partnership)  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    held_on = DateField(
        label="Date of the session", hint_example="9 3 2026", earliest=RECORDED_SINCE, latest=today
    )
    attended = forms.ChoiceField(
        label="Did the person attend?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select yes if the person attended the session"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=5000,
        help_text="Keep them to the minimum: what was covered and anything the case team must act on, "
        "not what was said. The person can ask to see them.",
        widget=TEXT,
    )


class EndInterventionForm(forms.Form):
    ended_on = DateField(
        label="Date it ended", hint_example="30 4 2026", earliest=RECORDED_SINCE, latest=today
    )
    reason = forms.CharField(
        label="Why it ended",
        max_length=200,
        help_text="For example, the support plan's aim was met, or the person stopped attending",
        error_messages={
            "required": "Enter why the intervention ended",
            "max_length": "The reason must be 200 characters or fewer",
        },
    )


class ReviewForm(forms.Form):
    held_on = DateField(
        label="Date of the review", hint_example="12 9 2026", earliest=RECORDED_SINCE, latest=today
    )
    outcome = forms.CharField(
        label="What the review found",
        help_text="Whether the vulnerability has come back, who was asked and what they said",
        max_length=10000,
        widget=TEXT,
        error_messages={"required": "Enter what the review found"},
    )

    def __init__(self, *args: Any, closes: bool = False, **kwargs: Any) -> None:
        """`closes`: recording this review (the twelve-month one) closes the case, which
        is confirmed in so many words."""
        super().__init__(*args, **kwargs)
        if closes:
            self.fields["confirm_close"] = forms.BooleanField(
                label="I confirm that recording this review closes the case",
                help_text="The twelve-month review is the last after exit. Closing cannot be undone.",
                error_messages={"required": CONFIRM_CLOSE},
            )
