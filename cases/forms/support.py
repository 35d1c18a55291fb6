"""Forms for the case after adoption: consent, the support plan, sessions and reviews.
They check what a form can; the rules of the Channel process (who must consent at what
age, dates against the case's history) are the actions' to enforce."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Partnership, Role, User
from cases.actions.support import ConsentRoute, NotGiven
from cases.forms.common import RECORDED_SINCE, TEXT, YES_NO, listed
from cases.models import (
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    Frequency,
    InterventionType,
    OnwardKind,
)
from cases.workflow import CONFIRM_CLOSE
from govuk.forms import DateField, ModelChoiceField, today, years_from_today


class _ShownRequired:
    """A field required when it applies (a revealed field, once its option is chosen),
    which the form's `clean` checks: shown without "(optional)", and never refused as
    missing by the field itself."""

    required: bool

    def validate(self, value: Any) -> None:
        required, self.required = self.required, False
        try:
            super().validate(value)  # type: ignore[misc]
        finally:
            self.required = required


class RequiredText(_ShownRequired, forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=True, **kwargs)


class RequiredDate(_ShownRequired, DateField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=True, **kwargs)


class RequiredBox(_ShownRequired, forms.BooleanField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=True, **kwargs)


class RequiredChoice(_ShownRequired, forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=True, **kwargs)


def _drop_unrevealed(form: forms.Form, cleaned: dict[str, Any]) -> None:
    """Without JavaScript every revealed field shows: what was typed into one whose option
    was not chosen is ignored (as on the equality information form)."""
    for field, options in form.conditional.items():  # type: ignore[attr-defined]
        chosen = cleaned.get(field, "")
        for option, names in options.items():
            if option != chosen:
                for name in names:
                    if name in cleaned:
                        cleaned[name] = None if isinstance(form.fields[name], DateField) else ""


class NotGivenFields(forms.Form):
    """When consent is refused or withdrawn: the date to reconsider the case and any
    onward referral."""

    reconsider_on = RequiredDate(
        label="Date to reconsider the case",
        hint_example="14 8 2026",
        earliest=RECORDED_SINCE,
        latest=years_from_today(2),
        help_text="The case stays open as \u201cconsent not given, under review\u201d. On this date it joins "
        "the follow-up list to be reconsidered, at a panel or by asking again. For example, 14 8 2026",
    )
    onward_kind = forms.ChoiceField(
        label="Was the person referred on?",
        choices=[("", "No onward referral"), *OnwardKind.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    onward_to = forms.CharField(
        label="Organisation or team referred to",
        required=False,
        max_length=200,
        help_text="If the person was referred on. For example, the local authority's early help team",
    )
    onward_on = DateField(
        label="Date of the onward referral",
        hint_example="14 2 2026",
        earliest=RECORDED_SINCE,
        latest=today,
        required=False,
        help_text="If the person was referred on. For example, 14 2 2026",
    )

    def check_not_given(self, cleaned: dict[str, Any]) -> None:
        if not cleaned.get("reconsider_on") and "reconsider_on" not in self.errors:
            self.add_error("reconsider_on", "Enter the date to reconsider the case")
        if cleaned.get("onward_kind"):
            if not cleaned.get("onward_to", "").strip():
                self.add_error("onward_to", "Enter the organisation or team the person was referred on to")
            if not cleaned.get("onward_on") and "onward_on" not in self.errors:
                self.add_error("onward_on", "Enter the date of the onward referral")

    def not_given(self) -> NotGiven:
        data = self.cleaned_data
        kind = data.get("onward_kind", "")
        return NotGiven(
            reconsider_on=data.get("reconsider_on"),
            onward_kind=kind,
            onward_to=data.get("onward_to", "") if kind else "",
            onward_on=data.get("onward_on") if kind else None,
        )


class ConsentForm(NotGivenFields):
    """Consent given or refused, and by whom. Each route reveals the details it needs
    (GOV.UK conditional reveals; without JavaScript every detail shows, and those of a
    route not chosen are ignored)."""

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
        help_text="Under 18: a parent or guardian, or a local authority holding parental responsibility. "
        "18 and over: the person, or a best-interests decision if they lack capacity for this decision.",
        error_messages={"required": "Select who gave or refused consent"},
    )
    giver_name = RequiredText(label="Name of the parent or guardian", max_length=200)
    local_authority = RequiredText(label="Local authority holding parental responsibility", max_length=200)
    authority_contact = RequiredText(
        label="Who gave or refused consent for the local authority",
        max_length=200,
        help_text="Their name and role, for example the child's social worker",
    )
    capacity_assessed_on = DateField(
        label="Date of the capacity assessment",
        hint_example="10 2 2026",
        earliest=RECORDED_SINCE,
        latest=today,
        required=False,
    )
    capacity_assessor = forms.CharField(
        label="Who assessed the person's capacity", required=False, max_length=200, help_text="Name and role"
    )
    lacks_capacity = forms.BooleanField(
        label="The assessment found that the person lacks capacity for this decision",
        required=False,
    )
    best_interests_decider = forms.CharField(
        label="Who made the best-interests decision",
        required=False,
        max_length=200,
        help_text="Name and role",
    )
    best_interests_consulted = forms.CharField(
        label="Who was consulted",
        required=False,
        max_length=2000,
        help_text="For example family members, carers and professionals involved in the person's care",
        widget=TEXT,
    )
    best_interests_reasons = RequiredText(
        label="Reasons for the best-interests decision", max_length=5000, widget=TEXT
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

    ROUTES = {
        ConsentGiver.PARENT: ["giver_name"],
        ConsentGiver.LOCAL_AUTHORITY: ["local_authority", "authority_contact"],
        ConsentGiver.BEST_INTERESTS: [
            "capacity_assessed_on",
            "capacity_assessor",
            "lacks_capacity",
            "best_interests_decider",
            "best_interests_consulted",
            "best_interests_reasons",
        ],
    }
    REQUIRED = {
        "giver_name": "Enter the name of the parent or guardian",
        "local_authority": "Enter the local authority holding parental responsibility",
        "authority_contact": "Enter who gave or refused consent for the local authority, and their role",
        "capacity_assessed_on": "Enter the date of the capacity assessment",
        "capacity_assessor": "Enter who assessed the person's capacity",
        "lacks_capacity": "Confirm that the assessment found the person lacks capacity for this decision",
        "best_interests_decider": "Enter who made the best-interests decision",
        "best_interests_consulted": "Enter who was consulted",
        "best_interests_reasons": "Enter the reasons for the best-interests decision",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conditional = {
            "decision": {
                ConsentDecision.REFUSED.value: ["reconsider_on", "onward_kind", "onward_to", "onward_on"]
            },
            "given_by": {giver.value: names for giver, names in self.ROUTES.items()},
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _drop_unrevealed(self, cleaned)
        for name in self.ROUTES.get(cleaned.get("given_by", ""), []):
            value = cleaned.get(name)
            if (not value or (isinstance(value, str) and not value.strip())) and name not in self.errors:
                self.add_error(name, self.REQUIRED[name])
        if cleaned.get("decision") == ConsentDecision.REFUSED:
            self.check_not_given(cleaned)
        return cleaned

    def action_values(self) -> dict[str, Any]:
        """The arguments of cases.actions.record_consent."""
        data = self.cleaned_data
        return {
            "decision": data["decision"],
            "given_by": data["given_by"],
            "method": data["method"],
            "given_on": data["given_on"],
            "capacity_notes": data.get("capacity_notes", ""),
            "route": ConsentRoute(
                giver_name=data.get("giver_name", ""),
                local_authority=data.get("local_authority", ""),
                authority_contact=data.get("authority_contact", ""),
                capacity_assessed_on=data.get("capacity_assessed_on"),
                capacity_assessor=data.get("capacity_assessor", ""),
                lacks_capacity=bool(data.get("lacks_capacity")),
                best_interests_decider=data.get("best_interests_decider", ""),
                best_interests_consulted=data.get("best_interests_consulted", ""),
                best_interests_reasons=data.get("best_interests_reasons", ""),
            ),
            "not_given": self.not_given() if data["decision"] == ConsentDecision.REFUSED else None,
        }


class WithdrawConsentForm(NotGivenFields):
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

    field_order = ["withdrawn_on", "reason", "reconsider_on", "onward_kind", "onward_to", "onward_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conditional: dict[str, dict[str, list[str]]] = {}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_not_given(cleaned)
        return cleaned


class ReturnToPoliceForm(forms.Form):
    returned_on = DateField(
        label="Date returned to the police", hint_example="3 4 2026", earliest=RECORDED_SINCE, latest=today
    )
    reasons = forms.CharField(
        label="Why the case is returned to the police",
        help_text="For example, the risk has grown beyond what Channel support can manage",
        max_length=5000,
        widget=TEXT,
        error_messages={"required": "Enter why the case is returned to the police"},
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
    intervention_type = ModelChoiceField(
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
    provider = ModelChoiceField(
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
