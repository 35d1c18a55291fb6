"""Background tasks for Channel cases, run by `manage.py db_worker` (`make worker`): the
daily follow-up digest (to coordinators and chairs, and to owners of overdue panel
actions), which also clears expired sessions, and the vacuum queued after each erasure."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from importlib import import_module

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from accounts.digests import send_once
from accounts.models import Partnership, User
from audit.log import record
from cases import access, vacuum
from cases.follow_up import (
    OverdueAction,
    OverdueIntervention,
    OverdueRequest,
    OverdueReview,
    Reconsideration,
    action_rows,
    intervention_rows,
    overdue_actions,
    overdue_interventions,
    overdue_requests,
    overdue_reviews,
    partnerships_with_overdue,
    reconsideration_rows,
    reconsiderations,
    request_rows,
    review_rows,
)
from cases.models import DigestDelivery

logger = logging.getLogger(__name__)


def _link(name: str, **kwargs: object) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _plural(count: int, noun: str, nouns: str = "") -> str:
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _action_lines(rows: list[OverdueAction]) -> list[str]:
    """A panel action by its case's reference, due date and the page that closes it. Not
    its description: that is sealed text about the person (who to tell, what to check),
    and e-mail leaves the service; the page shows it to whoever signs in and may read it."""
    lines = []
    for row in rows:
        action = row.action
        lines.append(
            f"- {action.agenda_item.referral.reference}: due {action.due_on:%-d %B %Y} "
            f"({_plural(row.days_overdue, 'day')} overdue)"
        )
        lines.append(f"  {_link('cases:panel_action_close', uuid=action.uuid)}")
    return lines


def digest_text(
    partnership: Partnership,
    on: dt.date,
    reviews: list[OverdueReview],
    interventions: list[OverdueIntervention],
    requests: list[OverdueRequest] | None = None,
    actions: list[OverdueAction] | None = None,
    own_actions: list[OverdueAction] | None = None,
    reconsider: list[Reconsideration] | None = None,
) -> str:
    """The digest's body for a coordinator or chair: overdue reviews, interventions and
    requests for information case by case, the cases whose consent was not given that are
    due to be reconsidered, the number of the partnership's panel actions
    overdue, and the reader's own overdue actions. It names cases by reference only: e-mail
    leaves the service, so no name, date of birth or note about anyone goes in it, nor an
    action's description."""
    requests, actions, own_actions = requests or [], actions or [], own_actions or []
    reconsider = reconsider or []
    lines = [f"Follow-up needed in {partnership.name} on {on:%-d %B %Y}.", ""]
    lines.append(f"{_plural(len(reviews), 'review')} overdue")
    for row in reviews:
        review = row.review
        lines.append(
            f"- {review.referral.reference}: {review.get_kind_display()}, due {review.due_on:%-d %B %Y} "
            f"({_plural(row.days_overdue, 'day')} overdue)"
        )
        lines.append(f"  {_link('cases:case_panel', uuid=review.referral.uuid)}")
    lines.append("")
    count = _plural(len(interventions), "intervention")
    lines.append(f"{count} with no attended session within the expected frequency")
    for item in interventions:
        intervention = item.intervention
        last = f"{intervention.last_session_on:%-d %B %Y}" if intervention.last_session_on else "none yet"
        lines.append(
            f"- {intervention.referral.reference}: {intervention.intervention_type.label}, "
            f"session due {intervention.session_due_on:%-d %B %Y} ({_plural(item.days_overdue, 'day')} "
            f"overdue); last attended: {last}"
        )
        lines.append(f"  {_link('cases:intervention_detail', uuid=intervention.uuid)}")
    lines.append("")
    lines.append(
        f"{_plural(len(requests), 'request for information', 'requests for information')} "
        "past the due date for an answer"
    )
    for asked in requests:
        request = asked.request
        lines.append(
            f"- {request.referral.reference}: asked of {request.partner}, answer due "
            f"{request.due_on:%-d %B %Y} ({_plural(asked.days_overdue, 'day')} overdue)"
        )
        lines.append(f"  {_link('cases:case_assessment', uuid=request.referral.uuid)}")
    lines.append("")
    lines.append(f"{_plural(len(reconsider), 'case')} with consent not given due to be reconsidered")
    for due in reconsider:
        lines.append(f"- {due.review.referral.reference}: reconsider on {due.review.due_on:%-d %B %Y}")
        lines.append(f"  {_link('cases:case_panel', uuid=due.review.referral.uuid)}")
    lines.append("")
    lines.append(f"{_plural(len(actions), 'panel action')} overdue in {partnership.name}")
    if actions:
        lines.append(f"  Every open action due: {_link('cases:panel_action_list')}?due=yes")
    if own_actions:
        lines.append("")
        lines.append(f"Of them, {_plural(len(own_actions), 'action')} you own:")
        lines += _action_lines(own_actions)
    lines += [
        "",
        f"Everything that needs follow-up: {_link('cases:follow_up')}",
        "",
        "You get this e-mail each day something is overdue because you are a Prevent coordinator or "
        f"Channel panel chair in {partnership.name}. Cases are named by reference only: sign in to see "
        "who they are about.",
    ]
    return "\n".join(lines) + "\n"


