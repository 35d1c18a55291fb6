"""The one way a page hands a form to an action function. GET shows the form; POST
validates it and calls the action; the action's refusal (lib.errors.Refused) shows as
an error on the form, against the field it names; success redirects with a message.
A button that posts no fields (withdraw, close, accept) goes through `button`, whose
refusal shows as an error message on the page it returns to. A form sent twice (a
double click, a second tab) is saved once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from govuk.models import Submission
from lib.errors import Refused


@dataclass(frozen=True)
class Done:
    """Where a saved form goes next, and what the next page says about it."""

    to: str
    message: str = ""


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data when posted, even if empty: an empty submission is still a
    submission, and must show what is missing rather than a blank form."""
    return request.POST if request.method == "POST" else None


def show_refusal(form: forms.Form, refused: Refused) -> None:
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], Done],
    template: str = "",
    context: dict[str, Any] | None = None,
    page: Callable[[forms.Form], HttpResponse] | None = None,
    shown: Callable[[], object] | None = None,
    shown_on: str | None = None,
) -> HttpResponse:
    """`save` takes the cleaned data, calls the action and says where to go next.
    The form is shown by `template` with `context`, or by `page` when it sits on a page
    built elsewhere (the meeting page's invitation form); `shown_on` is that page's
    address, where a GET is sent. `shown` runs each time the form is shown, such as
    auditing the view of the case it is about."""
    if request.method != "POST" and shown_on is not None:
        return redirect(shown_on)
    if request.method == "POST" and form.is_valid():
        try:
            done = _save_once(request, form.cleaned_data, save)
        except Refused as refused:
            show_refusal(form, refused)
        else:
            if done.message:
                messages.success(request, done.message)
            return redirect(done.to)
    if shown is not None:
        shown()
    if page is not None:
        return page(form)
    return render(request, template, {"form": form, **(context or {})})


SUBMISSION = "submission"
# Long enough for a person to send a form twice by mistake; claims older than this go.
SUBMISSIONS_KEPT = dt.timedelta(days=1)
ALREADY_SENT = "This form was already sent, and was saved once."


def _save_once(request: HttpRequest, data: dict[str, Any], save: Callable[[dict[str, Any]], Done]) -> Done:
    """Call `save`, unless the form's submission token (`{% submission_field %}`) was used
    before: then go where its first submission went. The token is claimed in the same
    transaction as the change, so of several identical submissions at once, one saves and
    the others wait for it and find it claimed; a refused one leaves it unclaimed."""
    token = request.POST.get(SUBMISSION, "")
    if not token or len(token) > 64:
        return save(data)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Submission.objects.create(token=token)
        except IntegrityError:
            earlier = Submission.objects.filter(token=token).values_list("to", flat=True).first()
            return Done(earlier or request.get_full_path(), ALREADY_SENT)
        done = save(data)
        Submission.objects.filter(token=token).update(to=done.to)
        Submission.objects.filter(created_at__lt=timezone.now() - SUBMISSIONS_KEPT).delete()
    return done


def button(request: HttpRequest, *, press: Callable[[], Done], back: str) -> HttpResponse:
    """A button posting no fields. A GET, or a refusal, goes `back`, to the page that
    shows the button, which then says why nothing changed."""
    if request.method != "POST":
        return redirect(back)
    try:
        done = press()
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect(back)
    if done.message:
        messages.success(request, done.message)
    return redirect(done.to)
