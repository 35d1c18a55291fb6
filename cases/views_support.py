"""Pages after adoption: consent, the support plan, sessions, reviews and follow-up.
(Being written: every view below is to be implemented.)"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


consent_create = consent_withdraw = intervention_create = intervention_list = _todo
intervention_detail = session_create = intervention_end = review_record = follow_up = _todo
