"""Sending a daily digest e-mail once: the claim, the sending and its audit event in one
transaction. Each digest keeps its claims in a model of its own app, unique on
(recipient, partnership, day): cases.DigestDelivery for the follow-up digest,
training.DigestDelivery for the training digest.

A run killed before the commit leaves no claim, so the next run sends that e-mail; a
claim that committed means it was sent, so no run sends it again. A second run on the
same day (queued again after a worker was killed, or from an hourly timer) therefore
sends only what the first did not. The one window left is a kill after the mail server
took the e-mail and before the commit: that e-mail is sent again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction


class Delivery(models.Model):
    """One digest e-mail sent: to whom, for which partnership, on which day. A digest's
    own model adds its unique constraint on the three (accounts.digests.send_once relies on it)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey("accounts.Partnership", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


def send_once(
    claims: type[Delivery],
    *,
    recipient: Any,
    partnership: Any,
    day: dt.date,
    subject: str,
    body: str,
    record_sent: Callable[[], object],
) -> bool:
    """Send the digest e-mail and record it (`record_sent`, the audit event), unless the
    recipient's digest of the partnership was sent already that day: then False, and
    nothing is sent. A failure to send (OSError, smtplib's errors included) leaves no
    claim and is raised."""
    with transaction.atomic():
        _, claimed = claims._default_manager.get_or_create(
            recipient=recipient, partnership=partnership, day=day
        )
        if not claimed:
            return False
        send_mail(subject, body, None, [recipient.email])
        record_sent()
    return True
