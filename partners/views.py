from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.access import Viewer, partnership_view
from govuk.pages import Done, form_page, posted
from govuk.paging import keyset_page
from lib.errors import Refused
from partners import access, actions
from partners.access import PARTNER_EDITORS, PARTNER_READERS
from partners.forms import FilterForm, ImportForm, OrganisationForm
from partners.importing import MAPPINGS

PAGE_SIZE = 50


@partnership_view(*PARTNER_READERS)
def organisation_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    filter_form = FilterForm(request.GET, viewer=viewer)
    listed = access.organisations(viewer).select_related("sector", "parent")
    filtered = False
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        if data["name"]:
            listed, filtered = listed.filter(name__icontains=data["name"]), True
        if data["sector"] is not None:
            listed, filtered = listed.filter(sector=data["sector"]), True
        if data["status"]:
            listed, filtered = listed.filter(status=data["status"]), True
    page = keyset_page(request, listed, keys=("name", "id"), size=PAGE_SIZE, noun="organisations")
    return render(
        request,
        "partners/organisation_list.html",
        {
            "filter_form": filter_form,
            "filtered": filtered,
            "total": listed.count(),
            "page": page,
            "can_edit": access.can_edit(viewer),
        },
    )


@partnership_view(*PARTNER_READERS)
def organisation_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    organisation = access.get_organisation(viewer, uuid)
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "children": list(organisation.children.select_related("sector").order_by("name")[:200]),
            "child_count": organisation.children.count(),
            "can_edit": access.can_edit(viewer),
        },
    )


@partnership_view(*PARTNER_EDITORS)
def organisation_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        organisation = actions.create_organisation(viewer=viewer, **data)
        return Done(organisation.get_absolute_url(), f"{organisation.name} added")

    return form_page(
        request,
        OrganisationForm(posted(request), viewer=viewer, initial={"status": "active"}),
        save=save,
        template="partners/organisation_form.html",
        context={"organisation": None},
    )


@partnership_view(*PARTNER_EDITORS)
def organisation_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    organisation = access.get_organisation(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_organisation(viewer=viewer, organisation=organisation, **data)
        return Done(organisation.get_absolute_url(), "Organisation details saved")

    initial = {name: getattr(organisation, name) for name in actions.ORGANISATION_FIELDS}
    initial["parent"] = organisation.parent.uuid if organisation.parent else None
    initial["sector"] = organisation.sector_id
    return form_page(
        request,
        OrganisationForm(posted(request), viewer=viewer, organisation=organisation, initial=initial),
        save=save,
        template="partners/organisation_form.html",
        context={"organisation": organisation},
    )


@partnership_view(*PARTNER_EDITORS)
def organisation_import(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = ImportForm(posted(request), request.FILES or None, viewer=viewer, initial={"mapping": "hub"})

    def save(data: dict[str, Any]) -> Done:
        try:
            added, changed = actions.import_organisations(
                viewer=viewer, rows=data["rows"], file_name=data["file"].name
            )
        except Refused as refused:
            form.problems.append(refused.message)
            raise Refused(form.counted(), field="file") from refused
        return Done(
            reverse("partners:organisation_list"),
            f"Imported the file: {added} organisation{'s' if added != 1 else ''} added, {changed} changed",
        )

    return form_page(
        request,
        form,
        save=save,
        template="partners/import.html",
        context={"problems": form.problems, "mappings": MAPPINGS.values()},
    )
