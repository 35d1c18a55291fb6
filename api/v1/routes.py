"""The endpoints of version 1. Each names its scope; reads go through the capability's access
layer with the viewer the key acts as, so another partnership's records answer 404; writes go
through the same action functions as the pages, which audit them with the key's service user
as the actor."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, Throttled

from api.v1.core import KeyAuth, Paging, acting, page_of, refused_problem, responses
from api.v1.schemas import (
    MAX_COMPLETIONS,
    ActionOut,
    ActionPage,
    CompletionPage,
    CompletionsImported,
    CompletionsIn,
    CoursePage,
    DashboardOut,
    EventPage,
    OrganisationOut,
    OrganisationPage,
    PlanOut,
    PlanPage,
    ProgressUpdateIn,
    ProgressUpdateOut,
    ProgressUpdatePage,
    ProjectPage,
    ReferralIn,
    ReferralReceipt,
    SessionPage,
    StatisticsOut,
)
from cases.actions.intake import ReferralDetails, submit_referral
from cases.forms.common import listed
from cases.models import ConcernType, ReferralSector
from community import access as community_access
from lib.bands import financial_year
from lib.errors import Refused
from partners import access as partners_access
from partners.models import Organisation
from performance import indicators, releases, statistics_export
from performance.statistics import period_label, year_label
from plans import access as plans_access
from plans import actions as plans_actions
from plans.models import Action, ProgressUpdate, Strategy
from projects import access as projects_access
from training import access as training_access
from training.actions.imports import import_rows

DESCRIPTION = (
    "The open API of Prevent Hub. Every call carries a key made by the partnership's Prevent "
    "coordinator: `Authorization: Bearer ph_...`. A key acts within its partnership, with the "
    "scopes it was given; a record of another partnership, or an endpoint outside the key's "
    "scopes, answers 404. Lists are paged (`page`, `page_size` up to 100). Calls are counted "
    "per key and minute; over the limit the answer is 429 with Retry-After. No Channel case's "
    "personal data can be read through the API."
)

api = NinjaAPI(
    title="Prevent Hub API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    docs_url=None,
    auth=KeyAuth(),
)


def scope(code: str) -> dict[str, Any]:
    return {"x-scope": code}


@api.exception_handler(Refused)
def _refused(request: HttpRequest, refused: Refused) -> Any:
    return api.create_response(request, refused_problem(refused.message, refused.field), status=422)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> Any:
    response = api.create_response(request, {"detail": "Too many requests."}, status=429)
    if exc.wait is not None:
        response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> Any:
    response = api.create_response(request, {"detail": "A valid API key is needed."}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="Prevent Hub"'
    return response


# --- organisations ---------------------------------------------------------------------------


def _organisation(organisation: Organisation) -> dict[str, Any]:
    return {
        "uuid": organisation.uuid,
        "name": organisation.name,
        "sector": organisation.sector.label,
        "status": organisation.status,
        "urn": organisation.urn,
        "parent": organisation.parent.uuid if organisation.parent is not None else None,
    }


@api.get(
    "/organisations",
    response=responses(OrganisationPage),
    tags=["organisations"],
    openapi_extra=scope("organisations:read"),
    summary="List the partnership's organisations",
)
def organisations(request: HttpRequest, paging: Query[Paging]) -> Any:
    viewer = acting(request, "organisations:read")
    listed_ = partners_access.organisations(viewer).select_related("sector", "parent").order_by("name", "id")
    return page_of(listed_, paging, _organisation)


@api.get(
    "/organisations/{uuid}",
    response=responses(OrganisationOut),
    tags=["organisations"],
    openapi_extra=scope("organisations:read"),
    summary="One organisation",
)
def organisation(request: HttpRequest, uuid: UUID) -> Any:
    viewer = acting(request, "organisations:read")
    found = get_object_or_404(
        partners_access.organisations(viewer).select_related("sector", "parent"), uuid=uuid
    )
    return _organisation(found)


# --- plans -----------------------------------------------------------------------------------


def _plan(strategy: Strategy) -> dict[str, Any]:
    return {
        "uuid": strategy.uuid,
        "title": strategy.title,
        "period_start": strategy.period_start,
        "period_end": strategy.period_end,
        "status": strategy.status,
    }


def _action(action: Action) -> dict[str, Any]:
    return {
        "uuid": action.uuid,
        "plan": action.strategy.uuid,
        "objective": str(action.objective),
        "reference": action.reference,
        "title": action.title,
        "target_date": action.target_date,
        "timescale": action.timescale,
        "lead_agency": action.lead_agency,
        "rag": action.rag,
        "last_update_on": action.last_update_on,
    }


def _update(update: ProgressUpdate) -> dict[str, Any]:
    return {
        "uuid": update.uuid,
        "action": update.action.uuid,
        "update_date": update.update_date,
        "rag": update.rag,
        "commentary": update.commentary,
        "created_at": update.created_at,
    }


@api.get(
    "/plans",
    response=responses(PlanPage),
    tags=["plans"],
    openapi_extra=scope("plans:read"),
    summary="List the delivery plans",
)
def plans(request: HttpRequest, paging: Query[Paging]) -> Any:
    viewer = acting(request, "plans:read")
    return page_of(plans_access.strategies(viewer).order_by("-period_start", "id"), paging, _plan)


@api.get(
    "/plans/{uuid}",
    response=responses(PlanOut),
    tags=["plans"],
    openapi_extra=scope("plans:read"),
    summary="One delivery plan",
)
def plan(request: HttpRequest, uuid: UUID) -> Any:
    return _plan(plans_access.get_strategy(acting(request, "plans:read"), uuid))


@api.get(
    "/plans/{uuid}/actions",
    response=responses(ActionPage),
    tags=["plans"],
    openapi_extra=scope("plans:read"),
    summary="The actions of a delivery plan",
)
def plan_actions(request: HttpRequest, uuid: UUID, paging: Query[Paging]) -> Any:
    viewer = acting(request, "plans:read")
    strategy = plans_access.get_strategy(viewer, uuid)
    listed_ = (
        plans_access.actions(viewer)
        .filter(strategy=strategy)
        .select_related("strategy", "objective", "objective__parent")
        .order_by("sort_key", "id")
    )
    return page_of(listed_, paging, _action)


@api.get(
    "/actions/{uuid}",
    response=responses(ActionOut),
    tags=["plans"],
    openapi_extra=scope("plans:read"),
    summary="One action",
)
def action(request: HttpRequest, uuid: UUID) -> Any:
    return _action(plans_access.get_action(acting(request, "plans:read"), uuid))


@api.get(
    "/actions/{uuid}/progress-updates",
    response=responses(ProgressUpdatePage),
    tags=["plans"],
    openapi_extra=scope("plans:read"),
    summary="An action's progress updates, newest first",
)
def progress_updates(request: HttpRequest, uuid: UUID, paging: Query[Paging]) -> Any:
    found = plans_access.get_action(acting(request, "plans:read"), uuid)
    listed_ = (
        ProgressUpdate.objects.filter(action=found).select_related("action").order_by("-update_date", "-id")
    )
    return page_of(listed_, paging, _update)


@api.post(
    "/actions/{uuid}/progress-updates",
    response=responses(ProgressUpdateOut, 201),
    tags=["plans"],
    openapi_extra=scope("plans:write"),
    summary="Post a progress update on an action",
)
def post_progress_update(request: HttpRequest, uuid: UUID, body: ProgressUpdateIn) -> Any:
    viewer = acting(request, "plans:write")
    found = plans_access.get_updatable_action(viewer, uuid)
    update = plans_actions.record_progress_update(
        viewer=viewer, action=found, update_date=body.update_date, rag=body.rag, commentary=body.commentary
    )
    return Status(201, _update(update))


# --- training --------------------------------------------------------------------------------


@api.get(
    "/training/courses",
    response=responses(CoursePage),
    tags=["training"],
    openapi_extra=scope("training:read"),
    summary="List the training courses",
)
def courses(request: HttpRequest, paging: Query[Paging]) -> Any:
    viewer = acting(request, "training:read")
    return page_of(
        training_access.courses(viewer).order_by("position", "title", "id"),
        paging,
        lambda course: {
            "uuid": course.uuid,
            "code": course.code,
            "title": course.title,
            "kind": course.kind,
            "provider": course.provider,
            "validity_months": course.validity_months,
            "active": course.active,
        },
    )


@api.get(
    "/training/sessions",
    response=responses(SessionPage),
    tags=["training"],
    openapi_extra=scope("training:read"),
    summary="List the training sessions, newest first",
)
def sessions(request: HttpRequest, paging: Query[Paging]) -> Any:
    viewer = acting(request, "training:read")
    return page_of(
        training_access.sessions(viewer).select_related("course", "host").order_by("-starts_at", "-id"),
        paging,
        lambda session: {
            "uuid": session.uuid,
            "course": session.course.uuid,
            "starts_at": session.starts_at,
            "status": session.status,
            "host": session.host.uuid if session.host_id else None,
            "capacity": session.capacity,
            "headcount": session.headcount,
        },
    )


@api.get(
    "/training/completions",
    response=responses(CompletionPage),
    tags=["training"],
    openapi_extra=scope("training:read"),
    summary="List the training completions, newest first",
)
def completions(request: HttpRequest, paging: Query[Paging]) -> Any:
    viewer = acting(request, "training:read")
    listed_ = (
        training_access.completions(viewer)
        .select_related("person__organisation", "course")
        .order_by("-completed_on", "-id")
    )
    return page_of(
        listed_,
        paging,
        lambda completion: {
            "uuid": completion.uuid,
            "person": completion.person.uuid,
            "organisation": completion.person.organisation.uuid,
            "course": completion.course.uuid,
            "completed_on": completion.completed_on,
            "source": completion.source,
        },
    )


@api.post(
    "/training/completions",
    response=responses(CompletionsImported),
    tags=["training"],
    openapi_extra=scope("training:write"),
    summary=f"Post up to {MAX_COMPLETIONS:,} completions: all land, or none",
    description=(
        "Checked as the file import checks a file: every row against the register's "
        "organisations, courses and people. If any row has a problem nothing is recorded, and "
        "the answer (422) lists each problem with its row's position, from 1. Completions "
        "already recorded are skipped, so sending the same rows again changes nothing."
    ),
)
def post_completions(request: HttpRequest, body: CompletionsIn) -> Any:
    viewer = acting(request, "training:write")
    rows = [row.model_dump() for row in body.completions]
    batch, checked = import_rows(viewer=viewer, rows=rows, name=f"API: {len(rows)} rows")
    if checked.error_count:
        return Status(
            422,
            {
                "detail": "Nothing was recorded: fix the rows listed and send them again.",
                "problems": [{"row": line, "problem": reason} for line, reason in checked.errors],
                "problem_count": checked.error_count,
            },
        )
    return {
        "batch": batch.uuid,
        "rows": batch.total_rows,
        "completions_added": batch.completions_added,
        "people_added": batch.people_added,
        "already_recorded": batch.already_recorded,
    }


# --- engagement and projects -----------------------------------------------------------------


@api.get(
    "/engagement/events",
    response=responses(EventPage),
    tags=["engagement"],
    openapi_extra=scope("engagement:read"),
    summary="List the engagement events, newest first",
)
def events(request: HttpRequest, paging: Query[Paging]) -> Any:
    viewer = acting(request, "engagement:read")
    listed_ = (
        community_access.events(viewer)
        .select_related("event_type")
        .prefetch_related("organisations", "actions")
        .order_by("-held_on", "-id")
    )
    return page_of(
        listed_,
        paging,
        lambda event: {
            "uuid": event.uuid,
            "title": event.title,
            "held_on": event.held_on,
            "ends_on": event.ends_on,
            "event_type": event.event_type.label,
            "headcount": event.headcount,
            "organisations": [organisation.uuid for organisation in event.organisations.all()],
            "actions": [linked.uuid for linked in event.actions.all()],
        },
    )


@api.get(
    "/projects",
    response=responses(ProjectPage),
    tags=["projects"],
    openapi_extra=scope("projects:read"),
    summary="List the commissioned projects",
)
def projects(request: HttpRequest, paging: Query[Paging]) -> Any:
    viewer = acting(request, "projects:read")
    listed_ = (
        projects_access.projects(viewer)
        .select_related("provider", "funder", "action")
        .order_by("title", "id")
    )
    return page_of(
        listed_,
        paging,
        lambda project: {
            "uuid": project.uuid,
            "title": project.title,
            "provider": project.provider.uuid,
            "funder": project.funder.name,
            "grant_reference": project.grant_reference,
            "start_on": project.start_on,
            "end_on": project.end_on,
            "status": project.status,
            "action": project.action.uuid if project.action_id else None,
        },
    )


# --- statistics ------------------------------------------------------------------------------


@api.get(
    "/statistics",
    response=responses(StatisticsOut),
    tags=["statistics"],
    openapi_extra=scope("statistics:read"),
    summary="Channel statistics after disclosure control",
    description=(
        "The partnership's Channel statistics for a financial year as its steering group sees "
        "them: after disclosure control (small counts suppressed, shown as null, and rounded as "
        "the partnership's rules say). Never the exact figures."
    ),
)
def statistics(request: HttpRequest, year: int | None = Query(None, ge=2007, le=2100)) -> Any:
    viewer = acting(request, "statistics:read")
    chosen = year if year is not None else financial_year(timezone.localdate())
    scope_ = releases.scope_of(partnership=viewer.partnership)
    prefix = "" if scope_.alone else releases.partnership_prefix(viewer.partnership)
    shown = releases.shown(scope_, chosen, prefix, wait=False)
    periods = [
        {
            "period": period,
            "label": period_label(period, chosen),
            "tables": [
                {
                    "key": table.key,
                    "caption": table.caption,
                    "row_heading": table.row_heading,
                    "columns": table.columns,
                    "rows": [{"label": label, "values": values} for label, values in table.rows],
                }
                for table in statistics_export.tables_for(shown, period, chosen, prefix)
            ],
        }
        for period in statistics_export.periods_in(shown, prefix)
    ]
    return {
        "financial_year": chosen,
        "label": year_label(chosen),
        "protected": shown.protected,
        "periods": periods,
        "notes": statistics_export.notes(shown, chosen, viewer.partnership.name),
    }


def _figure(point: indicators.Point | None) -> dict[str, Any] | None:
    if point is None:
        return None
    return {
        "start": point.start,
        "end": point.end,
        "label": point.label,
        "value": None if point.suppressed or point.value is None else float(point.value),
        "suppressed": bool(point.suppressed),
    }


@api.get(
    "/dashboard",
    response=responses(DashboardOut),
    tags=["statistics"],
    openapi_extra=scope("statistics:read"),
    summary="The performance dashboard's indicators, after disclosure control",
    description=(
        "Each active indicator with its figures as the steering group sees them: a figure "
        "counted from Channel records is the one disclosure control publishes, or null and "
        "marked suppressed."
    ),
)
def dashboard(request: HttpRequest) -> Any:
    viewer = acting(request, "statistics:read")
    rows = indicators.rows_for(viewer.partnership, today=timezone.localdate())
    indicators.protect(viewer.partnership, rows, wait=False)
    return {
        "indicators": [
            {
                "uuid": row.indicator.uuid,
                "name": row.indicator.name,
                "unit": str(row.unit),
                "target": float(row.indicator.target),
                "direction": row.indicator.direction,
                "rag": str(row.rag),
                "travel": row.travel.words,
                "periods": [_figure(point) for point in row.points],
                "current": _figure(row.current),
            }
            for row in rows
        ],
        "notes": releases.rules_for(viewer.partnership).notes()
        if any(row.disclosive for row in rows)
        else [],
    }


# --- referrals -------------------------------------------------------------------------------


@api.post(
    "/referrals",
    response=responses(ReferralReceipt, 201),
    tags=["referrals"],
    openapi_extra=scope("referrals:write"),
    summary="Send a referral; the answer is its reference and receipt, never an outcome",
)
def post_referral(request: HttpRequest, body: ReferralIn) -> Any:
    viewer = acting(request, "referrals:write")
    concern = listed(ConcernType, viewer.partnership).filter(code=body.concern_type).first()
    if concern is None:
        raise Refused("Give the code of one of the partnership's types of concern", field="concern_type")
    sector = listed(ReferralSector, viewer.partnership).filter(code=body.sector).first()
    if sector is None:
        raise Refused("Give the code of one of the partnership's referring sectors", field="sector")
    if body.date_of_birth is not None and not (
        dt.date(1900, 1, 1) <= body.date_of_birth <= timezone.localdate()
    ):
        raise Refused("The date of birth must be in the past", field="date_of_birth")
    details = ReferralDetails(
        given_names=body.given_names,
        family_name=body.family_name,
        date_of_birth=body.date_of_birth,
        gender=body.gender,
        concern_type=concern,
        sector=sector,
        narrative=body.narrative,
        referrer_name=body.referrer_name,
        referrer_organisation=body.referrer_organisation,
        other_names=body.other_names,
        address=body.address,
        postcode=body.postcode,
        school_or_employer=body.school_or_employer,
        vulnerabilities=body.vulnerabilities,
        urgency=body.urgency,
        person_aware=body.person_aware,
        referrer_role=body.referrer_role,
        referrer_email=body.referrer_email,
        referrer_phone=body.referrer_phone,
    )
    referral = submit_referral(viewer=viewer, details=details)
    received = timezone.localtime(referral.received_at)
    return Status(
        201,
        {
            "reference": referral.reference,
            "received_at": referral.received_at,
            "receipt": (
                f"Referral {referral.reference} was received by {viewer.partnership.name} on "
                f"{received:%d %B %Y at %H:%M}. Quote the reference in any contact about it."
            ),
        },
    )
