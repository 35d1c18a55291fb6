"""What a viewer may see in training. The coordinator sees everything of their partnership;
a partner lead sees the people, completions and hosted sessions of the organisations they
lead (partners.models.PartnerLead) and nothing of other organisations' people; a steering
group member sees aggregates only, never a person. Everything not visible answers 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.access import Viewer
from accounts.models import Role
from partners.access import led_organisation_ids
from partners.models import Contact, Organisation
from training.models import Completion, Course, RequirementRule, Session

# Who opens the training pages at all; what each sees is narrowed below.
TRAINING_READERS = (Role.COORDINATOR, Role.PARTNER_LEAD, Role.STEERING)
TRAINING_EDITORS = (Role.COORDINATOR,)
# Who may read figures that name no one (compliance percentages and counts).
AGGREGATE_READERS = (Role.COORDINATOR, Role.PARTNER_LEAD, Role.STEERING)


def can_edit(viewer: Viewer) -> bool:
    return viewer.has_any(*TRAINING_EDITORS)


def sees_everyone(viewer: Viewer) -> bool:
    return viewer.has_any(*TRAINING_EDITORS)


def organisations(viewer: Viewer) -> QuerySet[Organisation]:
    """The organisations whose training this viewer may open: all of the partnership's for
    the coordinator and the steering group (figures only, for the latter), the led ones for
    a partner lead."""
    base = Organisation.objects.filter(partnership=viewer.partnership)
    if viewer.has_any(Role.COORDINATOR, Role.STEERING):
        return base
    if viewer.has_any(Role.PARTNER_LEAD):
        return base.filter(pk__in=led_organisation_ids(viewer))
    return base.none()


def people(viewer: Viewer) -> QuerySet[Contact]:
    """The people whose names and training records this viewer may see."""
    base = Contact.objects.filter(partnership=viewer.partnership)
    if sees_everyone(viewer):
        return base
    if viewer.has_any(Role.PARTNER_LEAD):
        return base.filter(organisation_id__in=led_organisation_ids(viewer))
    return base.none()


def get_person(viewer: Viewer, uuid: object) -> Contact:
    return get_object_or_404(people(viewer).select_related("organisation", "staff_group"), uuid=uuid)


def completions(viewer: Viewer) -> QuerySet[Completion]:
    base = Completion.objects.filter(partnership=viewer.partnership)
    if sees_everyone(viewer):
        return base
    if viewer.has_any(Role.PARTNER_LEAD):
        return base.filter(person__organisation_id__in=led_organisation_ids(viewer))
    return base.none()


def courses(viewer: Viewer) -> QuerySet[Course]:
    """The seeded national courses and the partnership's own."""
    if not viewer.has_any(*TRAINING_READERS):
        return Course.objects.none()
    return Course.objects.filter(Q(partnership__isnull=True) | Q(partnership=viewer.partnership))


def get_course(viewer: Viewer, uuid: object) -> Course:
    return get_object_or_404(courses(viewer), uuid=uuid)


def sessions(viewer: Viewer) -> QuerySet[Session]:
    """Every session of the partnership for the coordinator and the steering group (whose
    pages show counts, never the people booked); a partner lead's hosted sessions."""
    base = Session.objects.filter(partnership=viewer.partnership)
    if viewer.has_any(Role.COORDINATOR, Role.STEERING):
        return base
    if viewer.has_any(Role.PARTNER_LEAD):
        return base.filter(host_id__in=led_organisation_ids(viewer))
    return base.none()


def get_session(viewer: Viewer, uuid: object) -> Session:
    return get_object_or_404(sessions(viewer).select_related("course", "host"), uuid=uuid)


def can_record_attendance(viewer: Viewer, session: Session) -> bool:
    """The coordinator, and a partner lead for the sessions their organisation hosts."""
    if session.partnership_id != viewer.partnership.pk:
        return False
    if can_edit(viewer):
        return True
    return session.host_id is not None and session.host_id in led_organisation_ids(viewer)


def rules(viewer: Viewer) -> QuerySet[RequirementRule]:
    if not viewer.has_any(*AGGREGATE_READERS):
        return RequirementRule.objects.none()
    return RequirementRule.objects.filter(partnership=viewer.partnership)


def get_rule(viewer: Viewer, uuid: object) -> RequirementRule:
    return get_object_or_404(rules(viewer), uuid=uuid)
