"""The write path for partner organisations: each function checks the viewer may make
the change, writes it in one transaction and records the audit event."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.access import Viewer
from accounts.models import Membership, Partnership, Role, User
from audit.log import changes_between, created, record, record_many, snapshot
from lib import uploads
from lib.errors import Refused
from partners import access
from partners.importing import FIELDS, MAX_DEPTH, ImportedOrganisation, normal_postcode
from partners.models import (
    MAX_STAFF,
    CheckItem,
    CheckItemOverride,
    CheckStatus,
    ColumnMapping,
    Contact,
    ContactRole,
    DutyCheck,
    Network,
    NetworkMember,
    Organisation,
    OrganisationStatus,
    PartnerLead,
    Sector,
    StaffCount,
    StaffGroup,
)
from partners.signals import organisations_changed, people_changed

ORGANISATION_FIELDS = ["name", "sector", "address", "postcode", "parent", "status", "urn"]


def _require_editor(viewer: Viewer, partnership_id: int | None = None) -> Partnership:
    if not access.can_edit(viewer):
        raise Refused("Only the partnership's Prevent coordinator can change the register of organisations.")
    if partnership_id is not None and partnership_id != viewer.partnership.pk:
        raise Refused("This organisation belongs to another partnership.")
    return viewer.partnership


def _check(viewer: Viewer, organisation: Organisation) -> None:
    if not organisation.name.strip():
        raise Refused("Enter the organisation's name", field="name")
    if not access.sectors(viewer).filter(pk=organisation.sector_id).exists():
        raise Refused("Select a sector from the list", field="sector")
    if organisation.urn and (
        Organisation.objects.filter(partnership=viewer.partnership, urn=organisation.urn)
        .exclude(pk=organisation.pk)
        .exists()
    ):
        raise Refused("Another organisation of the partnership has this URN", field="urn")
    _check_parent(organisation)


def _check_parent(organisation: Organisation) -> None:
    """The parent is of the same partnership and the chain of parents never comes back to
    the organisation itself."""
    parent_id = organisation.parent_id
    seen: set[int] = set()
    while parent_id is not None:
        if organisation.pk is not None and parent_id == organisation.pk:
            raise Refused("An organisation cannot sit under itself or under one of its own", field="parent")
        if parent_id in seen or len(seen) >= MAX_DEPTH:
            raise Refused("The chain of parent organisations is too long or goes round", field="parent")
        seen.add(parent_id)
        parent = Organisation.objects.filter(pk=parent_id).values("partnership_id", "parent_id").first()
        if parent is None or parent["partnership_id"] != organisation.partnership_id:
            raise Refused("Select a parent organisation of this partnership", field="parent")
        parent_id = parent["parent_id"]


@transaction.atomic
def create_organisation(
    *,
    viewer: Viewer,
    name: str,
    sector: Sector,
    address: str = "",
    postcode: str = "",
    parent: Organisation | None = None,
    status: str = OrganisationStatus.ACTIVE,
    urn: str = "",
) -> Organisation:
    partnership = _require_editor(viewer)
    organisation = Organisation(
        partnership=partnership,
        name=name.strip(),
        sector=sector,
        address=address.strip(),
        postcode=normal_postcode(postcode),
        parent=parent,
        status=status,
        urn=urn.strip(),
    )
    _check(viewer, organisation)
    organisation.save()
    record(
        verb="partners.organisation.created",
        actor=viewer.user,
        partnership=partnership,
        target=organisation,
        changes=created(snapshot(organisation, ORGANISATION_FIELDS)),
    )
    return organisation


@transaction.atomic
def update_organisation(*, viewer: Viewer, organisation: Organisation, **values: Any) -> Organisation:
    _require_editor(viewer, organisation.partnership_id)
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Not organisation fields: {', '.join(sorted(unknown))}")
    before = snapshot(organisation, ORGANISATION_FIELDS)
    for name, value in values.items():
        if name == "postcode":
            value = normal_postcode(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(organisation, name, value)
    _check(viewer, organisation)
    changes = changes_between(before, snapshot(organisation, ORGANISATION_FIELDS))
    if changes:
        organisation.save()
        record(
            verb="partners.organisation.updated",
            actor=viewer.user,
            partnership=viewer.partnership,
            target=organisation,
            changes=changes,
        )
        organisations_changed.send(sender=Organisation, organisation_ids=[organisation.pk])
    return organisation


@transaction.atomic
def import_organisations(
    *, viewer: Viewer, rows: list[ImportedOrganisation], file_name: str
) -> tuple[int, int]:
    """Write the checked rows of an import, all or none: an organisation is matched by
    its URN, else by its name and postcode, so running the same file again changes
    nothing. A parent named in the file or already on the register is linked; a parent
    named nowhere (a GIAS trust) is added with the sector the row gives it. Returns how
    many organisations were added and how many changed."""
    partnership = _require_editor(viewer)
    existing = list(Organisation.objects.filter(partnership=partnership))
    by_urn = {o.urn: o for o in existing if o.urn}
    by_name_postcode = {(o.name.lower(), o.postcode): o for o in existing}
    by_name: dict[str, list[Organisation]] = {}
    for organisation in existing:
        by_name.setdefault(organisation.name.lower(), []).append(organisation)
    # Each organisation written, with what it was before the import (None: added), so
    # that it gets one audit event however many times the import touches it.
    written: dict[int, tuple[Organisation, dict[str, Any] | None]] = {}
    touched: list[tuple[ImportedOrganisation, Organisation]] = []

    def save(organisation: Organisation, before: dict[str, Any] | None) -> None:
        if before is not None and not changes_between(before, snapshot(organisation, ORGANISATION_FIELDS)):
            return
        is_new = organisation.pk is None
        organisation.save()
        if organisation.pk not in written:
            written[organisation.pk] = (organisation, None if is_new else before)
        if is_new:
            by_name.setdefault(organisation.name.lower(), []).append(organisation)
            by_name_postcode[(organisation.name.lower(), organisation.postcode)] = organisation
            if organisation.urn:
                by_urn[organisation.urn] = organisation

    for row in rows:
        postcode = normal_postcode(row.postcode)
        match = by_urn.get(row.urn) if row.urn else None
        if match is None:
            match = by_name_postcode.get((row.name.lower(), postcode))
            if match is not None and match.urn and row.urn and match.urn != row.urn:
                match = None
        organisation = match or Organisation(partnership=partnership)
        before = None if match is None else snapshot(match, ORGANISATION_FIELDS)
        organisation.name = row.name
        organisation.sector = row.sector
        organisation.address = row.address
        organisation.postcode = postcode
        organisation.status = row.status
        if row.urn:
            organisation.urn = row.urn
        save(organisation, before)
        touched.append((row, organisation))

    for row, organisation in touched:
        if not row.parent:
            continue
        named = by_name.get(row.parent.lower(), [])
        if len(named) > 1:
            raise Refused(f"Row {row.line}: more than one organisation is named {row.parent}")
        if named:
            parent = named[0]
        elif row.parent_sector is not None:
            parent = Organisation(partnership=partnership, name=row.parent, sector=row.parent_sector)
            save(parent, None)
        else:
            raise Refused(f"Row {row.line}: no organisation is named {row.parent}")
        if organisation.parent_id != parent.pk:
            before = snapshot(organisation, ORGANISATION_FIELDS)
            organisation.parent = parent
            try:
                _check_parent(organisation)
            except Refused as refused:
                raise Refused(f"Row {row.line}: {refused.message}") from refused
            save(organisation, before)
    events = []
    added = 0
    for organisation, original in written.values():
        after = snapshot(organisation, ORGANISATION_FIELDS)
        changes = created(after) if original is None else changes_between(original, after)
        added += original is None
        if changes:
            events.append(
                {
                    "verb": "partners.organisation.imported",
                    "actor": viewer.user,
                    "partnership": partnership,
                    "target": organisation,
                    "label": file_name[:100],
                    "changes": changes,
                }
            )
    record_many(events)
    changed = [organisation.pk for organisation, original in written.values() if original is not None]
    if changed:
        organisations_changed.send(sender=Organisation, organisation_ids=changed)
    return added, len(events) - added


# --- contacts and networks ---------------------------------------------------------------

CONTACT_FIELDS = [
    "organisation",
    "name",
    "job_title",
    "email",
    "phone",
    "staff_group",
    "started_on",
    "left_on",
]
NETWORK_FIELDS = ["name", "description"]


def _audit(viewer: Viewer, verb: str, target: Any, changes: dict[str, Any]) -> None:
    record(verb=verb, actor=viewer.user, partnership=viewer.partnership, target=target, changes=changes)


def _role_labels(roles: Iterable[ContactRole]) -> list[str]:
    return sorted(role.label for role in roles)


def _require_organisation_editor(viewer: Viewer, organisation: Organisation) -> None:
    """The coordinator, or a partner lead of this organisation."""
    if organisation.partnership_id != viewer.partnership.pk:
        raise Refused("This organisation belongs to another partnership.")
    if not access.can_edit_organisation(viewer, organisation):
        raise Refused("Only the coordinator or the organisation's partner lead can change its records.")


def _check_contact(viewer: Viewer, contact: Contact, roles: Iterable[ContactRole]) -> None:
    if contact.organisation.partnership_id != viewer.partnership.pk:
        raise Refused("Select an organisation of this partnership", field="organisation")
    if not contact.name.strip():
        raise Refused("Enter the contact's name", field="name")
    allowed = set(access.contact_roles(viewer).values_list("pk", flat=True))
    if any(role.pk not in allowed for role in roles):
        raise Refused("Select roles from the list", field="roles")
    if (
        contact.staff_group_id is not None
        and not access.staff_groups(viewer).filter(pk=contact.staff_group_id).exists()
    ):
        raise Refused("Select a staff group from the list", field="staff_group")
    if contact.started_on and contact.left_on and contact.left_on < contact.started_on:
        raise Refused("The date left must be on or after the date started", field="left_on")
    if contact.email and (
        Contact.objects.filter(partnership_id=contact.partnership_id, email__iexact=contact.email)
        .exclude(pk=contact.pk)
        .exists()
    ):
        raise Refused("Another contact of the partnership has this work email address", field="email")


def _contact_snapshot(contact: Contact, roles: Iterable[ContactRole]) -> dict[str, Any]:
    return {**snapshot(contact, CONTACT_FIELDS), "roles": _role_labels(roles)}


@transaction.atomic
def add_contact(
    *,
    viewer: Viewer,
    organisation: Organisation,
    name: str,
    job_title: str = "",
    email: str = "",
    phone: str = "",
    roles: Iterable[ContactRole] = (),
    staff_group: StaffGroup | None = None,
    started_on: dt.date | None = None,
    left_on: dt.date | None = None,
) -> Contact:
    _require_organisation_editor(viewer, organisation)
    roles = list(roles)
    contact = Contact(
        partnership_id=organisation.partnership_id,
        organisation=organisation,
        name=name.strip(),
        job_title=job_title.strip(),
        email=email.strip(),
        phone=phone.strip(),
        staff_group=staff_group,
        started_on=started_on,
        left_on=left_on,
    )
    _check_contact(viewer, contact, roles)
    contact.save()
    contact.roles.set(roles)
    _audit(viewer, "partners.contact.added", contact, created(_contact_snapshot(contact, roles)))
    people_changed.send(sender=Contact, person_ids=[contact.pk])
    return contact


@transaction.atomic
def update_contact(
    *, viewer: Viewer, contact: Contact, roles: Iterable[ContactRole], **values: Any
) -> Contact:
    _require_organisation_editor(viewer, contact.organisation)
    unknown = set(values) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"Not contact fields: {', '.join(sorted(unknown))}")
    if "organisation" in values and not access.can_edit_organisation(viewer, values["organisation"]):
        raise Refused("Select an organisation you may change", field="organisation")
    roles = list(roles)
    before = _contact_snapshot(contact, contact.roles.all())
    for name, value in values.items():
        setattr(contact, name, value.strip() if isinstance(value, str) else value)
    _check_contact(viewer, contact, roles)
    changes = changes_between(before, _contact_snapshot(contact, roles))
    if changes:
        contact.save()
        contact.roles.set(roles)
        _audit(viewer, "partners.contact.updated", contact, changes)
        people_changed.send(sender=Contact, person_ids=[contact.pk])
    return contact


def _has_training_records(contact: Contact) -> bool:
    """Whether any record outside this app (training's completions and session places)
    points at the contact; the partners app does not import training, so it asks the
    relations Django knows of."""
    for relation in Contact._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "partners" or relation.many_to_many:
            continue
        if model._default_manager.filter(**{relation.field.name: contact}).exists():
            return True
    return False


@transaction.atomic
def remove_contact(*, viewer: Viewer, contact: Contact) -> None:
    """Delete a contact entered by mistake. Someone with training records is history the
    compliance figures rely on: record the date they left instead."""
    _require_organisation_editor(viewer, contact.organisation)
    if _has_training_records(contact):
        raise Refused(
            f"{contact.name} has training records, so cannot be removed. Record the date they left instead."
        )
    _audit(viewer, "partners.contact.removed", contact, {"name": {"from": contact.name, "to": None}})
    contact.delete()


@transaction.atomic
def create_network(*, viewer: Viewer, name: str, description: str = "") -> Network:
    partnership = _require_editor(viewer)
    name = name.strip()
    if not name:
        raise Refused("Enter the network's name", field="name")
    if Network.objects.filter(partnership=partnership, name__iexact=name).exists():
        raise Refused("The partnership already has a network with this name", field="name")
    network = Network.objects.create(partnership=partnership, name=name, description=description.strip())
    _audit(viewer, "partners.network.created", network, created(snapshot(network, NETWORK_FIELDS)))
    return network


@transaction.atomic
def add_member(*, viewer: Viewer, network: Network, contact: Contact, joined: dt.date) -> NetworkMember:
    _require_editor(viewer, network.partnership_id)
    if contact.organisation.partnership_id != network.partnership_id:
        raise Refused("Select a contact of this partnership", field="contact")
    if NetworkMember.objects.filter(network=network, contact=contact, left__isnull=True).exists():
        raise Refused(f"{contact.name} is already a member of {network.name}", field="contact")
    member = NetworkMember.objects.create(network=network, contact=contact, joined=joined)
    _audit(
        viewer,
        "partners.network.member_added",
        member,
        created({"network": network.name, "contact": contact.name, "joined": joined.isoformat()}),
    )
    people_changed.send(sender=Contact, person_ids=[contact.pk])
    return member


@transaction.atomic
def record_leaving(*, viewer: Viewer, member: NetworkMember, left: dt.date) -> NetworkMember:
    _require_editor(viewer, member.network.partnership_id)
    if member.left is not None:
        raise Refused(f"{member.contact.name} already left on {member.left:%-d %B %Y}", field="left")
    if left < member.joined:
        raise Refused("The date left must be on or after the date joined", field="left")
    member.left = left
    member.save(update_fields=["left"])
    _audit(
        viewer,
        "partners.network.member_left",
        member,
        changes_between({"left": None}, {"left": left.isoformat()}),
    )
    people_changed.send(sender=Contact, person_ids=[member.contact_id])
    return member


def _member_snapshot(member: NetworkMember) -> dict[str, Any]:
    return {
        "network": member.network.name,
        "contact": member.contact.name,
        "joined": member.joined.isoformat(),
        "left": member.left.isoformat() if member.left else None,
    }


@transaction.atomic
def correct_member(
    *, viewer: Viewer, member: NetworkMember, joined: dt.date, left: dt.date | None = None
) -> NetworkMember:
    """Correct a membership's dates: the date joined, and the date left (none: still a
    member, which a contact may be of a network only once at a time)."""
    _require_editor(viewer, member.network.partnership_id)
    if left is not None and left < joined:
        raise Refused("The date left must be on or after the date joined", field="left")
    if (
        left is None
        and NetworkMember.objects.filter(network=member.network, contact=member.contact, left__isnull=True)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise Refused(
            f"{member.contact.name} is a member of {member.network.name} now under another membership: "
            "enter the date this one ended",
            field="left",
        )
    before = _member_snapshot(member)
    member.joined, member.left = joined, left
    changes = changes_between(before, _member_snapshot(member))
    if changes:
        member.save(update_fields=["joined", "left"])
        _audit(viewer, "partners.network.member_corrected", member, changes)
        people_changed.send(sender=Contact, person_ids=[member.contact_id])
    return member


@transaction.atomic
def delete_member(*, viewer: Viewer, member: NetworkMember) -> None:
    """Delete a membership recorded in error (one that ended is recorded by its date left)."""
    _require_editor(viewer, member.network.partnership_id)
    _audit(
        viewer,
        "partners.network.member_deleted",
        member,
        {name: {"from": value, "to": None} for name, value in _member_snapshot(member).items()},
    )
    contact_id = member.contact_id
    member.delete()
    people_changed.send(sender=Contact, person_ids=[contact_id])


@transaction.atomic
def save_mapping(*, viewer: Viewer, name: str, columns: dict[str, str]) -> ColumnMapping:
    """Save a column layout for later imports: the name column is needed."""
    partnership = _require_editor(viewer)
    name = name.strip()
    if not name:
        raise Refused("Enter a name for the column layout", field="name")
    if ColumnMapping.objects.filter(partnership=partnership, name__iexact=name).exists():
        raise Refused("The partnership already has a column layout with this name", field="name")
    kept = {field: columns[field].strip() for field in FIELDS if (columns.get(field) or "").strip()}
    if "name" not in kept:
        raise Refused(
            "Enter the heading of the column that holds the organisation's name", field="name_column"
        )
    mapping = ColumnMapping.objects.create(partnership=partnership, name=name, columns=kept)
    _audit(viewer, "partners.mapping.saved", mapping, created({"name": name, "columns": kept}))
    return mapping


@transaction.atomic
def record_staff_count(
    *, viewer: Viewer, organisation: Organisation, staff_group: StaffGroup, number: int, counted_on: dt.date
) -> StaffCount:
    _require_editor(viewer, organisation.partnership_id)
    if not access.staff_groups(viewer).filter(pk=staff_group.pk).exists():
        raise Refused("Select a staff group from the list", field="staff_group")
    if not 0 <= number <= MAX_STAFF:
        raise Refused(f"The number of staff must be between 0 and {MAX_STAFF:,}", field="number")
    if StaffCount.objects.filter(
        organisation=organisation, staff_group=staff_group, counted_on=counted_on
    ).exists():
        raise Refused(f"{staff_group.label} were already counted on that date", field="counted_on")
    count = StaffCount.objects.create(
        organisation=organisation, staff_group=staff_group, number=number, counted_on=counted_on
    )
    _audit(
        viewer,
        "partners.staff_count.recorded",
        organisation,
        created({"staff_group": staff_group.label, "number": number, "counted_on": counted_on.isoformat()}),
    )
    return count


def _count_snapshot(count: StaffCount) -> dict[str, Any]:
    return {
        "staff_group": count.staff_group.label,
        "number": count.number,
        "counted_on": count.counted_on.isoformat(),
    }


@transaction.atomic
def correct_staff_count(
    *, viewer: Viewer, count: StaffCount, staff_group: StaffGroup, number: int, counted_on: dt.date
) -> StaffCount:
    """Correct a staff count entered wrongly: its group, number or date."""
    _require_editor(viewer, count.organisation.partnership_id)
    if (
        staff_group.pk != count.staff_group_id
        and not access.staff_groups(viewer).filter(pk=staff_group.pk).exists()
    ):
        raise Refused("Select a staff group from the list", field="staff_group")
    if not 0 <= number <= MAX_STAFF:
        raise Refused(f"The number of staff must be between 0 and {MAX_STAFF:,}", field="number")
    if counted_on > timezone.localdate():
        raise Refused("The date counted must be today or in the past", field="counted_on")
    if (
        StaffCount.objects.filter(
            organisation=count.organisation, staff_group=staff_group, counted_on=counted_on
        )
        .exclude(pk=count.pk)
        .exists()
    ):
        raise Refused(f"{staff_group.label} were already counted on that date", field="counted_on")
    before = _count_snapshot(count)
    count.staff_group, count.number, count.counted_on = staff_group, number, counted_on
    changes = changes_between(before, _count_snapshot(count))
    if changes:
        count.save(update_fields=["staff_group", "number", "counted_on"])
        _audit(viewer, "partners.staff_count.corrected", count.organisation, changes)
    return count


@transaction.atomic
def delete_staff_count(*, viewer: Viewer, count: StaffCount) -> None:
    """Delete a staff count entered in error."""
    _require_editor(viewer, count.organisation.partnership_id)
    _audit(
        viewer,
        "partners.staff_count.deleted",
        count.organisation,
        {name: {"from": value, "to": None} for name, value in _count_snapshot(count).items()},
    )
    count.delete()


@transaction.atomic
def update_network(*, viewer: Viewer, network: Network, name: str, description: str = "") -> Network:
    _require_editor(viewer, network.partnership_id)
    name = name.strip()
    if not name:
        raise Refused("Enter the network's name", field="name")
    if (
        Network.objects.filter(partnership=network.partnership, name__iexact=name)
        .exclude(pk=network.pk)
        .exists()
    ):
        raise Refused("The partnership already has a network with this name", field="name")
    before = snapshot(network, NETWORK_FIELDS)
    network.name, network.description = name, description.strip()
    changes = changes_between(before, snapshot(network, NETWORK_FIELDS))
    if changes:
        network.save(update_fields=NETWORK_FIELDS)
        _audit(viewer, "partners.network.updated", network, changes)
    return network


def _kept_columns(columns: dict[str, str]) -> dict[str, str]:
    kept = {field: columns[field].strip() for field in FIELDS if (columns.get(field) or "").strip()}
    if "name" not in kept:
        raise Refused("Select the column that holds the organisation's name", field="name_column")
    return kept


@transaction.atomic
def update_mapping(
    *, viewer: Viewer, mapping: ColumnMapping, name: str, columns: dict[str, str]
) -> ColumnMapping:
    _require_editor(viewer, mapping.partnership_id)
    name = name.strip()
    if not name:
        raise Refused("Enter a name for the column layout", field="name")
    if (
        ColumnMapping.objects.filter(partnership=mapping.partnership, name__iexact=name)
        .exclude(pk=mapping.pk)
        .exists()
    ):
        raise Refused("The partnership already has a column layout with this name", field="name")
    kept = _kept_columns(columns)
    changes = changes_between(
        {"name": mapping.name, "columns": mapping.columns}, {"name": name, "columns": kept}
    )
    if changes:
        mapping.name, mapping.columns = name, kept
        mapping.save(update_fields=["name", "columns"])
        _audit(viewer, "partners.mapping.updated", mapping, changes)
    return mapping


@transaction.atomic
def delete_mapping(*, viewer: Viewer, mapping: ColumnMapping) -> None:
    _require_editor(viewer, mapping.partnership_id)
    _audit(viewer, "partners.mapping.deleted", mapping, {"name": {"from": mapping.name, "to": None}})
    mapping.delete()


# --- Prevent duty checks -----------------------------------------------------------------

CHECK_NOTES_LENGTH = 2000
# How far ahead a next check may be set, and how far back a check may be dated.
MAX_YEARS_AHEAD = 5


@transaction.atomic
def record_check(
    *,
    viewer: Viewer,
    organisation: Organisation,
    item: CheckItem,
    status: str,
    checked_on: dt.date,
    next_due_on: dt.date | None = None,
    notes: str = "",
    evidence: Any = None,
) -> DutyCheck:
    """Record one check of one item at an organisation. Earlier checks are kept; the one
    with the latest date checked is the current one, so a back-dated check joins the
    history without replacing a newer result."""
    _require_organisation_editor(viewer, organisation)
    if not access.check_items(viewer).filter(pk=item.pk, sectors=organisation.sector_id).exists():
        raise Refused("Select a check that applies to the organisation's sector", field="item")
    if status not in CheckStatus.values:
        raise Refused("Select the result of the check", field="status")
    today = timezone.localdate()
    if checked_on > today:
        raise Refused("The date checked must be today or in the past", field="checked_on")
    if next_due_on is not None and not checked_on < next_due_on <= today.replace(
        year=today.year + MAX_YEARS_AHEAD
    ):
        raise Refused(
            f"The next check must be due after the date checked and within {MAX_YEARS_AHEAD} years",
            field="next_due_on",
        )
    notes = notes.strip()
    if len(notes) > CHECK_NOTES_LENGTH:
        raise Refused(f"Notes must be {CHECK_NOTES_LENGTH:,} characters or fewer", field="notes")
    checked_file = None
    if evidence is not None:
        try:
            checked_file = uploads.check(evidence)
        except Refused as refused:
            raise Refused(refused.message, field="evidence") from refused

    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    current = DutyCheck.objects.filter(organisation=organisation, item=item, current=True).first()
    check = DutyCheck(
        organisation=organisation,
        item=item,
        status=status,
        checked_on=checked_on,
        next_due_on=next_due_on,
        notes=notes,
        recorded_by=viewer.user,
        current=current is None or checked_on >= current.checked_on,
    )
    if check.current and current is not None:
        current.current = False
        current.save(update_fields=["current"])
    saved = ""
    try:
        if checked_file is not None:
            check.evidence_name = checked_file.name
            check.evidence_type = checked_file.content_type
            check.evidence_size = checked_file.size
            check.evidence_sha256 = checked_file.sha256
            stored_as = check.evidence.field.generate_filename(check, checked_file.name)
            check.evidence = uploads.store(
                check.evidence.storage, stored_as, checked_file.upload, field="evidence"
            )
            saved = str(check.evidence.name)
        check.save()
        _audit(
            viewer,
            "partners.check.recorded",
            organisation,
            created(
                {
                    "item": item.label,
                    "status": status,
                    "checked_on": checked_on.isoformat(),
                    "next_due_on": next_due_on.isoformat() if next_due_on else None,
                    "evidence_file": checked_file.sha256 if checked_file else None,
                    "current": check.current,
                }
            ),
        )
    except Exception:
        if saved:
            default_storage.delete(saved)
        raise
    return check


@transaction.atomic
def add_check_item(*, viewer: Viewer, label: str, hint: str = "", sectors: Iterable[Sector]) -> CheckItem:
    """A check of the partnership's own, such as "Updated hall hire procedures"."""
    partnership = _require_editor(viewer)
    label = label.strip()
    sectors = list(sectors)
    _check_item_values(viewer, label, hint, sectors)
    position = 100 + CheckItem.objects.filter(partnership=partnership).count()
    item = CheckItem.objects.create(
        partnership=partnership,
        code=f"own-{uuid_hex()}",
        label=label,
        hint=hint.strip(),
        position=position,
    )
    item.sectors.set(sectors)
    _audit(
        viewer,
        "partners.check_item.added",
        item,
        created({"label": label, "hint": item.hint, "sectors": sorted(s.label for s in sectors)}),
    )
    return item


