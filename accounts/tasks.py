"""Background work for accounts, run by `manage.py db_worker`: sending the link to reset
a forgotten password, queued by accounts.actions.request_password_reset."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from accounts import mail
from accounts.models import User
from audit.log import record
from audit.models import AuditEvent

# At most one reset e-mail to an address in this time, however often it is asked for:
# the form cannot be used to flood someone's inbox.
RESET_EMAIL_EVERY = dt.timedelta(minutes=5)
SENT = "accounts.password.reset_sent"


@task
def send_password_reset(email: str) -> dict[str, int]:
    """E-mail a set-password link to the active account using `email`, if there is one.
    Nothing for an unknown address, a deactivated account or a demo account (whose
    password is the published demo password)."""
    user = User.objects.filter(email=email, is_active=True, is_demo_account=False).first()
    if user is None:
        return {"sent": 0}
    recently = AuditEvent.objects.filter(
        verb=SENT, object_id=str(user.uuid), occurred_at__gte=timezone.now() - RESET_EMAIL_EVERY
    )
    if recently.exists() or not mail.send_password_reset(user):
        return {"sent": 0}
    with transaction.atomic():
        record(verb=SENT, actor=None, partnership=None, target=user, label=user.email)
    return {"sent": 1}
