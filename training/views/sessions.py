from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from govuk.pages import Done, button, form_page, posted
from govuk.paging import keyset_page
from training import access, confidence, schedule
from training.access import TRAINING_EDITORS, TRAINING_READERS
from training.actions import sessions as actions
from training.forms.sessions import (
    AttendanceForm,
    BookForm,
    ConfidenceForm,
    HeadcountForm,
    NewPersonForm,
    SearchForm,
    SessionForm,
)
from training.models import (
    ConfidenceQuestion,
    ConfidenceTally,
    Moment,
    PlaceStatus,
    Session,
    SessionPlace,
    SessionStatus,
)

PAGE_SIZE = 50
SEARCH_RESULTS = 50
# Who records attendance: the coordinator, and a partner lead at the sessions their
# organisation hosts (training.access.can_record_attendance, checked per session).
RECORDERS = (Role.COORDINATOR, Role.PARTNER_LEAD)


class SessionFilter(forms.Form):
    is_filter = True
    when = forms.ChoiceField(
        label="Sessions",
        required=False,
        choices=[
            ("", "All sessions"),
            ("soon", f"Planned, in the next {schedule.UPCOMING_DAYS} days"),
            ("upcoming", "Planned, still to come"),
            ("past", "Past sessions"),
        ],
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *SessionStatus.choices]
    )


@partnership_view(*TRAINING_READERS)
def session_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    filters = SessionFilter(request.GET)
    listed = access.sessions(viewer)
    filtered = False
    if filters.is_valid():
        now = timezone.now()
        if filters.cleaned_data["when"] == "soon":
            listed, filtered = schedule.upcoming(listed), True
        elif filters.cleaned_data["when"] == "upcoming":
            listed, filtered = listed.filter(status=SessionStatus.PLANNED, starts_at__gte=now), True
        elif filters.cleaned_data["when"] == "past":
            listed, filtered = listed.filter(starts_at__lt=now), True
        if filters.cleaned_data["status"]:
            listed, filtered = listed.filter(status=filters.cleaned_data["status"]), True
    total = listed.count()
    page = keyset_page(
        request,
        schedule.with_counts(listed.select_related("course", "host")),
        keys=("-starts_at", "-id"),
        size=PAGE_SIZE,
        noun="sessions",
    )
    return render(
        request,
        "training/session_list.html",
        {
            "filter_form": filters,
            "filtered": filtered,
            "total": total,
            "page": page,
            "can_edit": access.can_edit(viewer),
        },
    )


def _warning_suffix(session: Session) -> str:
    warning = schedule.session_warning(session)
    return f". Check the trainer: {warning}" if warning else ""


@partnership_view(*TRAINING_EDITORS)
def session_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = SessionForm(posted(request), viewer=viewer, initial=_initial_course(request, viewer))

    def save(data: dict[str, Any]) -> Done:
        session = actions.schedule_session(viewer=viewer, **form.values())
        return Done(session.get_absolute_url(), f"Session scheduled{_warning_suffix(session)}")

    return form_page(
        request, form, save=save, template="training/session_form.html", context={"session": None}
    )


def _initial_course(request: HttpRequest, viewer: Viewer) -> dict[str, Any]:
    """The course chosen on its page ("Schedule a session of this course")."""
    wanted = request.GET.get("course", "")
    try:
        course = access.courses(viewer).filter(active=True, uuid=UUID(wanted)).first() if wanted else None
    except ValueError:
        course = None
    return {"course": course.uuid} if course else {}


