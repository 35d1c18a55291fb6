"""Background tasks for Channel cases, run by `manage.py db_worker` (`make worker`): the
daily follow-up digest, which also clears expired sessions, and the vacuum queued after
each erasure."""

from __future__ import annotations

import datetime as dt
import logging
from importlib import import_module

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from accounts.models import Partnership, User
from audit.log import record
from cases import access, vacuum
from cases.follow_up import (
    OverdueIntervention,
    OverdueReview,
    intervention_rows,
    overdue_interventions,
    overdue_reviews,
    partnerships_with_overdue,
    review_rows,
)

logger = logging.getLogger(__name__)


def _link(name: str, **kwargs: object) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def digest_text(
    partnership: Partnership,
    on: dt.date,
    reviews: list[OverdueReview],
    interventions: list[OverdueIntervention],
) -> str:
    """The digest's body. It names cases by reference only: e-mail leaves the service, so
    no name, date of birth or note about anyone goes in it."""
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
    lines += [
        "",
        f"Everything that needs follow-up: {_link('cases:follow_up')}",
        "",
        "You get this e-mail each day something is overdue because you are a Prevent coordinator or "
        f"Channel panel chair in {partnership.name}. Cases are named by reference only: sign in to see "
        "who they are about.",
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


@task
def send_follow_up_digest() -> dict[str, int]:
    """The daily run. First clear expired sessions (once, not per partnership). Then
    e-mail each coordinator and panel chair of every partnership with something overdue
    a digest of it. Each e-mail sent is recorded in the audit log. A failure to send to
    one person does not stop the others; the task then fails, so the worker's results
    show it."""
    clear_expired_sessions()
    today = timezone.localdate()
    sent = failed = 0
    for partnership in partnerships_with_overdue(today):
        reviews = review_rows(list(overdue_reviews(partnership, today)), today)
        interventions = intervention_rows(list(overdue_interventions(partnership, today)), today)
        subject = (
            f"Prevent Hub: {_plural(len(reviews), 'review')} and "
            f"{_plural(len(interventions), 'intervention')} need follow-up"
        )
        body = digest_text(partnership, today, reviews, interventions)
        for recipient in _recipients(partnership):
            try:
                send_mail(subject, body, None, [recipient.email])
            except OSError:  # smtplib's errors included
                logger.exception("The follow-up digest could not be sent to user %s", recipient.pk)
                failed += 1
                continue
            with transaction.atomic():
                record(
                    verb="cases.digest.sent",
                    actor=None,
                    partnership=partnership,
                    target=recipient,
                    label="Follow-up digest",
                    changes={
                        "overdue_reviews": {"from": None, "to": len(reviews)},
                        "overdue_interventions": {"from": None, "to": len(interventions)},
                    },
                )
            sent += 1
    if failed:
        raise RuntimeError(f"{_plural(failed, 'follow-up digest')} could not be sent; {sent} were sent.")
    return {"sent": sent}


@task
def vacuum_erased_tables() -> dict[str, int]:
    """VACUUM (ANALYZE) the tables that held an erased case (cases/vacuum.py); nothing on
    SQLite. Queued by cases.actions.erase_case once the erasure has committed."""
    return {"tables": len(vacuum.vacuum_after_erasure())}