def _check_item_values(
    viewer: Viewer, label: str, hint: str, sectors: list[Sector], item: CheckItem | None = None
) -> None:
    if not label:
        raise Refused("Enter what is checked", field="label")
    if len(label) > 200:
        raise Refused("The check must be 200 characters or fewer", field="label")
    if len(hint.strip()) > 500:
        raise Refused("What to look for must be 500 characters or fewer", field="hint")
    # A check switched off still counts here: switch it on rather than add it again.
    same = CheckItem.objects.filter(
        Q(partnership__isnull=True) | Q(partnership=viewer.partnership), active=True, label__iexact=label
    )
    if item is not None:
        same = same.exclude(pk=item.pk)
    if same.exists():
        raise Refused("The checklist already has this check", field="label")
    if not sectors:
        raise Refused("Select the sectors the check applies to", field="sectors")
    allowed = set(access.sectors(viewer).values_list("pk", flat=True))
    if any(sector.pk not in allowed for sector in sectors):
        raise Refused("Select sectors from the list", field="sectors")


@transaction.atomic
def update_check_item(
    *, viewer: Viewer, item: CheckItem, label: str, hint: str = "", sectors: Iterable[Sector]
) -> CheckItem:
    """Change a check of the partnership's own: what it says and the sectors it applies to.
    Checks already recorded stay; one of a sector the check no longer applies to is no
    longer counted in the register of gaps. Seeded checks are not changed here."""
    partnership = _require_editor(viewer)
    if item.partnership_id != partnership.pk or not item.active:
        raise Refused("Only the partnership's own checks in use can be changed")
    label, hint, sectors = label.strip(), hint.strip(), list(sectors)
    _check_item_values(viewer, label, hint, sectors, item)
    before = {"label": item.label, "hint": item.hint, "sectors": sorted(s.label for s in item.sectors.all())}
    after = {"label": label, "hint": hint, "sectors": sorted(s.label for s in sectors)}
    changes = changes_between(before, after)
    if changes:
        item.label, item.hint = label, hint
        item.save(update_fields=["label", "hint"])
        item.sectors.set(sectors)
        _audit(viewer, "partners.check_item.updated", item, changes)
    return item


