"""E-mail to the people invited to a Channel panel meeting, each with a calendar file
(`invitation.ics`) their calendar can add: an invitation when they are invited, a
cancellation when their invitation is withdrawn.

The e-mail leaves the service, so it says when and where the meeting is, who chairs it and
where to see it once signed in, and nothing else: never the name of anyone referred, a case
reference or anything about a case. The actions send it once their transaction has
committed (`transaction.on_commit`), and only for a meeting that has not begun. A failure to
send to one person is logged and the others are still sent; the change stands either way.

Every calendar file of a meeting carries the same UID, so a calendar updates or removes the
entry it holds rather than adding another, and a SEQUENCE that grows with every change to
who is invited (counted from the meeting's audit events), so the latest file wins. The
meeting's time and place cannot be changed once it is scheduled, so there is no update to
send for them."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from email.message import MIMEPart
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from audit.models import AuditEvent
from cases.models import PanelInvitation, PanelMeeting

logger = logging.getLogger(__name__)

FILENAME = "invitation.ics"
SUMMARY = "Channel panel"
# A meeting is scheduled with a start only; calendars are given this long.
LENGTH = dt.timedelta(hours=2)
# The audit verbs that change who is invited, and so each calendar file's SEQUENCE.
CHANGES = ("cases.meeting.member_invited", "cases.meeting.invitation_withdrawn")


def uid(meeting: PanelMeeting) -> str:
    return f"{meeting.uuid}@preventhub"


def sequence(meeting: PanelMeeting) -> int:
    """How many times who is invited has changed, this change included when called inside
    the action after its audit events: never less than any calendar file sent before."""
    return AuditEvent.objects.filter(
        object_type=PanelMeeting._meta.label_lower, object_id=str(meeting.uuid), verb__in=CHANGES
    ).count()


def has_begun(meeting: PanelMeeting) -> bool:
    return meeting.meets_at <= timezone.now()


def meeting_url(meeting: PanelMeeting) -> str:
    return settings.SITE_URL + reverse("cases:meeting_detail", kwargs={"uuid": meeting.uuid})


def _when(meeting: PanelMeeting) -> str:
    return f"{timezone.localtime(meeting.meets_at):%A %-d %B %Y at %H:%M}"


def calendar(invitation: PanelInvitation, *, method: str, sequence: int) -> bytes:
    """The iCalendar file of `invitation`: `method` REQUEST to invite, CANCEL to withdraw."""
    meeting = invitation.meeting
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["CN"] = vText(name or "Prevent Hub")
    attendee = vCalAddress(f"mailto:{invitation.member.email}")
    attendee.params["CN"] = vText(invitation.member.full_name or invitation.member.email)
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
    # Replies would go to an address nobody reads.
    attendee.params["RSVP"] = vText("FALSE")
    start = meeting.meets_at.astimezone(dt.UTC)
    event = Event()
    event.add("uid", uid(meeting))
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + LENGTH)
    event.add("summary", SUMMARY)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("description", f"Chair: {meeting.chair.full_name}. The meeting: {meeting_url(meeting)}")
    event.add("url", meeting_url(meeting))
    event.add("organizer", organizer)
    event.add("attendee", attendee)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    cal = Calendar()
    cal.add("prodid", "-//Prevent Hub//Channel panels//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add_component(event)
    return cal.to_ical()


def invitation_text(invitation: PanelInvitation) -> str:
    meeting = invitation.meeting
    lines = [
        f"You are invited to a Channel panel meeting of {meeting.partnership.name}.",
        "",
        f"When: {_when(meeting)}",
        f"Where: {meeting.location or 'not set yet'}",
        f"Chair: {meeting.chair.full_name}",
        f"You represent: {invitation.agency}",
        "",
        f"The meeting and its agenda: {meeting_url(meeting)}",
        "",
        "The cases to be discussed are shown there once you sign in; they are never sent by e-mail. "
        f"The attached {FILENAME} adds the meeting to your calendar.",
    ]
    return "\n".join(lines) + "\n"


def cancellation_text(invitation: PanelInvitation) -> str:
    meeting = invitation.meeting
    lines = [
        f"Your invitation to the Channel panel meeting of {meeting.partnership.name} on {_when(meeting)} "
        "has been withdrawn.",
        "",
        f"You no longer see the meeting or its cases. The attached {FILENAME} takes it out of your calendar.",
    ]
    return "\n".join(lines) + "\n"


def _message(invitation: PanelInvitation, *, method: str, sequence: int) -> EmailMessage:
    meeting = invitation.meeting
    if method == "CANCEL":
        subject, body = f"Cancelled: {SUMMARY}, {_when(meeting)}", cancellation_text(invitation)
    else:
        subject, body = f"Invitation: {SUMMARY}, {_when(meeting)}", invitation_text(invitation)
    part = MIMEPart()
    part.set_content(
        calendar(invitation, method=method, sequence=sequence).decode(),
        subtype="calendar",
        params={"method": method},
        disposition="attachment",
        filename=FILENAME,
    )
    message = EmailMessage(subject, body, None, [invitation.member.email])
    message.attach(part)
    return message


def _send(invitations: Sequence[PanelInvitation], *, method: str, sequence: int) -> None:
    for invitation in invitations:
        try:
            _message(invitation, method=method, sequence=sequence).send()
        # The change has committed: a failure to send to one person (a refused address, the
        # relay down, anything else) must neither undo it nor stop the others' e-mail.
        except Exception:
            logger.exception(
                "The %s e-mail for panel invitation %s could not be sent",
                "cancellation" if method == "CANCEL" else "invitation",
                invitation.pk,
            )


def send_invitations(invitations: Sequence[PanelInvitation], *, sequence: int) -> None:
    """E-mail each person newly invited their invitation, unless the meeting has begun."""
    if invitations and not has_begun(invitations[0].meeting):
        _send(invitations, method="REQUEST", sequence=sequence)


def send_cancellation(invitation: PanelInvitation, *, sequence: int) -> None:
    """E-mail a person whose invitation was withdrawn, unless the meeting has begun."""
    if not has_begun(invitation.meeting):
        _send([invitation], method="CANCEL", sequence=sequence)
