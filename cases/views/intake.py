"""Making a referral: a GOV.UK question-page form kept as a draft between its pages, a
check-your-answers page and a confirmation with the reference. Referrers then see their
referrals' receipts, never their outcomes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts.access import Viewer, partnership_view
from accounts.models import Membership
from cases import access, actions, drafts
from cases.forms.case import SpecialCategoryForm
from cases.forms.common import listed
from cases.forms.intake import AdditionForm, ConcernStep, PersonStep, ReferrerStep
from cases.models import ConcernType, Gender, PersonAware, Referral, ReferralSector, ReferralState, Urgency
from govuk.pages import Done, form_page, posted
from govuk.paging import keyset_page

STEPS: dict[str, type[forms.Form]] = {
    "person": PersonStep,
    "concern": ConcernStep,
    "you": ReferrerStep,
    "equality": SpecialCategoryForm,
}
NEEDS_PARTNERSHIP = {"concern", "you"}
PAGE_SIZE = 50


def _form(step: str, viewer: Viewer, data: Any = None, initial: Any = None) -> forms.Form:
    form_class = STEPS[step]
    kwargs: dict[str, Any] = {"initial": initial}
    if step in NEEDS_PARTNERSHIP:
        kwargs["partnership"] = viewer.partnership
    return form_class(data, **kwargs)


def _stored(cleaned: dict[str, Any]) -> dict[str, Any]:
    """Form answers as the session draft keeps them: lists by code, dates as ISO text."""
    stored = {}
    for name, value in cleaned.items():
        if isinstance(value, Model):
            value = value.code  # type: ignore[attr-defined]
        elif isinstance(value, dt.date):
            value = value.isoformat()
        stored[name] = value
    return stored


def _initial(step: str, answers: dict[str, Any]) -> dict[str, Any]:
    initial = dict(answers)
    if step == "person" and initial.get("date_of_birth"):
        initial["date_of_birth"] = dt.date.fromisoformat(initial["date_of_birth"])
    return initial


def _referrer_defaults(viewer: Viewer) -> dict[str, Any]:
    agency = (
        Membership.objects.filter(user=viewer.user, partnership=viewer.partnership)
        .exclude(agency="")
        .values_list("agency", flat=True)
        .first()
    )
    # The sector of their most recent referral, for the next.
    sector = (
        access.own_submissions(viewer)
        .order_by("-received_at", "-id")
        .values_list("sector__code", flat=True)
        .first()
    )
    return {
        "sector": sector or "",
        "referrer_name": viewer.user.full_name,
        "referrer_role": viewer.user.job_title,
        "referrer_organisation": agency or "",
        "referrer_email": viewer.user.email,
    }


def _answers(viewer: Viewer, draft: dict[str, Any]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Check-your-answers rows: (step, heading, [(question, answer)])."""
    partnership = viewer.partnership
    labels = {
        "concern_type": {c.code: c.label for c in listed(ConcernType, partnership)},
        "sector": {s.code: s.label for s in listed(ReferralSector, partnership)},
        "gender": dict(Gender.choices),
        "urgency": dict(Urgency.choices),
        "person_aware": dict(PersonAware.choices),
    }
    sections = []
    for name, form_class in STEPS.items():
        form = _form(name, viewer)
        answers = draft.get(name, {})
        if name == "equality":
            special = SpecialCategoryForm(dict(answers))
            special.is_valid()
            sections.append((name, str(special.title), special.summary()))
            continue
        rows = []
        for field_name, field in form.fields.items():
            value = answers.get(field_name, "")
            if field_name.endswith("_status") and value:
                value = dict(field.choices).get(value, value)  # type: ignore[attr-defined]
            elif field_name in labels:
                value = labels[field_name].get(value, value)
            elif (
                isinstance(value, str)
                and len(value) == 10
                and value[4:5] == "-"
                and field_name.endswith("birth")
            ):
                value = dt.date.fromisoformat(value).strftime("%-d %B %Y")
            rows.append((str(field.label), str(value) if value else "Not given"))
        sections.append((name, str(getattr(form_class, "title", name)), rows))
    return sections


def _details(viewer: Viewer, draft: dict[str, Any]) -> actions.ReferralDetails:
    partnership = viewer.partnership
    person, concern, you, equality = (draft[name] for name in STEPS)
    special = SpecialCategoryForm({k: v for k, v in equality.items()})
    special.is_valid()
    return actions.ReferralDetails(
        given_names=person["given_names"],
        family_name=person["family_name"],
        other_names=person.get("other_names", ""),
        date_of_birth=dt.date.fromisoformat(person["date_of_birth"]) if person.get("date_of_birth") else None,
        gender=person["gender"],
        address=person.get("address", ""),
        postcode=person.get("postcode", ""),
        school_or_employer=person.get("school_or_employer", ""),
        concern_type=get_object_or_404(listed(ConcernType, partnership), code=concern["concern_type"]),
        narrative=concern["narrative"],
        vulnerabilities=concern.get("vulnerabilities", ""),
        urgency=concern["urgency"],
        person_aware=concern["person_aware"],
        referrer_name=you["referrer_name"],
        referrer_role=you.get("referrer_role", ""),
        referrer_organisation=you["referrer_organisation"],
        sector=get_object_or_404(listed(ReferralSector, partnership), code=you["sector"]),
        referrer_email=you.get("referrer_email", ""),
        referrer_phone=you.get("referrer_phone", ""),
        special_categories=special.values(),
    )


