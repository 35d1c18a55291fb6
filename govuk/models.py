from __future__ import annotations

from django.db import models


class Submission(models.Model):
    """A form, sent once. Each form page carries a random token; the first submission to
    use it claims it in the same transaction as the change it makes, so a double click or
    three tabs sending the same form save once (govuk.pages.form_page)."""

    token = models.CharField(max_length=64, unique=True)
    to = models.CharField(max_length=2000, blank=True)  # where the first submission led
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.token
