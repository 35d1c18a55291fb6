"""The form that produces a board pack: the quarter, the board or committee, the marking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from performance import board_pack
from performance.models import BoardPack, Marking
from plans.forms import free_text
from projects.quarters import label


class BoardPackForm(forms.Form):
    period = forms.ChoiceField(
        label="Which quarter does the pack report on?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a quarter", "invalid_choice": "Choose a quarter from the list"},
    )
    audience = free_text(
        BoardPack,
        "audience",
        label="Board or committee",
        noun="The board or committee",
        hint="Such as Safeguarding Adults Board, or Overview and Scrutiny Committee",
        required=True,
        required_message="Enter the board or committee the pack is for",
    )
    marking = forms.ChoiceField(
        label="Protective marking",
        widget=forms.RadioSelect,
        choices=Marking.choices,
        initial=Marking.OFFICIAL,
        help_text="The pack holds only figures after disclosure control: OFFICIAL unless the "
        "board's papers are handled as OFFICIAL-SENSITIVE.",
        error_messages={
            "required": "Choose the protective marking",
            "invalid_choice": "Choose the protective marking",
        },
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        offered = board_pack.quarters_offered(today)
        field.choices = [(quarter.isoformat(), label(quarter)) for quarter in offered]
        field.initial = offered[0].isoformat()

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "period_start": dt.date.fromisoformat(data["period"]),
            "audience": data["audience"],
            "marking": data["marking"],
        }