@partnership_view(*access.SUBMITTERS)
def start(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    return render(request, "cases/refer_start.html", {"has_draft": bool(drafts.load(request))})


@partnership_view(*access.SUBMITTERS)
def step(request: HttpRequest, viewer: Viewer, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    draft = drafts.load(request)
    initial = _initial(step, draft.get(step) or (_referrer_defaults(viewer) if step == "you" else {}))
    steps = list(STEPS)

    def save(data: dict[str, Any]) -> Done:
        draft[step] = _stored(data)
        drafts.save(request, draft)
        following = steps[steps.index(step) + 1] if step != steps[-1] else None
        if following and "change" not in request.GET and following not in draft:
            return Done(reverse("cases:refer_step", args=[following]))
        return Done(reverse("cases:refer_check"))

    back = (
        reverse("cases:refer_step", args=[steps[steps.index(step) - 1]])
        if step != steps[0]
        else reverse("cases:refer_start")
    )
    return form_page(
        request,
        _form(step, viewer, posted(request), initial),
        save=save,
        template="cases/refer_step.html",
        context={"step": step, "back": back, "number": steps.index(step) + 1, "of": len(steps)},
    )


@partnership_view(*access.SUBMITTERS)
def check(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Sending is a form without fields: a refusal shows in its error summary."""
    draft = drafts.load(request)
    missing = [name for name in STEPS if name not in draft]
    if missing:
        return redirect("cases:refer_step", step=missing[0])

    def save(data: dict[str, Any]) -> Done:
        referral = actions.submit_referral(viewer=viewer, details=_details(viewer, draft))
        drafts.clear(request)
        return Done(reverse("cases:refer_done", kwargs={"uuid": referral.uuid}))

    return form_page(
        request,
        forms.Form(posted(request)),
        save=save,
        template="cases/refer_check.html",
        context={"sections": _answers(viewer, draft)},
    )


@partnership_view(*access.SUBMITTERS)
def done(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = get_object_or_404(access.own_submissions(viewer), uuid=uuid)
    actions.record_list_view(viewer=viewer, what=f"referral receipt {referral.reference}")
    return render(request, "cases/refer_done.html", {"referral": referral})


@partnership_view(*access.SUBMITTERS)
def my_referrals(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    referrals = (
        access.own_submissions(viewer)
        .select_related("data_key")
        .only(
            "uuid",
            "reference",
            "received_at",
            "data_key",
            "subject_given_names_sealed",
            "subject_family_name_sealed",
        )
    )
    page = keyset_page(request, referrals, keys=("-received_at", "-id"), size=PAGE_SIZE, noun="referrals")
    actions.record_list_view(viewer=viewer, what="your referrals")
    return render(request, "cases/my_referrals.html", {"page": page})


def _own(viewer: Viewer, uuid: UUID) -> Referral:
    """One of the viewer's own referrals; 404 for anyone else's, whatever their role."""
    return get_object_or_404(
        access.own_submissions(viewer).select_related("data_key", "concern_type", "sector"), uuid=uuid
    )


@partnership_view(*access.SUBMITTERS)
def referral_copy(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    """A copy of what the referrer sent: never its state, its outcome or anything recorded
    after, but what they added themselves, and while it waits at the gateway, a link to add
    more."""
    referral = _own(viewer, uuid)
    actions.record_view(viewer=viewer, referral=referral, what="referrer's copy")
    return render(
        request,
        "cases/referral_copy.html",
        {
            "referral": referral,
            "additions": referral.additions.filter(added_by=viewer.user),
            "may_add": referral.state == ReferralState.RECEIVED,
        },
    )


@partnership_view(*access.SUBMITTERS)
def referral_add_information(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    referral = _own(viewer, uuid)
    back = reverse("cases:referral_copy", kwargs={"uuid": referral.uuid})
    if referral.state != ReferralState.RECEIVED and request.method != "POST":
        return redirect(back)  # not offered; a form sent anyway meets the action's refusal

    def save(data: dict[str, Any]) -> Done:
        actions.add_referral_information(viewer=viewer, referral=referral, text=data["text"])
        return Done(back, "Information added to your referral")

    return form_page(
        request,
        AdditionForm(posted(request)),
        save=save,
        template="cases/referral_add_information.html",
        context={"referral": referral, "back": back},
    )