@transaction.atomic
def switch_check_item(*, viewer: Viewer, item: CheckItem, active: bool) -> CheckItemOverride:
    """Switch a seeded check off for the partnership, or on again: off, it is no longer
    offered when recording a check nor counted in the register of gaps or the home page;
    the checks recorded against it are kept, and count again once it is switched on. The
    seed every partnership shares is not changed."""
    partnership = _require_editor(viewer)
    if item.partnership_id is not None or not item.active:
        raise Refused("Only the checks every partnership starts with can be switched off and on")
    override = (
        CheckItemOverride.objects.select_for_update().filter(partnership=partnership, item=item).first()
    )
    was_active = override is None or override.active
    if was_active == active:
        raise Refused(f"{item.label} is already switched {'on' if active else 'off'}")
    if override is None:
        override = CheckItemOverride.objects.create(partnership=partnership, item=item, active=active)
    else:
        override.active = active
        override.save(update_fields=["active"])
    _audit(
        viewer,
        f"partners.check_item.switched_{'on' if active else 'off'}",
        item,
        {"active": {"from": was_active, "to": active}},
    )
    return override


def uuid_hex() -> str:
    return uuid.uuid4().hex[:12]


# --- the partnership's own list entries --------------------------------------------------

LIST_MODELS: dict[str, type[Sector] | type[StaffGroup] | type[ContactRole] | type[CheckItem]] = {
    "sectors": Sector,
    "staff-groups": StaffGroup,
    "contact-roles": ContactRole,
    "checks": CheckItem,
}


