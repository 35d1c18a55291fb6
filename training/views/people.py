from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from audit.log import record_outside_action
from training import access, certificates
from training.models import SessionPlace

# A person's training record and certificates: the coordinator, and the partner lead of the
# person's organisation (training.access.people and completions narrow it); never the
# steering group, who read figures only.
PERSON_READERS = (Role.COORDINATOR, Role.PARTNER_LEAD)


@partnership_view(*PERSON_READERS)
def person_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    person = access.get_person(viewer, uuid)
    completions = list(
        access.completions(viewer)
        .filter(person=person)
        .select_related("course", "session")
        .order_by("-completed_on", "id")
    )
    places = list(
        SessionPlace.objects.filter(person=person, session__partnership=viewer.partnership)
        .select_related("session", "session__course")
        .order_by("-session__starts_at", "id")
    )
    # A partner lead opens only the sessions their organisation hosts.
    visible = set(
        access.sessions(viewer)
        .filter(pk__in=[c.session_id for c in completions if c.session_id])
        .values_list("pk", flat=True)
    )
    for completion in completions:
        completion.linked = completion.session_id in visible  # type: ignore[attr-defined]
    record_outside_action(
        verb="training.person.viewed",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=person,
        label="training record",
    )
    return render(
        request,
        "training/person_detail.html",
        {"person": person, "completions": completions, "places": places},
    )


@partnership_view(*PERSON_READERS)
def certificate(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    completion = get_object_or_404(
        access.completions(viewer).select_related(
            "person", "person__organisation", "course", "session", "partnership"
        ),
        uuid=uuid,
    )
    record_outside_action(
        verb="training.certificate.opened",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=completion.person,
        label=f"{completion.course.title}, {completion.completed_on:%-d %B %Y}",
    )
    response = HttpResponse(certificates.certificate_pdf(completion), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificates.file_name(completion)}"'
    return response
