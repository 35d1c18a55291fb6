"""The floor of bench/load.py: bare views that serve the rows of the product's list pages
from the same querysets, paged by the same `keyset_page`, and write them as JSON.

Served with bench/load_floor_settings.py (no middleware). A view is told whose rows to
read by `?user=<pk>`: the benchmark's user of that page, whose one partnership and roles
make the `Viewer` the product's access functions take (read once per worker process and
kept, where the product reads the session and the user on every request). What the
product's page does beside its rows is left out: the session, sign-in and two-factor
checks, the audit event of a list view, the filter forms' choices and the GOV.UK
template. Each view's comment names the product view it follows."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Membership
from cases import access as case_access
from cases import queries as case_queries
from config.health import healthz
from govuk.paging import keyset_page
from govuk.templatetags.govuk import short_date
from partners import access as partner_access
from plans import access as plan_access
from plans import queries as plan_queries
from plans.forms import ActionListFilterForm

PAGE_SIZE = 50  # as each product list view


@cache
def _viewer(user_pk: int) -> Viewer:
    memberships = list(Membership.objects.select_related("user", "partnership").filter(user_id=user_pk))
    if not memberships:
        raise Http404
    first = memberships[0]
    roles = frozenset(m.role for m in memberships if m.partnership_id == first.partnership_id)
    return Viewer(first.user, first.partnership, roles)


def viewer_of(request: HttpRequest) -> Viewer:
    try:
        return _viewer(int(request.GET.get("user", "")))
    except ValueError:
        raise Http404 from None


def _json(rows: list[dict[str, Any]], **extra: Any) -> JsonResponse:
    return JsonResponse({"rows": rows, **extra})


def case_list(request: HttpRequest) -> HttpResponse:
    """cases.views.case.case_list, unfiltered: the first 50 referrals, newest first."""
    viewer = viewer_of(request)
    referrals = (
        case_access.referrals(viewer)
        .select_related("person__data_key", "concern_type", "data_key")
        .only(
            "uuid",
            "reference",
            "state",
            "received_at",
            "data_key",
            "subject_given_names_sealed",
            "subject_family_name_sealed",
            "person__uuid",
            "person__data_key",
            "person__given_names_sealed",
            "person__family_name_sealed",
            "concern_type__label",
        )
    )
    page = keyset_page(request, referrals, keys=("-received_at", "-id"), size=PAGE_SIZE, noun="referrals")
    rows = [
        {
            "uuid": str(referral.uuid),
            "reference": referral.reference,
            "about": referral.person.full_name if referral.person else referral.subject_name,
            "concern": referral.concern_type.label,
            "received": short_date(timezone.localdate(referral.received_at)),
            "stage": referral.get_state_display(),
        }
        for referral in page.items
    ]
    return _json(rows, next=page.next_query)


def queue(request: HttpRequest) -> HttpResponse:
    """cases.views.gateway.queue: the first 50 referrals waiting, oldest first, and how
    many wait."""
    viewer = viewer_of(request)
    target = viewer.partnership.gateway_target_days
    waiting = case_queries.waiting_queue(viewer.partnership)
    page = keyset_page(request, waiting, keys=("received_at", "id"), size=PAGE_SIZE, noun="referrals")
    rows = [
        {
            "uuid": str(row.referral.uuid),
            "reference": row.referral.reference,
            "flags": list(row.flags),
            "about": row.referral.subject_name,
            "born": short_date(row.referral.subject_date_of_birth),
            "concern": row.referral.concern_type.label,
            "from": row.referral.sector.label,
            "received": short_date(timezone.localdate(row.referral.received_at)),
            "waited": row.waited,
            "due": short_date(row.due),
        }
        for row in case_queries.queue_rows(page.items, target)
    ]
    return _json(rows, waiting=waiting.count(), next=page.next_query)


def organisations(request: HttpRequest) -> HttpResponse:
    """partners.views.organisation_list, unfiltered: the first 50 organisations by name,
    and how many there are."""
    viewer = viewer_of(request)
    listed = partner_access.organisations(viewer).select_related("sector", "parent")
    page = keyset_page(request, listed, keys=("name", "id"), size=PAGE_SIZE, noun="organisations")
    rows = [
        {
            "uuid": str(organisation.uuid),
            "name": organisation.name,
            "sector": str(organisation.sector),
            "parent": organisation.parent.name if organisation.parent else "",
            "postcode": organisation.postcode,
            "status": organisation.get_status_display(),
        }
        for organisation in page.items
    ]
    return _json(rows, total=listed.count(), next=page.next_query)


def actions(request: HttpRequest) -> HttpResponse:
    """plans.views.action_list, unfiltered: the first 50 actions of the active plans, and
    how many there are."""
    viewer = viewer_of(request)
    on = plan_queries.today()
    filters = ActionListFilterForm(request.GET).filters(viewer.user.pk)
    listed = plan_queries.listed_actions(
        plan_access.actions(viewer), plan_access.strategies(viewer), filters, on
    )
    page = keyset_page(request, listed, keys=("strategy_id", "sort_key"), size=PAGE_SIZE, noun="actions")
    rows = [
        {
            "uuid": str(action.uuid),
            "title": action.title,
            "plan": action.strategy.title,
            "lead": action.lead_officer or "Not recorded",
            "owner": action.owner.full_name if action.owner else "None",
            "rag": action.rag,
            "last_update": short_date(action.last_update_on) or "None",
            "why": plan_queries.listed_reasons(action, filters, on),
        }
        for action in page.items
    ]
    return _json(rows, total=listed.count(), next=page.next_query)


urlpatterns = [
    # The product's own health check (one `SELECT 1`), here without the middleware: the
    # benchmark's near-empty page, and how it knows the server is up.
    path("healthz", healthz),
    path("floor/cases/", case_list),
    path("floor/cases/queue/", queue),
    path("floor/partners/", organisations),
    path("floor/plans/actions/", actions),
]
