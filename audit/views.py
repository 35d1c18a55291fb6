from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from accounts.models import Role, User
from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from govuk.paging import keyset_page


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@partnership_view(Role.COORDINATOR)
def event_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    people = User.objects.filter(memberships__partnership=viewer.partnership).distinct().order_by("full_name")
    form = AuditFilterForm(request.GET, people=people)
    events = AuditEvent.objects.filter(partnership=viewer.partnership).select_related("actor")
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            events = events.filter(actor=data["person"])
        if data["record"]:
            events = events.filter(object_id=str(data["record"]))
        if data["date_from"]:
            events = events.filter(occurred_at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            events = events.filter(occurred_at__lt=_start_of(data["date_to"] + dt.timedelta(days=1)))
    else:
        events = events.none()
    page = keyset_page(request, events, keys=("-id",), size=50, noun="audit events")
    return render(request, "audit/event_list.html", {"form": form, "page": page})
