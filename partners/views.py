from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.access import Viewer, partnership_view
from govuk.pages import Done, form_page, posted
from govuk.paging import keyset_page
from lib.errors import Refused
from partners import access, actions
from partners.access import PARTNER_EDITORS, PARTNER_READERS
from partners.forms import (
    ContactForm,
    FilterForm,
    ImportForm,
    LeftForm,
    MappingForm,
    MemberForm,
    NetworkForm,
    OrganisationForm,
    StaffCountForm,
)

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
            "staff_counts": list(organisation.staff_counts.select_related("staff_group")[:200]),
            "contacts": list(
                access.contacts(viewer).filter(organisation=organisation).prefetch_related("roles")[:500]
            ),
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
        context={"problems": form.problems, "mappings": form.mappings.values()},
    )


@partnership_view(*PARTNER_EDITORS)
def mapping_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = MappingForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        mapping = actions.save_mapping(viewer=viewer, name=data["name"], columns=form.columns())
        return Done(reverse("partners:organisation_import"), f"Column layout {mapping.name} saved")

    return form_page(request, form, save=save, template="partners/mapping_form.html", context={})


# --- contacts and networks ---------------------------------------------------------------


@partnership_view(*PARTNER_EDITORS)
def contact_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    organisation = access.get_organisation(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        contact = actions.add_contact(viewer=viewer, organisation=organisation, **data)
        return Done(organisation.get_absolute_url(), f"{contact.name} added")

    return form_page(
        request,
        ContactForm(posted(request), viewer=viewer),
        save=save,
        template="partners/contact_form.html",
        context={"organisation": organisation, "contact": None},
    )


@partnership_view(*PARTNER_EDITORS)
def contact_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    contact = access.get_contact(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_contact(viewer=viewer, contact=contact, **data)
        return Done(contact.organisation.get_absolute_url(), "Contact details saved")

    initial: dict[str, Any] = {
        name: getattr(contact, name) for name in ("name", "job_title", "email", "phone")
    }
    initial["roles"] = list(contact.roles.values_list("pk", flat=True))
    return form_page(
        request,
        ContactForm(posted(request), viewer=viewer, initial=initial),
        save=save,
        template="partners/contact_form.html",
        context={"organisation": contact.organisation, "contact": contact},
    )


@partnership_view(*PARTNER_READERS)
def network_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    listed = access.networks(viewer).annotate(current=Count("members", filter=Q(members__left__isnull=True)))
    return render(
        request,
        "partners/network_list.html",
        {"networks": list(listed.order_by("name")), "can_edit": access.can_edit(viewer)},
    )


@partnership_view(*PARTNER_EDITORS)
def network_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        network = actions.create_network(viewer=viewer, **data)
        return Done(network.get_absolute_url(), f"{network.name} created")

    return form_page(
        request, NetworkForm(posted(request)), save=save, template="partners/network_form.html", context={}
    )


@partnership_view(*PARTNER_READERS)
def network_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    network = access.get_network(viewer, uuid)
    # Current members first, then those who left, most recent first.
    members = network.members.select_related("contact", "contact__organisation").order_by(
        F("left").desc(nulls_first=True), "contact__name", "id"
    )
    return render(
        request,
        "partners/network_detail.html",
        {
            "network": network,
            "members": list(members[:1000]),
            "can_edit": access.can_edit(viewer),
            "can_see_contacts": access.can_see_contacts(viewer),
        },
    )


@partnership_view(*PARTNER_EDITORS)
def network_member_add(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    network = access.get_network(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        member = actions.add_member(viewer=viewer, network=network, **data)
        return Done(network.get_absolute_url(), f"{member.contact.name} added to {network.name}")

    return form_page(
        request,
        MemberForm(posted(request), viewer=viewer),
        save=save,
        template="partners/member_form.html",
        context={"network": network},
    )


@partnership_view(*PARTNER_EDITORS)
def network_member_leave(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    member = access.get_member(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.record_leaving(viewer=viewer, member=member, **data)
        return Done(
            member.network.get_absolute_url(), f"{member.contact.name} has left {member.network.name}"
        )

    return form_page(
        request,
        LeftForm(posted(request)),
        save=save,
        template="partners/leave_form.html",
        context={"member": member},
    )


@partnership_view(*PARTNER_EDITORS)
def staff_count_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    organisation = access.get_organisation(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.record_staff_count(viewer=viewer, organisation=organisation, **data)
        return Done(organisation.get_absolute_url(), "Staff numbers recorded")

    return form_page(
        request,
        StaffCountForm(posted(request), viewer=viewer),
        save=save,
        template="partners/staff_count_form.html",
        context={"organisation": organisation},
    )