@transaction.atomic
def add_list_entry(*, viewer: Viewer, kind: str, label: str) -> Any:
    """A sector, staff group or contact role of the partnership's own."""
    partnership = _require_editor(viewer)
    model = LIST_MODELS[kind]
    if model is CheckItem:
        raise TypeError("Checks are added by add_check_item, with their sectors")
    label = label.strip()
    if not label:
        raise Refused("Enter the name of the entry", field="label")
    if len(label) > 200:
        raise Refused("The name must be 200 characters or fewer", field="label")
    if model.objects.filter(
        Q(partnership=None) | Q(partnership=partnership), label__iexact=label, active=True
    ).exists():
        raise Refused("The list already has this entry", field="label")
    entry = model.objects.create(
        partnership=partnership,
        code=f"own-{uuid_hex()}",
        label=label,
        position=100 + model.objects.filter(partnership=partnership).count(),
    )
    _audit(viewer, f"partners.{model._meta.model_name}.added", entry, created({"label": label}))
    return entry


@transaction.atomic
def deactivate_list_entry(*, viewer: Viewer, kind: str, entry_id: int) -> Any:
    """Retire an entry of the partnership's own: records that use it keep it, and it is
    no longer offered. Seeded entries serve every partnership and cannot be retired."""
    partnership = _require_editor(viewer)
    model = LIST_MODELS[kind]
    entry = model.objects.filter(partnership=partnership, pk=entry_id, active=True).first()
    if entry is None:
        raise Refused("Only the partnership's own entries in use can be retired")
    entry.active = False
    entry.save(update_fields=["active"])
    _audit(
        viewer, f"partners.{model._meta.model_name}.retired", entry, {"active": {"from": True, "to": False}}
    )
    return entry


