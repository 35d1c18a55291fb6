"""What the Channel forms share: text boxes, yes-or-no answers, a partnership's lists and
dates that cannot be in the future."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q, QuerySet

from accounts.models import Partnership

TEXT = forms.Textarea(attrs={"rows": 4})


LONG_TEXT = forms.Textarea(attrs={"rows": 8})


def listed(model: type, partnership: Partnership) -> QuerySet:
    return model.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership), active=True)  # type: ignore[attr-defined]


# No Channel record predates the programme's pilots (2007); dates of what was done start a
# little earlier, so that older records can be entered.
RECORDED_SINCE = dt.date(2000, 1, 1)


YES_NO = [("yes", "Yes"), ("no", "No")]
