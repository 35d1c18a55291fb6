"""Channel panel meetings: scheduling, invitations, the agenda, attendance and decisions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Partnership, Role, User
from cases.forms.common import RECORDED_SINCE, TEXT, listed
from cases.models import (
    AgendaItem,
    PanelDecision,
    PanelInvitation,
    SupportService,
)
from govuk.forms import DateField, years_from_today

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class MeetingForm(forms.Form):
    meets_on = DateField(
        label="Date", hint_example="14 1 2027", earliest=RECORDED_SINCE, latest=years_from_today(2)
    )
    time = forms.CharField(
        label="Time",
        help_text="24-hour clock, for example 10:00 or 14:30",
        max_length=8,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the time the meeting starts"},
    )
    location = forms.CharField(label="Where", required=False, max_length=200)
    chair = forms.ModelChoiceField(
        label="Chair",
        queryset=User.objects.none(),
        to_field_name="uuid",
        error_messages={"required": "Select the chair"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__partnership=partnership, memberships__role=Role.CHAIR, is_active=True
        )

    def clean_time(self) -> dt.time:
        match = _TIME.match(self.cleaned_data["time"].strip())
        if not match:
            raise forms.ValidationError("Enter the time in 24-hour form, like 10:00")
        return dt.time(int(match.group(1)), int(match.group(2)))

    def meets_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["meets_on"], self.cleaned_data["time"])
        )


class InviteForm(forms.Form):
    member = forms.ModelChoiceField(
        label="Who",
        queryset=User.objects.none(),
        to_field_name="uuid",
        error_messages={"required": "Select who to invite"},
    )
    agency = forms.CharField(
        label="Agency they represent",
        max_length=200,
        help_text="For example, children's social care, health, education, probation or housing",
        error_messages={"required": "Enter the agency they represent"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__partnership=partnership, is_active=True)
            .distinct()
            .order_by("full_name")
        )


class AgendaForm(forms.Form):
    referral = forms.ModelChoiceField(
        label="Case",
        queryset=User.objects.none(),
        to_field_name="uuid",
        empty_label="Select a case",
        error_messages={"required": "Select a case to put on the agenda"},
    )

    def __init__(self, *args: Any, referrals: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = referrals  # type: ignore[attr-defined]
        self.fields["referral"].label_from_instance = lambda r: f"{r.reference}: {r.person or r.subject_name}"  # type: ignore[attr-defined]


class PanelDecisionForm(forms.Form):
    ACTIONS = 3

    decision = forms.ChoiceField(
        label="Decision",
        choices=PanelDecision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the panel's decision",
            "invalid_choice": "Select one of the decisions listed for this case",
        },
    )
    signposted_to = forms.ModelChoiceField(
        label="Service signposted to",
        queryset=SupportService.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="Select a service",
        help_text="Only if the panel does not adopt and signposts",
    )
    reasons = forms.CharField(
        label="Reasons",
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter the reasons for the decision"},
    )

    def __init__(self, *args: Any, item: AgendaItem, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the panel may decide depends on why the case is on the agenda.
        choices = item.decision_choices()
        self.fields["decision"].choices = choices  # type: ignore[attr-defined]
        if PanelDecision.NOT_ADOPT_SIGNPOST in dict(choices):
            self.fields["signposted_to"].queryset = listed(SupportService, partnership)  # type: ignore[attr-defined]
        else:
            del self.fields["signposted_to"]
        owners = User.objects.filter(memberships__partnership=partnership, is_active=True).distinct()
        for number in range(1, self.ACTIONS + 1):
            self.fields[f"action_{number}"] = forms.CharField(
                label=f"Action {number}",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"action_{number}_owner"] = forms.ModelChoiceField(
                label=f"Action {number}: owner",
                queryset=owners,
                to_field_name="uuid",
                required=False,
                empty_label="Select an owner",
            )
            self.fields[f"action_{number}_due"] = DateField(
                label=f"Action {number}: due",
                required=False,
                earliest=RECORDED_SINCE,
                latest=years_from_today(5),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == PanelDecision.NOT_ADOPT_SIGNPOST and not cleaned.get("signposted_to"):
            self.add_error("signposted_to", "Select the service the person is signposted to")
        for number in range(1, self.ACTIONS + 1):
            text = cleaned.get(f"action_{number}", "").strip()
            if not text:
                continue
            if not cleaned.get(f"action_{number}_owner"):
                self.add_error(f"action_{number}_owner", f"Select who owns action {number}")
            if not cleaned.get(f"action_{number}_due"):
                self.add_error(f"action_{number}_due", f"Enter when action {number} is due")
        return cleaned

    def action_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"action_{n}"], self[f"action_{n}_owner"], self[f"action_{n}_due"])
            for n in range(1, self.ACTIONS + 1)
        ]


class AttendanceForm(forms.Form):
    """Whether each person still invited attended: one question per invitation."""

    def __init__(self, *args: Any, invitations: list[PanelInvitation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            self.fields[f"attended_{invitation.uuid}"] = forms.ChoiceField(
                label=f"{invitation.member.full_name}, {invitation.agency}",
                choices=[("yes", "Attended"), ("no", "Did not attend")],
                widget=forms.RadioSelect(attrs={"inline": True}),
                initial=None if invitation.attended is None else ("yes" if invitation.attended else "no"),
                error_messages={"required": f"Select whether {invitation.member.full_name} attended"},
            )

    def attended(self) -> dict[int, bool]:
        return {i.pk: self.cleaned_data[f"attended_{i.uuid}"] == "yes" for i in self.invitations}


class ClosePanelActionForm(forms.Form):
    note = forms.CharField(
        label="What was done",
        widget=TEXT,
        max_length=5000,
        error_messages={"required": "Enter what was done"},
    )
