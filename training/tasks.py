"""Background tasks for training, run by `manage.py db_worker` (`make worker`): the daily
digest of training requirements due soon and overdue, to each partnership's Prevent
coordinators (the partnership's counts) and to each partner lead (their own
organisations' counts only). Counts and links only: no one's name is ever e-mailed."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from accounts.digests import send_once
from accounts.models import Partnership, Role, User
from audit.log import record
from partners.models import PartnerLead
from training import compliance
from training.models import ComplianceEntry, DigestDelivery, RequirementRule

logger = logging.getLogger(__name__)


def _plural(count: int, noun: str, nouns: str = "") -> str:
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def _lines(rules: dict[int, RequirementRule], figures: dict[int, compliance.Figures]) -> list[str]:
    lines = []
    for rule_id, counts in sorted(figures.items(), key=lambda item: rules[item[0]].name.lower()):
        if not (counts.due_soon or counts.overdue):
            continue
        rule = rules[rule_id]
        lines += [
            f"{rule.name}: {_plural(counts.overdue, 'person', 'people')} overdue, "
            f"{counts.due_soon} due within {compliance.DUE_SOON_DAYS} days "
            f"({compliance.percent_text(counts.percent)} trained against a target of {rule.target_percent}%)",
            f"  {settings.SITE_URL}{reverse('training:rule_detail', kwargs={'uuid': rule.uuid})}",
        ]
    return lines


def digest_text(partnership: Partnership, today: dt.date, lines: list[str], whose: str) -> str:
    return (
        "\n".join(
            [
                f"Training requirements in {partnership.name} on {today:%-d %B %Y}, {whose}:",
                "",
                *lines,
                "",
                "Sign in and open each requirement to see the organisations and, where you may, the people.",
                "",
                "You get this e-mail each day a training requirement has people overdue or due soon. "
                "It gives counts only, never names.",
            ]
        )
        + "\n"
    )


def _digests(partnership: Partnership, today: dt.date) -> list[tuple[User, str, str, dict[str, int]]]:
    rules = {rule.pk: rule for rule in RequirementRule.objects.filter(partnership=partnership, active=True)}
    digests = []
    whole = compliance.due_counts(partnership.pk, on=today)
    lines = _lines(rules, whole)
    if lines:
        counts = {
            "overdue": sum(f.overdue for f in whole.values()),
            "due_soon": sum(f.due_soon for f in whole.values()),
        }
        subject = (
            f"Prevent Hub: training {_plural(counts['overdue'], 'person', 'people')} overdue, "
            f"{counts['due_soon']} due soon"
        )
        body = digest_text(partnership, today, lines, "across the partnership")
        coordinators = User.objects.filter(
            memberships__partnership=partnership, memberships__role=Role.COORDINATOR, is_active=True
        ).distinct()
        for user in coordinators.order_by("email"):
            digests.append((user, subject, body, counts))
    led: dict[int, list[int]] = {}
    for user_id, organisation_id in PartnerLead.objects.filter(
        organisation__partnership=partnership,
        user__is_active=True,
        user__memberships__partnership=partnership,
        user__memberships__role=Role.PARTNER_LEAD,
    ).values_list("user_id", "organisation_id"):
        led.setdefault(user_id, []).append(organisation_id)
    users = {user.pk: user for user in User.objects.filter(pk__in=list(led))}
    for user_id, organisation_ids in sorted(led.items(), key=lambda item: users[item[0]].email):
        figures = compliance.due_counts(partnership.pk, on=today, organisation_ids=organisation_ids)
        lines = _lines(rules, figures)
        if not lines:
            continue
        counts = {
            "overdue": sum(f.overdue for f in figures.values()),
            "due_soon": sum(f.due_soon for f in figures.values()),
        }
        subject = (
            f"Prevent Hub: training at your organisation{'s' if len(organisation_ids) > 1 else ''}: "
            f"{_plural(counts['overdue'], 'person', 'people')} overdue, {counts['due_soon']} due soon"
        )
        body = digest_text(partnership, today, lines, "for the organisations you lead")
        digests.append((users[user_id], subject, body, counts))
    return digests


@task
def send_training_digest() -> dict[str, int]:
    """The daily run: each partnership with people overdue or due soon under an active
    requirement gets its digests (_digests). Each e-mail sent is recorded in the audit
    log. A failure to send to one person does not stop the others; the task then fails,
    so the worker's results show it. Each e-mail is sent once a day, however often the
    task runs (accounts.digests.send_once, claiming its DigestDelivery row)."""
    today = timezone.localdate()
    sent = failed = already = 0
    soon = today + dt.timedelta(days=compliance.DUE_SOON_DAYS)
    partnership_ids = (
        ComplianceEntry.objects.filter(Q(due_on__lte=soon) | Q(expires_on__lte=soon), rule__active=True)
        .filter(compliance.current(today))
        .values("partnership_id")
        .distinct()
    )
    for partnership in Partnership.objects.filter(pk__in=partnership_ids).order_by("pk"):
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
                        verb="training.digest.sent",
                        actor=None,
                        partnership=partnership,
                        target=recipient,
                        label="Training digest",
                        changes={name: {"from": None, "to": count} for name, count in counts.items()},
                    ),
                ):
                    already += 1
                    continue
            except OSError:  # smtplib's errors included
                logger.exception("The training digest could not be sent to user %s", recipient.pk)
                failed += 1
                continue
            sent += 1
    if failed:
        raise RuntimeError(f"{_plural(failed, 'training digest')} could not be sent; {sent} were sent.")
    return {"sent": sent, "already_sent": already} if already else {"sent": sent}
