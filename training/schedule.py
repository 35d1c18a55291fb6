"""Reads about sessions that several pages share: the warning about a trainer's lapsed
accreditation, and each session's booked and attended counts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from training.models import PlaceStatus, Session, SessionStatus

# How far ahead the coordinator's home panel looks.
UPCOMING_DAYS = 30


def accreditation_warning(
    *,
    accreditation: str,
    expires: dt.date | None,
    starts_at: dt.datetime | None,
    today: dt.date | None = None,
) -> str:
    """What to warn about the trainer's facilitator accreditation, or "" when nothing: it
    has expired, or it will have by the session's date."""
    if expires is None:
        return ""
    today = today or timezone.localdate()
    name = accreditation or "The trainer's facilitator accreditation"
    if expires < today:
        return f"{name} expired on {expires:%-d %B %Y}."
    if starts_at is not None and expires < timezone.localdate(starts_at):
        on = timezone.localtime(starts_at)
        return f"{name} expires on {expires:%-d %B %Y}, before the session on {on:%-d %B %Y}."
    return ""


def session_warning(session: Session) -> str:
    if session.status == SessionStatus.CANCELLED:
        return ""
    return accreditation_warning(
        accreditation=session.trainer_accreditation,
        expires=session.trainer_accreditation_expires,
        starts_at=session.starts_at,
    )


def with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Each session with how many are booked (any status) and how many attended; a
    head-count session's attendance is its head-count."""
    return sessions.annotate(
        booked=Count("places"),
        attended=Count("places", filter=Q(places__status=PlaceStatus.ATTENDED)),
    )


def attended(session: Session) -> int:
    """How many attended: the head-count, or the people marked attended."""
    if session.headcount_only:
        return session.headcount or 0
    return getattr(session, "attended", None) or session.places.filter(status=PlaceStatus.ATTENDED).count()


def upcoming(sessions: QuerySet[Session], days: int = UPCOMING_DAYS) -> QuerySet[Session]:
    now = timezone.now()
    return sessions.filter(
        status=SessionStatus.PLANNED, starts_at__gte=now, starts_at__lt=now + dt.timedelta(days=days)
    )


def accreditation_lapsing(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions still to come whose trainer's accreditation has expired, or will have by
    the session's date."""
    today = timezone.localdate()
    return (
        sessions.filter(
            status=SessionStatus.PLANNED,
            starts_at__gte=timezone.now(),
            trainer_accreditation_expires__isnull=False,
        )
        .annotate(day=TruncDate("starts_at"))
        .filter(Q(trainer_accreditation_expires__lt=today) | Q(trainer_accreditation_expires__lt=F("day")))
    )
