"""Channel panel meetings: scheduling, invitations, the agenda, attendance and decisions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.boundfield import BoundWidget
from django.utils import timezone

from accounts.models import Membership, Partnership, Role, User
from cases import access
from cases.forms.common import RECORDED_SINCE, TEXT, listed
from cases.forms.support import RequiredChoice, RequiredDate, RequiredText
from cases.models import (
    AgendaItem,
    AgendaPurpose,
    ClosureReason,
    PanelDecision,
    PanelInvitation,
    PanelMeeting,
    Review,
    ReviewKind,
    SupportService,
)
from cases.models.channel import Attendance
from cases.workflow import CONFIRM_CLOSE, SIX_MONTH_REASON
from govuk.forms import DateField, ModelChoiceField, years_from_today

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
    chair = ModelChoiceField(
        label="Chair",
        queryset=User.objects.none(),
        to_field_name="uuid",
        error_messages={"required": "Select the chair"},
    )
    deputy_chair = ModelChoiceField(
        label="Deputy chair",
        help_text="Who chairs this meeting if the chair cannot. The panel is quorate with the chair "
        "or the deputy chair, and a police officer, present.",
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="No deputy chair",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__partnership=partnership, memberships__role=Role.CHAIR, is_active=True
        )
        self.fields["deputy_chair"].queryset = deputy_chair_candidates(partnership)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chair, deputy = cleaned.get("chair"), cleaned.get("deputy_chair")
        if chair is not None and deputy is not None and chair.pk == deputy.pk:
            self.add_error("deputy_chair", "The deputy chair must be someone other than the chair")
        return cleaned

    def clean_time(self) -> dt.time:
        match = _TIME.match(self.cleaned_data["time"].strip())
        if not match:
            raise forms.ValidationError("Enter the time in 24-hour form, like 10:00")
        return dt.time(int(match.group(1)), int(match.group(2)))

    def meets_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["meets_on"], self.cleaned_data["time"])
        )


def deputy_chair_candidates(partnership: Partnership | int) -> QuerySet[User]:
    """Who may be named deputy chair: the partnership's people with a panel role."""
    return (
        User.objects.filter(
            memberships__partnership=partnership,
            memberships__role__in=access.PANEL_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


class DeputyChairForm(forms.Form):
    deputy_chair = ModelChoiceField(
        label="Deputy chair",
        help_text="Who chairs this meeting if the chair cannot: someone with a panel role here.",
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="No deputy chair",
    )

    def __init__(self, *args: Any, meeting: PanelMeeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["deputy_chair"].queryset = deputy_chair_candidates(meeting.partnership_id).exclude(  # type: ignore[attr-defined]
            pk=meeting.chair_id
        )
        self.fields["deputy_chair"].initial = meeting.deputy_chair.uuid if meeting.deputy_chair_id else None  # type: ignore[union-attr]


@dataclass(frozen=True)
class Candidate:
    """Someone who may be invited: a checkbox, and the agency they represent beside it."""

    user: User
    roles: str
    option: BoundWidget
    agency: forms.BoundField


def panel_people(meeting: PanelMeeting) -> QuerySet[User]:
    """The partnership's people who hold a panel role (`access.PANEL_ROLES`)."""
    return (
        User.objects.filter(
            memberships__partnership=meeting.partnership_id,
            memberships__role__in=access.PANEL_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


class InviteForm(forms.Form):
    """Several people at once: a checkbox for each person with a panel role who is not
    invited (someone whose invitation was withdrawn may be invited again), and the agency
    each represents, filled in from their membership of the partnership or else from their
    last invitation, and changed here if need be. People already invited are accepted by
    the form but not shown, so that a form sent twice is saved once and a second tab is
    told who is already invited, by the action."""

    members = forms.MultipleChoiceField(
        label="Who to invite",
        widget=forms.CheckboxSelectMultiple,
        help_text="People who hold a panel role in this partnership and are not invited yet.",
        error_messages={
            "required": "Select who to invite",
            "invalid_choice": "Select only people listed: someone chosen cannot be invited",
        },
    )

    def __init__(self, *args: Any, meeting: PanelMeeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invited = set(
            meeting.invitations.filter(withdrawn_at__isnull=True).values_list("member__uuid", flat=True)
        )
        people = list(panel_people(meeting))
        # Those who may be invited first, so that the error summary leads to the first box shown.
        people.sort(key=lambda user: user.uuid in invited)
        self.people = {str(user.uuid): user for user in people}
        self.invited = {str(uuid) for uuid in invited}
        roles: dict[int, list[str]] = {}
        agencies: dict[int, str] = {}
        for user_id, role, agency in (
            Membership.objects.filter(
                partnership=meeting.partnership_id,
                user__in=[u.pk for u in people],
                role__in=access.PANEL_ROLES,
            )
            .order_by("role")
            .values_list("user_id", "role", "agency")
        ):
            roles.setdefault(user_id, []).append(Role(role).label)
            if agency.strip():
                agencies.setdefault(user_id, agency.strip())
        # Without an agency on their membership, the one they represented last time.
        for member_id, agency in (
            PanelInvitation.objects.filter(
                meeting__partnership=meeting.partnership_id,
                member__in=[u.pk for u in people if u.pk not in agencies],
            )
            .order_by("-invited_at", "-id")
            .values_list("member_id", "agency")
        ):
            agencies.setdefault(member_id, agency)
        self.roles = {key: ", ".join(roles.get(user.pk, [])) for key, user in self.people.items()}
        self.fields["members"].choices = [(key, user.full_name) for key, user in self.people.items()]  # type: ignore[attr-defined]
        for key, user in self.people.items():
            self.fields[f"agency_{key}"] = forms.CharField(
                label=f"Agency {user.full_name} represents",
                required=False,
                max_length=200,
                initial=agencies.get(user.pk, ""),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for key in cleaned.get("members", []):
            if not cleaned.get(f"agency_{key}", "").strip() and f"agency_{key}" not in self.errors:
                self.add_error(f"agency_{key}", f"Enter the agency {self.people[key].full_name} represents")
        return cleaned

    def candidates(self) -> list[Candidate]:
        """Who is offered: a checkbox and an agency for each person not invited."""
        options = {str(option.data["value"]): option for option in self["members"]}
        return [
            Candidate(user, self.roles[key], options[key], self[f"agency_{key}"])
            for key, user in self.people.items()
            if key not in self.invited
        ]

    def chosen(self) -> list[tuple[User, str]]:
        return [
            (self.people[key], self.cleaned_data[f"agency_{key}"].strip())
            for key in self.cleaned_data["members"]
        ]


class AgendaForm(forms.Form):
    referral = ModelChoiceField(
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
    signposted_to = ModelChoiceField(
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

    def __init__(
        self,
        *args: Any,
        item: AgendaItem,
        partnership: Partnership,
        waiting: Review | None = None,
        review_too_early: str = "",
        **kwargs: Any,
    ) -> None:
        """`waiting` is the earliest review waiting, for a post-exit review; `review_too_early`
        says why it cannot be held at this meeting yet (its window opens later), and then
        the panel is not offered "post-exit review held"."""
        super().__init__(*args, **kwargs)
        # What the panel may decide depends on why the case is on the agenda.
        choices = item.decision_choices()
        if review_too_early:
            choices = [(value, label) for value, label in choices if value != PanelDecision.POST_EXIT_REVIEW]
        self.fields["decision"].choices = choices  # type: ignore[attr-defined]
        self.closing = {PanelDecision.CLOSE.value}
        if waiting is not None and waiting.kind == ReviewKind.AFTER_EXIT_12:
            self.closing.add(PanelDecision.POST_EXIT_REVIEW.value)
        self.at_six_months = waiting is not None and waiting.kind == ReviewKind.AFTER_EXIT_6
        if self.at_six_months:
            self.fields["close_reason"] = forms.CharField(
                label="Why the case closes at the six-month review",
                required=False,
                max_length=5000,
                widget=TEXT,
                help_text="Only if the panel closes the case now: why the twelve-month review is not needed",
            )
        self._add_consent_fields(item, choices)
        if item.purpose == AgendaPurpose.POST_EXIT_REVIEW:
            self.fields["confirm_close"] = forms.BooleanField(
                label="I confirm that this decision closes the case",
                required=False,
                help_text=(
                    "Needed to close the case now"
                    + (", or at the twelve-month review" if len(self.closing) > 1 else "")
                    + ". Closing cannot be undone."
                ),
            )
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
            self.fields[f"action_{number}_owner"] = ModelChoiceField(
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
        closes = cleaned.get("decision") in self.closing
        if closes and self.at_six_months and not cleaned.get("close_reason", "").strip():
            self.add_error("close_reason", SIX_MONTH_REASON)
        if closes and "confirm_close" in self.fields and not cleaned.get("confirm_close"):
            self.add_error("confirm_close", CONFIRM_CLOSE)
        self._clean_consent_fields(cleaned)
        for number in range(1, self.ACTIONS + 1):
            text = cleaned.get(f"action_{number}", "").strip()
            if not text:
                continue
            if not cleaned.get(f"action_{number}_owner"):
                self.add_error(f"action_{number}_owner", f"Select who owns action {number}")
            if not cleaned.get(f"action_{number}_due"):
                self.add_error(f"action_{number}_due", f"Enter when action {number} is due")
        return cleaned

    # --- exit and closure reasons; reconsidering consent not given (the consent helper) ---

    def _add_consent_fields(self, item: AgendaItem, choices: list[tuple[str, str]]) -> None:
        """The reason for an exit or closure, from the list ("other" reveals its words),
        when the panel may exit or close the case; for a case whose consent was not given,
        the next date to reconsider it (revealed by "keep under review") and confirmation
        of closing it."""
        self.conditional: dict[str, dict[str, list[str]]] = {}
        offered = {value for value, _ in choices}
        self.reasoned = offered & {d.value for d in CLOSURE_DECISIONS}
        if self.reasoned:
            self.fields["closure_reason"] = RequiredChoice(
                label="Reason for the exit or closure",
                choices=ClosureReason.choices,
                widget=forms.RadioSelect,
                help_text="If the panel exits or closes the case. The statistics count it.",
            )
            self.fields["closure_other"] = RequiredText(label="The reason", max_length=500)
            self.conditional["closure_reason"] = {ClosureReason.OTHER.value: ["closure_other"]}
        if item.purpose == AgendaPurpose.RECONSIDER:
            self.fields["reconsider_on"] = RequiredDate(
                label="Date to reconsider the case again",
                hint_example="14 8 2027",
                earliest=RECORDED_SINCE,
                latest=years_from_today(2),
            )
            self.conditional["decision"] = {PanelDecision.KEEP_UNDER_REVIEW.value: ["reconsider_on"]}
            self.closing.add(PanelDecision.CLOSE_NOT_GIVEN.value)
            self.fields["confirm_close"] = forms.BooleanField(
                label="I confirm that this decision closes the case",
                required=False,
                help_text="Needed to close the case. Closing cannot be undone.",
            )

    def _clean_consent_fields(self, cleaned: dict[str, Any]) -> None:
        decision = cleaned.get("decision")
        if decision in self.reasoned:
            reason = cleaned.get("closure_reason")
            if not reason:
                self.add_error("closure_reason", "Select the reason for the exit or closure")
            elif reason == ClosureReason.OTHER and not cleaned.get("closure_other", "").strip():
                self.add_error("closure_other", "Enter the reason, as it is not in the list")
        else:
            cleaned["closure_reason"], cleaned["closure_other"] = "", ""
        if cleaned.get("closure_reason") != ClosureReason.OTHER:
            cleaned["closure_other"] = ""
        if decision == PanelDecision.KEEP_UNDER_REVIEW:
            if not cleaned.get("reconsider_on") and "reconsider_on" not in self.errors:
                self.add_error("reconsider_on", "Enter the date to reconsider the case again")
        elif "reconsider_on" in self.fields:
            cleaned["reconsider_on"] = None

    def consent_values(self) -> dict[str, Any]:
        """The arguments of record_panel_decision that this helper added."""
        data = self.cleaned_data
        return {
            "closure_reason": data.get("closure_reason", ""),
            "closure_other": data.get("closure_other", ""),
            "reconsider_on": data.get("reconsider_on"),
        }

    # --- end of the consent helper's fields ---

    def action_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"action_{n}"], self[f"action_{n}_owner"], self[f"action_{n}_due"])
            for n in range(1, self.ACTIONS + 1)
        ]


ATTENDANCE_CHOICES = [(value, label) for value, label in Attendance.choices]

# Panel decisions that record the reason for an exit or a closure.
CLOSURE_DECISIONS = (PanelDecision.EXIT, PanelDecision.CLOSE, PanelDecision.CLOSE_NOT_GIVEN)


@dataclass(frozen=True)
class AttendanceRow:
    """One person invited: whether they came, and the deputy who came in their place."""

    invitation: PanelInvitation
    status: forms.BoundField
    deputy_name: forms.BoundField
    deputy_role: forms.BoundField


class AttendanceForm(forms.Form):
    """Who came: the chair, the deputy chair if one is named, and each person still
    invited (the chair or deputy chair, if invited too, is asked once, as chair): present,
    sent apologies or absent, and for someone not there the deputy who came instead."""

    def __init__(
        self, *args: Any, meeting: PanelMeeting, invitations: list[PanelInvitation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        chairs = {meeting.chair_id, meeting.deputy_chair_id}
        self.invitations = [i for i in invitations if i.member_id not in chairs]
        self.fields["chair"] = forms.ChoiceField(
            label=f"{meeting.chair.full_name}, chair",
            choices=ATTENDANCE_CHOICES,
            widget=forms.RadioSelect(attrs={"inline": True}),
            initial=meeting.chair_attendance or None,
            error_messages={
                "required": f"Select whether {meeting.chair.full_name}, the chair, was present",
                "invalid_choice": "Select present, sent apologies or absent",
            },
        )
        if meeting.deputy_chair_id:
            deputy = meeting.deputy_chair
            assert deputy is not None
            self.fields["deputy_chair"] = forms.ChoiceField(
                label=f"{deputy.full_name}, deputy chair",
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect(attrs={"inline": True}),
                initial=meeting.deputy_chair_attendance or None,
                error_messages={
                    "required": f"Select whether {deputy.full_name}, the deputy chair, was present",
                    "invalid_choice": "Select present, sent apologies or absent",
                },
            )
        for invitation in self.invitations:
            name = invitation.member.full_name
            self.fields[f"attendance_{invitation.uuid}"] = forms.ChoiceField(
                label=f"{name}, {invitation.agency}",
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect(attrs={"inline": True}),
                initial=invitation.attendance or None,
                error_messages={
                    "required": f"Select whether {name} was present, sent apologies or was absent",
                    "invalid_choice": "Select present, sent apologies or absent",
                },
            )
            self.fields[f"deputy_name_{invitation.uuid}"] = forms.CharField(
                label=f"Deputy for {name}",
                help_text="The name of whoever came in their place, if they were not there",
                required=False,
                max_length=200,
                initial=invitation.deputy_name,
            )
            self.fields[f"deputy_role_{invitation.uuid}"] = forms.CharField(
                label=f"Role and agency of {name}'s deputy",
                required=False,
                max_length=200,
                initial=invitation.deputy_role,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for invitation in self.invitations:
            key = invitation.uuid
            name = cleaned.get(f"deputy_name_{key}", "").strip()
            role = cleaned.get(f"deputy_role_{key}", "").strip()
            if cleaned.get(f"attendance_{key}") == Attendance.PRESENT and (name or role):
                self.add_error(
                    f"deputy_name_{key}",
                    f"{invitation.member.full_name} was present: leave the deputy blank, or select "
                    "sent apologies or absent",
                )
            elif role and not name:
                self.add_error(
                    f"deputy_name_{key}", f"Enter the name of {invitation.member.full_name}'s deputy"
                )
        return cleaned

    def rows(self) -> list[AttendanceRow]:
        return [
            AttendanceRow(
                invitation,
                self[f"attendance_{invitation.uuid}"],
                self[f"deputy_name_{invitation.uuid}"],
                self[f"deputy_role_{invitation.uuid}"],
            )
            for invitation in self.invitations
        ]

    def attendance(self) -> dict[int, tuple[str, str, str]]:
        """For each invitation asked about: (attendance, deputy's name, deputy's role)."""
        return {
            i.pk: (
                self.cleaned_data[f"attendance_{i.uuid}"],
                self.cleaned_data[f"deputy_name_{i.uuid}"].strip(),
                self.cleaned_data[f"deputy_role_{i.uuid}"].strip(),
            )
            for i in self.invitations
        }

    def chair_status(self) -> str:
        return str(self.cleaned_data["chair"])

    def deputy_chair_status(self) -> str:
        return str(self.cleaned_data.get("deputy_chair", ""))


class ClosePanelActionForm(forms.Form):
    note = forms.CharField(
        label="What was done",
        widget=TEXT,
        max_length=5000,
        error_messages={"required": "Enter what was done"},
    )
