"""The one way a page hands a form to an action function. GET shows the form; POST
validates it and calls the action; the action's refusal (lib.errors.Refused) shows as
an error on the form, against the field it names; success redirects with a message.
A button that posts no fields (withdraw, close, accept) goes through `button`, whose
refusal shows as an error message on the page it returns to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

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
            done = save(form.cleaned_data)
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