def owner_digest_text(partnership: Partnership, on: dt.date, own_actions: list[OverdueAction]) -> str:
    """The digest's body for an action's owner outside the follow-up roles: their own
    overdue actions, by case reference, due date and link only."""
    lines = [
        f"Actions agreed at a Channel panel in {partnership.name} that you own are overdue "
        f"on {on:%-d %B %Y}.",
        "",
        *_action_lines(own_actions),
        "",
        "Sign in and open each to read what the panel agreed and, once it is done, close it with a "
        "note of what was done.",
        "",
        "You get this e-mail each day an action agreed at a Channel panel that you own is past its due "
        f"date in {partnership.name}. Actions are named by case reference only.",
    ]
    return "\n".join(lines) + "\n"


def _recipients(partnership: Partnership) -> list[User]:
    return list(
        User.objects.filter(
            memberships__partnership=partnership, memberships__role__in=access.FOLLOW_UP, is_active=True
        )
        .distinct()
        .order_by("email")
    )


def clear_expired_sessions() -> None:
    """Delete the sessions past their expiry, as `manage.py clearsessions` does: Django
    never deletes them itself, and they hold referral drafts and sign-in state."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def _digests(partnership: Partnership, today: dt.date) -> list[tuple[User, str, str, dict[str, int]]]:
    """Each e-mail of the partnership's digest: (recipient, subject, body, what it counts).
    Coordinators and chairs get everything overdue, with the number of panel actions
    overdue and their own; every other owner of an overdue action (still a member of the
    partnership) gets their own actions only."""
    reviews = review_rows(list(overdue_reviews(partnership, today)), today)
    interventions = intervention_rows(list(overdue_interventions(partnership, today)), today)
    requests = request_rows(list(overdue_requests(partnership, today)), today)
    actions = action_rows(list(overdue_actions(partnership, today)), today)
    reconsider = reconsideration_rows(list(reconsiderations(partnership, today)), today)
    by_owner: dict[int, list[OverdueAction]] = {}
    for row in actions:
        by_owner.setdefault(row.action.owner_id, []).append(row)
    parts = [
        _plural(len(reviews), "review") if reviews else "",
        _plural(len(interventions), "intervention") if interventions else "",
        _plural(len(requests), "request for information", "requests for information") if requests else "",
        _plural(len(actions), "panel action") if actions else "",
        _plural(len(reconsider), "reconsideration") if reconsider else "",
    ]
    subject = f"Prevent Hub: {_listed([part for part in parts if part])} need follow-up"
    digests = []
    followers = _recipients(partnership)
    for recipient in followers:
        own = by_owner.get(recipient.pk, [])
        body = digest_text(partnership, today, reviews, interventions, requests, actions, own, reconsider)
        counts = {
            "overdue_reviews": len(reviews),
            "overdue_interventions": len(interventions),
            "overdue_requests": len(requests),
            "overdue_panel_actions": len(actions),
            "reconsiderations_due": len(reconsider),
        }
        digests.append((recipient, subject, body, counts))
    owners = (
        User.objects.filter(
            pk__in=set(by_owner) - {user.pk for user in followers},
            memberships__partnership=partnership,
            is_active=True,
        )
        .distinct()
        .order_by("email")
    )
    for owner in owners:
        own = by_owner[owner.pk]
        verb = "is" if len(own) == 1 else "are"
        subject = f"Prevent Hub: {_plural(len(own), 'panel action')} you own {verb} overdue"
        digests.append(
            (owner, subject, owner_digest_text(partnership, today, own), {"overdue_panel_actions": len(own)})
        )
    return digests


@task
def send_follow_up_digest() -> dict[str, int]:
    """The daily run. First clear expired sessions (once, not per partnership). Then
    e-mail each coordinator and panel chair of every partnership with something overdue
    a digest of it, and each owner of an overdue panel action their own (_digests). Each
    e-mail sent is recorded in the audit log. A failure to send to one person does not
    stop the others; the task then fails, so the worker's results show it.

    Each e-mail is sent once a day, however often the task runs (accounts.digests.send_once,
    claiming its DigestDelivery row)."""
    clear_expired_sessions()
    today = timezone.localdate()
    sent = failed = already = 0
    for partnership in partnerships_with_overdue(today):
        for recipient, subject, body, counts in _digests(partnership, today):
            try:
                if not send_once(
                    DigestDelivery,
                    recipient=recipient,
                    partnership=partnership,
                    day=today,
                    subject=subject,
                    body=body,
                    record_sent=partial(
                        record,
                        verb="cases.digest.sent",
                        actor=None,
                        partnership=partnership,
                        target=recipient,
                        label="Follow-up digest",
                        changes={name: {"from": None, "to": count} for name, count in counts.items()},
                    ),
                ):
                    already += 1
                    continue
            except OSError:  # smtplib's errors included
                logger.exception("The follow-up digest could not be sent to user %s", recipient.pk)
                failed += 1
                continue
            sent += 1
    if failed:
        raise RuntimeError(f"{_plural(failed, 'follow-up digest')} could not be sent; {sent} were sent.")
    return {"sent": sent, "already_sent": already} if already else {"sent": sent}


@task
def vacuum_erased_tables() -> dict[str, int]:
    """VACUUM (ANALYZE) the tables that held an erased case (cases/vacuum.py); nothing on
    SQLite. Queued by cases.actions.erase_case once the erasure has committed."""
    return {"tables": len(vacuum.vacuum_after_erasure())}
