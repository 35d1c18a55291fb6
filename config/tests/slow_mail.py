"""An e-mail backend for the fault tests (fault_settings.py): each message takes
PREVENTHUB_TEST_MAIL_DELAY seconds, then its recipients are appended, one line each,
to PREVENTHUB_TEST_MAIL_LOG; a message is sent once its line is written."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        delay = float(os.environ.get("PREVENTHUB_TEST_MAIL_DELAY", "0"))
        log = os.environ["PREVENTHUB_TEST_MAIL_LOG"]
        for message in email_messages:
            time.sleep(delay)
            with open(log, "a") as stream:
                stream.write("".join(f"{to}\n" for to in message.recipients()))
                stream.flush()
                os.fsync(stream.fileno())
        return len(email_messages)
