from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from govuk.pages import Done, button, form_page, posted
from govuk.paging import keyset_page
from venues import access, actions
from venues.access import VENUE_ADMINS, VENUE_READERS
from venues.forms import (
    CheckFilter,
    CheckForm,
    DecisionForm,
    EntryForm,
    FindingsForm,
    KeepForm,
    OutcomeForm,
    PolicyForm,
    RetentionForm,
    VenueForm,
)
from venues.home import month_bounds
from venues.models import CheckItem, CheckState, VenueCheck, VenueKind
from venues.queries import due_for_review, earlier_checks

PAGE_SIZE = 50


# --- checks -------------------------------------------------------------------------------


@partnership_view(*VENUE_READERS)
def check_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    filters = CheckFilter(request.GET)
    listed = access.checks(viewer)
    filtered = False
    if filters.is_valid():
        today = timezone.localdate()
        if filters.cleaned_data["when"] == "awaiting":
            listed, filtered = listed.filter(state__in=actions.EDITABLE_STATES), True
        elif filters.cleaned_data["when"] == "no_outcome":
            start, _ = month_bounds(today)
            listed = listed.filter(state=CheckState.DECIDED, event_date__range=(start, today))
            filtered = True
        if filters.cleaned_data["state"]:
            listed, filtered = listed.filter(state=filters.cleaned_data["state"]), True
        if filters.cleaned_data["decision"]:
            listed, filtered = listed.filter(decision=filters.cleaned_data["decision"]), True
    total = listed.count()
    page = keyset_page(
        request,
        listed.select_related("venue").only(
            "uuid", "event_date", "event_title", "state", "decision", "outcome", "venue__name"
        ),
        keys=("-event_date", "-id"),
        size=PAGE_SIZE,
        noun="checks",
    )
    return render(
        request,
        "venues/check_list.html",
        {"filter_form": filters, "filtered": filtered, "total": total, "page": page},
    )


@partnership_view(*VENUE_READERS)
def check_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = CheckForm(posted(request), viewer=viewer)

    def save(data: dict[str, Any]) -> Done:
        check = actions.create_check(viewer=viewer, **form.values())
        return Done(check.get_absolute_url(), "Booking request recorded")

    return form_page(request, form, save=save, template="venues/check_form.html", context={"check": None})


def _editable(viewer: Viewer, uuid: UUID) -> VenueCheck:
    check = access.get_check(viewer, uuid)
    if check.state not in actions.EDITABLE_STATES:
        raise Http404
    return check


@partnership_view(*VENUE_READERS)
def check_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    check = _editable(viewer, uuid)
    initial = {
        "venue": check.venue.uuid,
        "organiser": check.organiser,
        "contact": check.contact,
        "event_title": check.event_title,
        "event_description": check.event_description,
        "event_date": check.event_date,
        "audience": check.audience,
        "speakers": "\n".join(check.speakers),
    }
    form = CheckForm(posted(request), viewer=viewer, check=check, initial=initial)

    def save(data: dict[str, Any]) -> Done:
        actions.update_check(viewer=viewer, check=check, **form.values())
        return Done(check.get_absolute_url(), "Booking request saved")

    return form_page(request, form, save=save, template="venues/check_form.html", context={"check": check})


@partnership_view(*VENUE_READERS)
def check_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    check = get_object_or_404(
        access.checks(viewer).select_related(
            "venue", "venue__kind", "venue__policy", "decided_by", "outcome_by"
        ),
        uuid=uuid,
    )
    findings = list(check.findings.select_related("item").order_by("item__position", "item__label"))
    today = timezone.localdate()
    return render(
        request,
        "venues/check_detail.html",
        {
            "check": check,
            "venue": check.venue,
            "findings": findings,
            "earlier": earlier_checks(check),
            "can_edit": check.state in actions.EDITABLE_STATES,
            "can_decide": check.state == CheckState.UNDER_CHECK,
            "can_record_outcome": check.state == CheckState.DECIDED and check.event_date <= today,
            "can_close": actions.can_close(check),
            "decided_by": check.decided_by.full_name if check.decided_by_id else "",  # type: ignore[union-attr]
            "outcome_by": check.outcome_by.full_name if check.outcome_by_id else "",  # type: ignore[union-attr]
            "due": actions.is_due(check) and access.can_administer(viewer),
        },
    )