# --- partner leads -----------------------------------------------------------------------


def partner_lead_users(partnership: Partnership) -> Any:
    """The users who hold the partner lead role in the partnership."""
    return User.objects.filter(
        memberships__partnership=partnership, memberships__role=Role.PARTNER_LEAD, is_active=True
    ).distinct()


@transaction.atomic
def appoint_partner_lead(*, viewer: Viewer, organisation: Organisation, user: User) -> PartnerLead:
    _require_editor(viewer, organisation.partnership_id)
    if not Membership.objects.filter(
        user=user, partnership=viewer.partnership, role=Role.PARTNER_LEAD
    ).exists():
        raise Refused("Select someone who holds the partner lead role in the partnership", field="user")
    if PartnerLead.objects.filter(user=user, organisation=organisation).exists():
        raise Refused(f"{user.full_name} already leads {organisation.name}", field="user")
    lead = PartnerLead.objects.create(user=user, organisation=organisation)
    _audit(viewer, "partners.partner_lead.appointed", organisation, created({"partner_lead": user.email}))
    return lead


@transaction.atomic
def remove_partner_lead(*, viewer: Viewer, lead: PartnerLead) -> None:
    _require_editor(viewer, lead.organisation.partnership_id)
    _audit(
        viewer,
        "partners.partner_lead.removed",
        lead.organisation,
        {"partner_lead": {"from": lead.user.email, "to": None}},
    )
    lead.delete()
