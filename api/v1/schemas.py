"""What the API answers and accepts. Pydantic checks every answer against these before it is
sent, so the published schema and the answers cannot drift apart. No schema here holds a
Channel case's personal data: a referral is answered by its reference and receipt only."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from api.v1.core import Text


class PageInfo(Schema):
    page: int
    page_size: int
    total: int
    next_page: int | None


class OrganisationOut(Schema):
    uuid: UUID
    name: str
    sector: str
    status: str
    urn: str
    parent: UUID | None


class OrganisationPage(PageInfo):
    items: list[OrganisationOut]


class PlanOut(Schema):
    uuid: UUID
    title: str
    period_start: dt.date
    period_end: dt.date
    status: str


class PlanPage(PageInfo):
    items: list[PlanOut]


class ActionOut(Schema):
    uuid: UUID
    plan: UUID
    objective: str
    reference: str
    title: str
    target_date: dt.date | None
    timescale: str
    lead_agency: str
    rag: str
    last_update_on: dt.date | None


class ActionPage(PageInfo):
    items: list[ActionOut]


class ProgressUpdateOut(Schema):
    uuid: UUID
    action: UUID
    update_date: dt.date
    rag: str
    commentary: str
    created_at: dt.datetime


class ProgressUpdatePage(PageInfo):
    items: list[ProgressUpdateOut]


class ProgressUpdateIn(Schema):
    update_date: dt.date = Field(description="The date the update describes progress at: today or earlier.")
    rag: Literal["red", "amber", "green", "complete"]
    commentary: Text = Field(min_length=1, max_length=5000)


class CourseOut(Schema):
    uuid: UUID
    code: str
    title: str
    kind: str
    provider: str
    validity_months: int | None
    active: bool


class CoursePage(PageInfo):
    items: list[CourseOut]


class SessionOut(Schema):
    uuid: UUID
    course: UUID
    starts_at: dt.datetime
    status: str
    host: UUID | None
    capacity: int | None
    headcount: int | None


class SessionPage(PageInfo):
    items: list[SessionOut]


class CompletionOut(Schema):
    uuid: UUID
    person: UUID = Field(description="The person on the register (their identifier only).")
    organisation: UUID
    course: UUID
    completed_on: dt.date
    source: str


class CompletionPage(PageInfo):
    items: list[CompletionOut]


MAX_COMPLETIONS = 1000


class CompletionIn(Schema):
    email: Text = Field(min_length=1, max_length=254, description="The person's work e-mail address.")
    name: Text = Field("", max_length=200, description="Needed for someone not yet on the register.")
    organisation: Text = Field("", max_length=200, description="Its name or URN; for someone new.")
    course: Text = Field(min_length=1, max_length=200, description="The course's code or title.")
    completed_on: Text = Field(
        min_length=1, max_length=30, description="The date completed, such as 2026-03-31."
    )


class CompletionsIn(Schema):
    completions: list[CompletionIn] = Field(min_length=1, max_length=MAX_COMPLETIONS)


class CompletionsImported(Schema):
    batch: UUID
    rows: int
    completions_added: int
    people_added: int
    already_recorded: int


class EventOut(Schema):
    uuid: UUID
    title: str
    held_on: dt.date
    ends_on: dt.date | None
    event_type: str
    headcount: int | None
    organisations: list[UUID]
    actions: list[UUID]


class EventPage(PageInfo):
    items: list[EventOut]


class ProjectOut(Schema):
    uuid: UUID
    title: str
    provider: UUID
    funder: str
    grant_reference: str
    start_on: dt.date
    end_on: dt.date
    status: str
    action: UUID | None


class ProjectPage(PageInfo):
    items: list[ProjectOut]


class StatisticsRow(Schema):
    label: str
    values: list[int | None] = Field(description="One a column; null where suppressed ([c]).")


class StatisticsTable(Schema):
    key: str
    caption: str
    row_heading: str
    columns: list[str]
    rows: list[StatisticsRow]


class StatisticsPeriod(Schema):
    period: str
    label: str
    tables: list[StatisticsTable]


class StatisticsOut(Schema):
    financial_year: int
    label: str
    protected: bool
    periods: list[StatisticsPeriod]
    notes: list[str]


class FigureOut(Schema):
    start: dt.date
    end: dt.date
    label: str
    value: float | None = Field(description="Null where there is no figure, or where it is suppressed.")
    suppressed: bool


class IndicatorOut(Schema):
    uuid: UUID
    name: str
    unit: str
    target: float
    direction: str
    rag: str
    travel: str
    periods: list[FigureOut] = Field(description="The complete periods, oldest first.")
    current: FigureOut | None = Field(description="The present period, counted so far.")


class DashboardOut(Schema):
    indicators: list[IndicatorOut]
    notes: list[str]


class ReferralIn(Schema):
    given_names: Text = Field("", max_length=200)
    family_name: Text = Field("", max_length=200)
    other_names: Text = Field("", max_length=1000)
    date_of_birth: dt.date | None = None
    gender: Literal["female", "male", "other", "not_known"] = "not_known"
    address: Text = Field("", max_length=1000)
    postcode: Text = Field("", max_length=10)
    school_or_employer: Text = Field("", max_length=200)
    concern_type: str = Field(max_length=60, description="The code of a type of concern of the partnership.")
    sector: str = Field(max_length=60, description="The code of the referring sector.")
    narrative: Text = Field(min_length=1, max_length=20000)
    vulnerabilities: Text = Field("", max_length=10000)
    urgency: Literal["routine", "urgent"] = "routine"
    person_aware: Literal["yes", "no", "not_known"] = "not_known"
    referrer_name: Text = Field(min_length=1, max_length=200)
    referrer_role: Text = Field("", max_length=200)
    referrer_organisation: Text = Field(min_length=1, max_length=200)
    referrer_email: Text = Field("", max_length=254)
    referrer_phone: Text = Field("", max_length=40)


class ReferralReceipt(Schema):
    reference: str
    received_at: dt.datetime
    receipt: str
