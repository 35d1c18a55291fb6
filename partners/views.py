from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, F, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.access import Viewer, partnership_view
from audit.log import record_outside_action
from govuk.pages import Done, button, form_page, posted
from govuk.paging import keyset_page
from govuk.related import organisation_links
from lib.errors import Refused
from partners import access, actions, queries
from partners.access import ORGANISATION_EDITORS, ORGANISATION_READERS, PARTNER_EDITORS, PARTNER_READERS
from partners.forms import (
    CHECK_RESULTS,
    CheckForm,
    CheckItemForm,
    ContactForm,
    FilterForm,
    HeadingsForm,
    ImportForm,
    LeftForm,
    ListEntryForm,
    MappingForm,
    MemberDatesForm,
    MemberForm,
    NetworkForm,
    OrganisationForm,
    PartnerLeadForm,
    StaffCountForm,
)
from partners.models import CheckItem, ContactRole, PartnerLead, Sector, StaffGroup

PAGE_SIZE = 50


@partnership_view(*ORGANISATION_READERS)
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
        if data.get("check_item") is not None or data.get("check_result"):
            result = data.get("check_result") or queries.GAP
            items = access.check_items(viewer)
            listed, filtered = queries.with_result(listed, items, data.get("check_item"), result), True
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
            "whole_register": access.sees_whole_register(viewer),
            "checks_shown": "check_item" in filter_form.fields,
        },
    )


@partnership_view(*ORGANISATION_READERS)
def organisation_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    organisation = access.get_organisation(viewer, uuid)
    visible = access.organisations(viewer)
    children = visible.filter(parent=organisation)
    can_edit_records = access.can_edit_organisation(viewer, organisation)
    checks = queries.current_checks(organisation, access.check_items(viewer)) if can_edit_records else []
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "organisation": organisation,
            "parent_shown": organisation.parent_id is not None
            and visible.filter(pk=organisation.parent_id).exists(),
            "children": list(children.select_related("sector").order_by("name")[:200]),
            "child_count": children.count(),
            "can_edit": access.can_edit(viewer),
            "can_edit_records": can_edit_records,
            "staff_counts": list(organisation.staff_counts.select_related("staff_group")[:200]),
            "contacts": list(
                access.contacts(viewer)
                .filter(organisation=organisation)
                .select_related("staff_group")
                .prefetch_related("roles")[:500]
            ),
            "checks": [(item, check, queries.result_of(check)) for item, check in checks],
            "results": dict(CHECK_RESULTS),
            "history": list(
                access.checks(viewer)
                .filter(organisation=organisation)
                .select_related("item", "recorded_by")[:100]
            )
            if can_edit_records
            else [],
            "leads": list(
                access.partner_leads(viewer).filter(organisation=organisation).select_related("user")
            ),
            "related": organisation_links(viewer, organisation),
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
        context={
            "problems": form.problems,
            "mappings": form.mappings.values(),
            "saved": list(access.mappings(viewer)),
        },
    )