@partnership_view(*VENUE_READERS)
def check_findings(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    check = _editable(viewer, uuid)
    form = FindingsForm(posted(request), viewer=viewer, check=check)

    def save(data: dict[str, Any]) -> Done:
        actions.record_findings(viewer=viewer, check=check, notes=form.values())
        return Done(check.get_absolute_url(), "What was checked is saved")

    return form_page(
        request, form, save=save, template="venues/check_findings.html", context={"check": check}
    )


@partnership_view(*VENUE_READERS)
def check_decide(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    check = access.get_check(viewer, uuid)
    if check.state != CheckState.UNDER_CHECK:
        raise Http404
    form = DecisionForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        actions.decide(viewer=viewer, check=check, **data)
        return Done(check.get_absolute_url(), "Decision recorded")

    return form_page(request, form, save=save, template="venues/check_decide.html", context={"check": check})


@partnership_view(*VENUE_READERS)
def check_outcome(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    check = access.get_check(viewer, uuid)
    if check.state != CheckState.DECIDED or check.event_date > timezone.localdate():
        raise Http404
    form = OutcomeForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        actions.record_outcome(viewer=viewer, check=check, **data)
        return Done(check.get_absolute_url(), "What happened at the event is recorded")

    return form_page(request, form, save=save, template="venues/check_outcome.html", context={"check": check})


@partnership_view(*VENUE_READERS)
def check_close(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    check = access.get_check(viewer, uuid)

    def press() -> Done:
        actions.close_check(viewer=viewer, check=check)
        return Done(
            check.get_absolute_url(), f"Check closed: it is due for review on {check.review_on:%-d %B %Y}"
        )

    return button(request, press=press, back=check.get_absolute_url())


# --- venues and lettings policies --------------------------------------------------------


@partnership_view(*VENUE_READERS)
def venue_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    listed = access.venues(viewer).select_related("kind", "organisation", "policy")
    page = keyset_page(request, listed, keys=("name", "id"), size=PAGE_SIZE, noun="venues")
    return render(request, "venues/venue_list.html", {"page": page, "total": listed.count()})


@partnership_view(*VENUE_READERS)
def venue_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = VenueForm(posted(request), viewer=viewer)

    def save(data: dict[str, Any]) -> Done:
        actions.save_venue(viewer=viewer, **data)
        return Done(reverse("venues:venue_list"), "Venue added")

    return form_page(request, form, save=save, template="venues/venue_form.html", context={"venue": None})


@partnership_view(*VENUE_READERS)
def venue_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    venue = access.get_venue(viewer, uuid)
    initial = {
        "name": venue.name,
        "kind": venue.kind.uuid,
        "address": venue.address,
        "postcode": venue.postcode,
        "organisation": venue.organisation.uuid if venue.organisation else None,
        "policy": venue.policy.uuid if venue.policy else None,
        "active": venue.active,
    }
    form = VenueForm(posted(request), viewer=viewer, venue=venue, initial=initial)

    def save(data: dict[str, Any]) -> Done:
        actions.save_venue(viewer=viewer, venue=venue, **data)
        return Done(reverse("venues:venue_list"), "Venue saved")

    return form_page(request, form, save=save, template="venues/venue_form.html", context={"venue": venue})


@partnership_view(*VENUE_READERS)
def policy_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    return render(request, "venues/policy_list.html", {"policies": list(access.policies(viewer)[:200])})


@partnership_view(*VENUE_READERS)
def policy_document(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponseBase:
    policy = access.get_policy(viewer, uuid)
    if not policy.document:
        raise Http404
    response = FileResponse(
        policy.document.open("rb"),
        as_attachment=True,
        filename=policy.document_name,
        content_type=policy.document_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@partnership_view(*VENUE_READERS)
def policy_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = PolicyForm(posted(request), request.FILES if request.method == "POST" else None)

    def save(data: dict[str, Any]) -> Done:
        actions.save_policy(viewer=viewer, **data)
        return Done(reverse("venues:policy_list"), "Lettings policy added")

    return form_page(request, form, save=save, template="venues/policy_form.html", context={"policy": None})


@partnership_view(*VENUE_READERS)
def policy_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    policy = access.get_policy(viewer, uuid)
    initial = {name: getattr(policy, name) for name in actions.POLICY_FIELDS}
    form = PolicyForm(posted(request), request.FILES if request.method == "POST" else None, initial=initial)

    def save(data: dict[str, Any]) -> Done:
        actions.save_policy(viewer=viewer, policy=policy, **data)
        return Done(reverse("venues:policy_list"), "Lettings policy saved")

    return form_page(request, form, save=save, template="venues/policy_form.html", context={"policy": policy})


# --- settings: lists and retention --------------------------------------------------------


def _settings_context(viewer: Viewer) -> dict[str, Any]:
    return {
        "kinds": list(access.kinds(viewer)),
        "items": list(access.items(viewer)),
        "months": actions.retention_months(viewer.partnership.pk),
    }


@partnership_view(*VENUE_ADMINS)
def settings_page(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = RetentionForm(posted(request), initial={"months": actions.retention_months(viewer.partnership.pk)})

    def save(data: dict[str, Any]) -> Done:
        actions.set_retention(viewer=viewer, months=data["months"])
        return Done(reverse("venues:settings"), "Retention period saved")

    return form_page(
        request, form, save=save, template="venues/settings.html", context=_settings_context(viewer)
    )


def _list_or_404(which: str) -> str:
    if which not in actions.LISTS:
        raise Http404
    return which


@partnership_view(*VENUE_ADMINS)
def entry_add(request: HttpRequest, viewer: Viewer, which: str) -> HttpResponse:
    which = _list_or_404(which)
    form = EntryForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        actions.add_list_entry(viewer=viewer, which=which, label=data["label"])
        return Done(reverse("venues:settings"), "Entry added")

    noun = "kind of venue" if which == "kinds" else "thing to check"
    return form_page(request, form, save=save, template="venues/entry_form.html", context={"noun": noun})


@partnership_view(*VENUE_ADMINS)
def entry_active(request: HttpRequest, viewer: Viewer, which: str, uuid: UUID) -> HttpResponse:
    model = actions.LISTS[_list_or_404(which)]
    entry: VenueKind | CheckItem = get_object_or_404(
        model.objects.filter(partnership=viewer.partnership), uuid=uuid
    )  # type: ignore[assignment]

    def press() -> Done:
        actions.set_entry_active(viewer=viewer, entry=entry, active=not entry.active)
        return Done(reverse("venues:settings"), "Entry retired" if not entry.active else "Entry in use again")

    return button(request, press=press, back=reverse("venues:settings"))


# --- review for deletion ------------------------------------------------------------------


@partnership_view(*VENUE_ADMINS)
def review_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    due = due_for_review(access.checks(viewer))
    page = keyset_page(
        request, due.select_related("venue"), keys=("review_on", "id"), size=PAGE_SIZE, noun="checks"
    )
    return render(request, "venues/review_list.html", {"page": page, "total": due.count()})


def _due(viewer: Viewer, uuid: UUID) -> VenueCheck:
    check = access.get_check(viewer, uuid)
    if not actions.is_due(check):
        raise Http404
    return check


@partnership_view(*VENUE_ADMINS)
def review_keep(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    check = _due(viewer, uuid)
    form = KeepForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        actions.keep_at_review(viewer=viewer, check=check, **data)
        return Done(reverse("venues:review_list"), f"Check kept until {check.review_on:%-d %B %Y}")

    return form_page(request, form, save=save, template="venues/review_keep.html", context={"check": check})


@partnership_view(*VENUE_ADMINS)
def review_delete(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    check = _due(viewer, uuid)

    def press() -> Done:
        actions.delete_at_review(viewer=viewer, check=check)
        return Done(reverse("venues:review_list"), "Check deleted")

    return button(request, press=press, back=reverse("venues:review_list"))
