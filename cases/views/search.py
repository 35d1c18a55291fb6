"""Search across cases, and "My cases": the cases allocated to the viewer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from cases import access, actions
from cases import search as finding
from cases.forms.search import SearchForm
from govuk.paging import keyset_page

PAGE_SIZE = 50


@partnership_view(*access.CASE_READERS, two_factor=True)
def search(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The form is posted, so names, dates of birth and postcodes stay out of URLs (and so
    out of browser history, proxy and server logs); the results answer the post. Results
    only once something is searched for or filtered. Each search is audited by its kinds
    and filters, not by what was typed. Criteria in a URL's query are ignored."""
    data = request.POST if request.method == "POST" else {}
    asked = any(str(data.get(name, "")).strip() for name in SearchForm.base_fields) or any(
        str(data.get(f"date_of_birth_{part}", "")).strip() for part in ("day", "month", "year")
    )
    form = SearchForm(data if asked else None, viewer=viewer)
    results = None
    if asked and form.is_valid():
        criteria = form.criteria()
        if criteria.given:
            results = finding.find(viewer, criteria)
            actions.record_search(
                viewer=viewer,
                searched_by=criteria.searched_by,
                filters=criteria.filters,
                found=len(results.rows),
            )
    return render(
        request,
        "cases/search.html",
        {"form": form, "results": results, "team": viewer.has_any(*access.CASE_TEAM)},
    )


@partnership_view(Role.COORDINATOR, two_factor=True)
def my_cases(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The open cases allocated to the viewer, newest first; `?show=all` adds closed ones."""
    include_closed = request.GET.get("show") == "all"
    mine = finding.my_cases(viewer, include_closed=include_closed)
    page = keyset_page(request, mine, keys=("-received_at", "-id"), size=PAGE_SIZE, noun="cases")
    actions.record_list_view(viewer=viewer, what="my cases")
    return render(
        request,
        "cases/my_cases.html",
        {"page": page, "include_closed": include_closed, "open_count": finding.my_cases(viewer).count()},
    )
