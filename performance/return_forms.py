"""The forms of the partnership's quarterly return: the quarter to start, the narrative and
contact, and the reason for reopening a submitted return."""

from __future__ import annotations

from django import forms

from performance.models import PartnershipReturn
from plans.forms import free_text
from projects.forms import FunderReturnForm

# The quarter to start a return for: the same choice as a funder return's.
StartForm = FunderReturnForm


class NarrativeForm(forms.Form):
    channel_narrative = free_text(
        PartnershipReturn, "channel_narrative", label="Channel", rows=5, hint="What the figures show"
    )
    training_narrative = free_text(
        PartnershipReturn, "training_narrative", label="Training delivered", rows=5
    )
    engagement_narrative = free_text(PartnershipReturn, "engagement_narrative", label="Engagement", rows=5)
    projects_narrative = free_text(
        PartnershipReturn, "projects_narrative", label="Commissioned projects: outputs and spend", rows=5
    )
    contact_name = free_text(PartnershipReturn, "contact_name", label="Contact name")
    contact_email = forms.EmailField(
        label="Contact email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.gov.uk"},
    )
    contact_phone = free_text(PartnershipReturn, "contact_phone", label="Contact telephone number")


class ReopenForm(forms.Form):
    reason = free_text(
        PartnershipReturn,
        "reopen_reason",
        label="Why is the return being reopened?",
        rows=5,
        required=True,
        required_message="Say why the return is being reopened",
    )