@partnership_view(*TRAINING_EDITORS)
def session_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    session = access.get_session(viewer, uuid)
    if session.status == SessionStatus.CANCELLED:
        raise Http404
    local = timezone.localtime(session.starts_at)
    initial = {name: getattr(session, name) for name in actions.SESSION_FIELDS}
    initial |= {
        "course": session.course.uuid,
        "host": session.host.uuid if session.host else None,
        "starts_on": local.date(),
        "time": f"{local:%H:%M}",
    }
    form = SessionForm(posted(request), viewer=viewer, session=session, initial=initial)

    def save(data: dict[str, Any]) -> Done:
        actions.update_session(viewer=viewer, session=session, **form.values())
        return Done(session.get_absolute_url(), f"Session details saved{_warning_suffix(session)}")

    return form_page(
        request,
        form,
        save=save,
        template="training/session_form.html",
        context={"session": session, "warning": schedule.session_warning(session)},
    )


def _places(viewer: Viewer, session: Session) -> list[SessionPlace]:
    """The places of the people this viewer may see (a partner lead: their organisations')."""
    return list(
        SessionPlace.objects.filter(session=session, person__in=access.people(viewer)).select_related(
            "person", "person__organisation"
        )
    )


@partnership_view(*TRAINING_READERS)
def session_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    session = access.get_session(viewer, uuid)
    places = session.places.all()
    booked = places.count()
    attended = places.filter(status=PlaceStatus.ATTENDED).count()
    recorder = access.can_record_attendance(viewer, session)
    shown = _places(viewer, session) if recorder else []
    certificates = {}
    if shown:
        certificates = dict(
            access.completions(viewer)
            .filter(session=session, person__in=[place.person_id for place in shown])
            .values_list("person_id", "uuid")
        )
    for place in shown:
        place.certificate = certificates.get(place.person_id)  # type: ignore[attr-defined]
    begun = session.starts_at <= timezone.now()
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "warning": schedule.session_warning(session),
            "booked": booked,
            "attended": attended,
            "hidden": booked - len(shown) if recorder else 0,
            "places": shown,
            "recorder": recorder and session.status != SessionStatus.CANCELLED,
            "can_edit": access.can_edit(viewer) and session.status != SessionStatus.CANCELLED,
            "can_cancel": access.can_edit(viewer) and session.status == SessionStatus.PLANNED,
            "can_mark_held": access.can_edit(viewer) and session.status == SessionStatus.PLANNED and begun,
            "begun": begun,
            "full": session.capacity is not None and booked >= session.capacity,
            "confidence": confidence.summarise(Session.objects.filter(pk=session.pk)),
        },
    )


