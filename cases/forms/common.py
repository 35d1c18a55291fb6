"""What the Channel forms share: text boxes, yes-or-no answers, a partnership's lists and
dates that cannot be in the future."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Partnership

TEXT = forms.Textarea(attrs={"rows": 4})


LONG_TEXT = forms.Textarea(attrs={"rows": 8})


def listed(model: type, partnership: Partnership) -> QuerySet:
    return model.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership), active=True)  # type: ignore[attr-defined]


def not_future(value: dt.date | None, label: str) -> dt.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label} must be today or in the past")
    return value


YES_NO = [("yes", "Yes"), ("no", "No")]