@partnership_view(*PARTNER_EDITORS)
def mapping_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The first step of a new layout: a file of that layout, whose headings are read."""

    def save(data: dict[str, Any]) -> Done:
        request.session[HEADINGS_KEY] = data["headings"]
        return Done(reverse("partners:mapping_columns"))

    return form_page(
        request,
        HeadingsForm(posted(request), request.FILES or None),
        save=save,
        template="partners/mapping_headings.html",
        context={},
    )


# --- contacts and networks ---------------------------------------------------------------


@partnership_view(*ORGANISATION_EDITORS)
def contact_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    organisation = access.get_editable_organisation(viewer, uuid)

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


@partnership_view(*ORGANISATION_EDITORS)
def contact_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    contact = access.get_contact(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_contact(viewer=viewer, contact=contact, **data)
        return Done(contact.organisation.get_absolute_url(), "Contact details saved")

    initial: dict[str, Any] = {
        name: getattr(contact, name)
        for name in ("name", "job_title", "email", "phone", "started_on", "left_on")
    }
    initial["roles"] = list(contact.roles.values_list("pk", flat=True))
    initial["staff_group"] = contact.staff_group_id
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
def network_member_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Correct a membership's dates."""
    member = access.get_member(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.correct_member(viewer=viewer, member=member, **data)
        return Done(member.network.get_absolute_url(), f"Membership of {member.contact.name} corrected")

    return form_page(
        request,
        MemberDatesForm(posted(request), initial={"joined": member.joined, "left": member.left}),
        save=save,
        template="partners/member_edit.html",
        context={"member": member},
    )


@partnership_view(*PARTNER_EDITORS)
def network_member_delete(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Delete a membership recorded in error, after a page that asks."""
    member = access.get_member(viewer, uuid)
    network = member.network
    if request.method != "POST":
        return render(request, "partners/member_delete.html", {"member": member})

    def press() -> Done:
        actions.delete_member(viewer=viewer, member=member)
        return Done(network.get_absolute_url(), f"Membership of {member.contact.name} deleted")

    return button(request, press=press, back=reverse("partners:network_member_delete", args=[member.uuid]))


@partnership_view(*PARTNER_EDITORS)
def staff_count_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Correct a staff count entered wrongly."""
    count = access.get_staff_count(viewer, uuid)
    organisation = count.organisation

    def save(data: dict[str, Any]) -> Done:
        actions.correct_staff_count(viewer=viewer, count=count, **data)
        return Done(organisation.get_absolute_url() + "#staff-numbers", "Staff numbers corrected")

    initial = {"staff_group": count.staff_group_id, "number": count.number, "counted_on": count.counted_on}
    return form_page(
        request,
        StaffCountForm(posted(request), viewer=viewer, initial=initial),
        save=save,
        template="partners/staff_count_form.html",
        context={"organisation": organisation, "count": count},
    )


@partnership_view(*PARTNER_EDITORS)
def staff_count_delete(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """Delete a staff count entered in error, after a page that asks."""
    count = access.get_staff_count(viewer, uuid)
    organisation = count.organisation
    if request.method != "POST":
        return render(request, "partners/staff_count_delete.html", {"count": count})

    def press() -> Done:
        actions.delete_staff_count(viewer=viewer, count=count)
        return Done(organisation.get_absolute_url() + "#staff-numbers", "Staff count deleted")

    return button(request, press=press, back=reverse("partners:staff_count_delete", args=[count.uuid]))


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


@partnership_view(*ORGANISATION_EDITORS)
def contact_remove(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    contact = access.get_contact(viewer, uuid)
    organisation = contact.organisation
    if request.method != "POST":
        return render(request, "partners/contact_remove.html", {"contact": contact})

    def press() -> Done:
        actions.remove_contact(viewer=viewer, contact=contact)
        return Done(organisation.get_absolute_url(), f"{contact.name} removed")

    return button(request, press=press, back=reverse("partners:contact_edit", args=[contact.uuid]))


@partnership_view(*PARTNER_EDITORS)
def network_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    network = access.get_network(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_network(viewer=viewer, network=network, **data)
        return Done(network.get_absolute_url(), "Network details saved")

    return form_page(
        request,
        NetworkForm(posted(request), initial={"name": network.name, "description": network.description}),
        save=save,
        template="partners/network_form.html",
        context={"network": network},
    )


# --- column layouts ----------------------------------------------------------------------

HEADINGS_KEY = "partners_import_headings"


@partnership_view(*PARTNER_EDITORS)
def mapping_columns(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The second step of a new layout: for each field, which of the file's headings feeds it."""
    headings = request.session.get(HEADINGS_KEY)
    if not isinstance(headings, list) or not headings:
        return redirect("partners:mapping_create")
    form = MappingForm(posted(request), headings=headings)

    def save(data: dict[str, Any]) -> Done:
        mapping = actions.save_mapping(viewer=viewer, name=data["name"], columns=form.columns())
        request.session.pop(HEADINGS_KEY, None)
        return Done(reverse("partners:organisation_import"), f"Column layout {mapping.name} saved")

    return form_page(
        request, form, save=save, template="partners/mapping_form.html", context={"headings": headings}
    )


@partnership_view(*PARTNER_EDITORS)
def mapping_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    mapping = get_object_or_404(access.mappings(viewer), uuid=uuid)
    form = MappingForm(
        posted(request),
        initial={
            "name": mapping.name,
            **{f"{field}_column": value for field, value in mapping.columns.items()},
        },
    )

    def save(data: dict[str, Any]) -> Done:
        actions.update_mapping(viewer=viewer, mapping=mapping, name=data["name"], columns=form.columns())
        return Done(reverse("partners:organisation_import"), f"Column layout {mapping.name} saved")

    return form_page(
        request, form, save=save, template="partners/mapping_form.html", context={"mapping": mapping}
    )


@partnership_view(*PARTNER_EDITORS)
def mapping_delete(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    mapping = get_object_or_404(access.mappings(viewer), uuid=uuid)
    if request.method != "POST":
        return render(request, "partners/mapping_delete.html", {"mapping": mapping})
    name = mapping.name

    def press() -> Done:
        actions.delete_mapping(viewer=viewer, mapping=mapping)
        return Done(reverse("partners:organisation_import"), f"Column layout {name} deleted")

    return button(request, press=press, back=reverse("partners:organisation_import"))


# --- Prevent duty checks -----------------------------------------------------------------


@partnership_view(*PARTNER_READERS)
def check_register(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The gaps by sector: for each sector and check, how many organisations stand where.
    The coordinator follows each number to the organisations behind it; the steering
    group reads the numbers."""
    rows = queries.gap_register(viewer.partnership.pk, access.check_items(viewer))
    columns = [
        (queries.MET, "Met"),
        (queries.NOT_MET, "Not met or partly met"),
        (queries.OVERDUE, "Overdue"),
        (queries.NEVER, "Never checked"),
        (queries.NOT_APPLICABLE, "Not applicable"),
    ]
    return render(
        request,
        "partners/check_register.html",
        {
            "rows": [(row, [(key, label, row.counts[key]) for key, label in columns]) for row in rows],
            "links": access.can_see_check_details(viewer),
            "columns": columns,
            "can_edit": access.can_edit(viewer),
        },
    )


@partnership_view(*ORGANISATION_EDITORS)
def check_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    organisation = access.get_editable_organisation(viewer, uuid)
    form = CheckForm(
        posted(request),
        request.FILES or None,
        viewer=viewer,
        organisation=organisation,
        initial={"item": _chosen_item(request, viewer)},
    )

    def save(data: dict[str, Any]) -> Done:
        check = actions.record_check(viewer=viewer, organisation=organisation, **data)
        return Done(organisation.get_absolute_url() + "#duty-checks", f"{check.item.label}: check recorded")

    return form_page(
        request, form, save=save, template="partners/check_form.html", context={"organisation": organisation}
    )


def _chosen_item(request: HttpRequest, viewer: Viewer) -> int | None:
    chosen = request.GET.get("item", "")
    if not chosen.isdigit() or len(chosen) > 12:
        return None
    return access.check_items(viewer).filter(pk=int(chosen)).values_list("pk", flat=True).first()


@partnership_view(*ORGANISATION_EDITORS)
def check_evidence(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponseBase:
    check = access.get_check(viewer, uuid)
    if not check.evidence:
        raise Http404
    record_outside_action(
        verb="partners.check.evidence_downloaded",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=check.organisation,
        label=f"{check.item.label}: {check.evidence_name}"[:300],
    )
    response = FileResponse(
        check.evidence.open("rb"),
        as_attachment=True,
        filename=check.evidence_name,
        content_type=check.evidence_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- the partnership's own lists ---------------------------------------------------------

LISTS = {
    "sectors": ("Sectors", Sector),
    "staff-groups": ("Staff groups", StaffGroup),
    "contact-roles": ("Contacts' roles", ContactRole),
    "checks": ("Duty checklist", CheckItem),
}


def _list_kind(kind: str) -> tuple[str, Any]:
    if kind not in LISTS:
        raise Http404
    return LISTS[kind]


@partnership_view(*PARTNER_EDITORS)
def lists(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    shown = []
    for kind, (heading, model) in LISTS.items():
        entries = model._default_manager.filter(
            Q(partnership__isnull=True) | Q(partnership=viewer.partnership)
        )
        if model is CheckItem:
            entries = entries.prefetch_related("sectors").annotate(switched_off=access.switched_off(viewer))
        shown.append((kind, heading, list(entries.order_by("-active", "position", "label")[:500])))
    return render(request, "partners/lists.html", {"lists": shown})


@partnership_view(*PARTNER_EDITORS)
def list_entry_create(request: HttpRequest, viewer: Viewer, kind: str) -> HttpResponse:
    heading, model = _list_kind(kind)
    if model is CheckItem:
        form: Any = CheckItemForm(posted(request), viewer=viewer)

        def save(data: dict[str, Any]) -> Done:
            item = actions.add_check_item(viewer=viewer, **data)
            return Done(reverse("partners:lists") + f"#{kind}", f"{item.label} added to the checklist")

    else:
        form = ListEntryForm(posted(request))

        def save(data: dict[str, Any]) -> Done:
            entry = actions.add_list_entry(viewer=viewer, kind=kind, label=data["label"])
            return Done(reverse("partners:lists") + f"#{kind}", f"{entry.label} added to {heading.lower()}")

    return form_page(
        request, form, save=save, template="partners/list_entry_form.html", context={"heading": heading}
    )


@partnership_view(*PARTNER_EDITORS)
def list_entry_retire(request: HttpRequest, viewer: Viewer, kind: str, pk: int) -> HttpResponse:
    _, model = _list_kind(kind)
    entry = get_object_or_404(model.objects.filter(partnership=viewer.partnership), pk=pk)

    def press() -> Done:
        actions.deactivate_list_entry(viewer=viewer, kind=kind, entry_id=entry.pk)
        return Done(reverse("partners:lists") + f"#{kind}", f"{entry.label} is no longer offered")

    return button(request, press=press, back=reverse("partners:lists"))


def _own_check(viewer: Viewer, pk: int) -> CheckItem:
    return get_object_or_404(CheckItem.objects.filter(partnership=viewer.partnership, active=True), pk=pk)


@partnership_view(*PARTNER_EDITORS)
def check_item_edit(request: HttpRequest, viewer: Viewer, pk: int) -> HttpResponse:
    """A check of the partnership's own: what it says and the sectors it applies to."""
    item = _own_check(viewer, pk)

    def save(data: dict[str, Any]) -> Done:
        actions.update_check_item(viewer=viewer, item=item, **data)
        return Done(reverse("partners:lists") + "#checks", f"{item.label}: check saved")

    initial = {
        "label": item.label,
        "hint": item.hint,
        "sectors": list(item.sectors.values_list("pk", flat=True)),
    }
    return form_page(
        request,
        CheckItemForm(posted(request), viewer=viewer, initial=initial),
        save=save,
        template="partners/check_item_form.html",
        context={"item": item},
    )


@partnership_view(*PARTNER_EDITORS)
def check_item_off(request: HttpRequest, viewer: Viewer, pk: int) -> HttpResponse:
    """Switch a seeded check off for the partnership (a button)."""
    return _switch(request, viewer, pk, active=False)


@partnership_view(*PARTNER_EDITORS)
def check_item_on(request: HttpRequest, viewer: Viewer, pk: int) -> HttpResponse:
    """Switch a seeded check on again for the partnership (a button)."""
    return _switch(request, viewer, pk, active=True)


def _switch(request: HttpRequest, viewer: Viewer, pk: int, *, active: bool) -> HttpResponse:
    item = get_object_or_404(CheckItem.objects.filter(partnership__isnull=True, active=True), pk=pk)

    def press() -> Done:
        actions.switch_check_item(viewer=viewer, item=item, active=active)
        done = "switched on again" if active else "switched off for the partnership"
        return Done(reverse("partners:lists") + "#checks", f"{item.label}: {done}")

    return button(request, press=press, back=reverse("partners:lists") + "#checks")


# --- partner leads -----------------------------------------------------------------------


@partnership_view(*PARTNER_EDITORS)
def partner_lead_add(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    organisation = access.get_organisation(viewer, uuid)
    users = actions.partner_lead_users(viewer.partnership).exclude(
        pk__in=PartnerLead.objects.filter(organisation=organisation).values("user")
    )

    def save(data: dict[str, Any]) -> Done:
        actions.appoint_partner_lead(viewer=viewer, organisation=organisation, **data)
        return Done(
            organisation.get_absolute_url() + "#partner-leads",
            f"{data['user'].full_name} is now a partner lead for {organisation.name}",
        )

    return form_page(
        request,
        PartnerLeadForm(posted(request), users=users),
        save=save,
        template="partners/partner_lead_form.html",
        context={"organisation": organisation, "has_users": users.exists()},
    )


@partnership_view(*PARTNER_EDITORS)
def partner_lead_remove(request: HttpRequest, viewer: Viewer, uuid: UUID, pk: int) -> HttpResponse:
    organisation = access.get_organisation(viewer, uuid)
    lead = get_object_or_404(
        access.partner_leads(viewer).select_related("user", "organisation"), organisation=organisation, pk=pk
    )

    def press() -> Done:
        actions.remove_partner_lead(viewer=viewer, lead=lead)
        return Done(
            organisation.get_absolute_url() + "#partner-leads",
            f"{lead.user.full_name} is no longer a partner lead for {organisation.name}",
        )

    return button(request, press=press, back=organisation.get_absolute_url())