@partnership_view(*TRAINING_EDITORS)
def session_cancel(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    session = access.get_session(viewer, uuid)

    def press() -> Done:
        actions.cancel_session(viewer=viewer, session=session)
        return Done(session.get_absolute_url(), "Session cancelled")

    return button(request, press=press, back=session.get_absolute_url())


@partnership_view(*TRAINING_EDITORS)
def session_held(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    session = access.get_session(viewer, uuid)

    def press() -> Done:
        actions.mark_held(viewer=viewer, session=session)
        return Done(session.get_absolute_url(), "Session marked held")

    return button(request, press=press, back=session.get_absolute_url())


def _recording(viewer: Viewer, uuid: UUID, *, headcount: bool | None = None) -> Session:
    """A session this viewer may record at, not cancelled; `headcount` narrows it to
    sessions that count heads (True) or book people (False). Anything else is 404."""
    session = access.get_session(viewer, uuid)
    if not access.can_record_attendance(viewer, session) or session.status == SessionStatus.CANCELLED:
        raise Http404
    if headcount is not None and session.headcount_only != headcount:
        raise Http404
    return session


@partnership_view(*RECORDERS)
def session_book(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    session = _recording(viewer, uuid, headcount=False)
    search = SearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    results: list[Any] = []
    if query:
        results = list(
            access.people(viewer)
            .exclude(pk__in=session.places.values("person_id"))
            .filter(
                Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__name__icontains=query)
            )
            .select_related("organisation")
            .order_by("name", "id")[:SEARCH_RESULTS]
        )

    def save(data: dict[str, Any]) -> Done:
        places = actions.book(viewer=viewer, session=session, people=data["people"])
        return Done(
            session.get_absolute_url(), f"Booked {len(places)} {'person' if len(places) == 1 else 'people'}"
        )

    return form_page(
        request,
        BookForm(posted(request), viewer=viewer),
        save=save,
        template="training/session_book.html",
        context={
            "session": session,
            "search": search,
            "query": query,
            "results": results,
            "more": len(results) == SEARCH_RESULTS,
        },
    )


@partnership_view(*RECORDERS)
def session_unbook(request: HttpRequest, viewer: Viewer, uuid: UUID, place: UUID) -> HttpResponse:
    session = _recording(viewer, uuid, headcount=False)
    booked = (
        SessionPlace.objects.filter(session=session, uuid=place, person__in=access.people(viewer))
        .select_related("person")
        .first()
    )
    if booked is None:
        raise Http404

    def press() -> Done:
        actions.unbook(viewer=viewer, session=session, place=booked)
        return Done(session.get_absolute_url(), f"Booking of {booked.person.name} removed")

    return button(request, press=press, back=session.get_absolute_url())


@partnership_view(*RECORDERS)
def session_person_add(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    session = _recording(viewer, uuid, headcount=False)

    def save(data: dict[str, Any]) -> Done:
        [person] = actions.add_people(viewer=viewer, session=session, people=[actions.NewPerson(**data)])
        return Done(session.get_absolute_url(), f"{person.name} added and booked")

    return form_page(
        request,
        NewPersonForm(posted(request), viewer=viewer),
        save=save,
        template="training/session_person_form.html",
        context={"session": session},
    )


@partnership_view(*RECORDERS)
def session_attendance(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    session = _recording(viewer, uuid, headcount=False)
    form = AttendanceForm(posted(request), places=_places(viewer, session))

    def save(data: dict[str, Any]) -> Done:
        added, removed = actions.record_attendance(viewer=viewer, session=session, marks=form.marks())
        return Done(
            session.get_absolute_url(),
            f"Attendance recorded: {added} completion{'s' if added != 1 else ''} added"
            + (f", {removed} removed" if removed else ""),
        )

    return form_page(
        request,
        form,
        save=save,
        template="training/session_attendance.html",
        context={"session": session, "begun": session.starts_at <= timezone.now()},
    )


@partnership_view(*RECORDERS)
def session_headcount(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    session = _recording(viewer, uuid, headcount=True)

    def save(data: dict[str, Any]) -> Done:
        actions.record_headcount(viewer=viewer, session=session, headcount=data["headcount"])
        return Done(session.get_absolute_url(), f"Head-count recorded: {data['headcount']:,}")

    return form_page(
        request,
        HeadcountForm(posted(request), initial={"headcount": session.headcount}),
        save=save,
        template="training/session_headcount.html",
        context={"session": session},
    )


@partnership_view(*RECORDERS)
def session_confidence(request: HttpRequest, viewer: Viewer, uuid: UUID, moment: str) -> HttpResponse:
    session = _recording(viewer, uuid)
    if moment not in Moment.values:
        raise Http404
    questions = list(
        ConfidenceQuestion.objects.filter(
            Q(partnership__isnull=True) | Q(partnership=viewer.partnership), active=True
        ).order_by("position", "id")
    )
    recorded = {
        (question_id, score): count
        for question_id, score, count in ConfidenceTally.objects.filter(
            session=session, moment=moment
        ).values_list("question_id", "score", "count")
    }
    form = ConfidenceForm(posted(request), questions=questions, initial_counts=recorded)

    def save(data: dict[str, Any]) -> Done:
        total = actions.record_confidence(viewer=viewer, session=session, moment=moment, counts=form.counts())
        return Done(session.get_absolute_url(), f"Confidence answers recorded: {total:,} answers")

    return form_page(
        request,
        form,
        save=save,
        template="training/session_confidence.html",
        context={
            "session": session,
            "moment": Moment(moment),
            "back": reverse("training:session_detail", args=[session.uuid]),
        },
    )
