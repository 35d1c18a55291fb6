"""Shared fixtures: partnerships, people with roles, signed-in clients and plans
written through the action functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import factory
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.access import Viewer
from accounts.models import Membership, Partnership, Role, SealedTOTPDevice, User
from plans import actions as plan_actions
from plans.models import Action, Objective, Strategy

TEST_PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True, scope="module")
def _uploads_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Uploaded files go to a folder of the module's own, which data built once per
    module (module_db) shares with its tests. Argon2 at full strength costs a tenth of a
    second per sign-in; tests that sign in with a password do not need that."""
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("uploads"), "base_url": None},
        },
    }
    with override_settings(
        STORAGES=storages, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        yield


@pytest.fixture(scope="module")
def module_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """One transaction around a whole module, for data its tests only read: build it once
    in a module-scoped fixture that asks for this one, and it is rolled back after the
    module's last test. Each test still runs in a savepoint of its own inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


class PartnershipFactory(factory.django.DjangoModelFactory[Partnership]):
    class Meta:
        model = Partnership
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    code = factory.Sequence(lambda n: f"P{n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.gov.uk")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(TEST_PASSWORD)


# The data below is written by builder functions, so that a module whose tests only
# read it can build it once (module_db); each fixture is one call of its builder, and
# a fixture asked for inside such a module finds the records already built.


def tower_hamlets() -> Partnership:
    return PartnershipFactory.create(name="Tower Hamlets", slug="towerhamlets", code="TH")


def westminster() -> Partnership:
    return PartnershipFactory.create(name="Westminster", slug="westminster", code="WM")


def add_person(partnership: Partnership, *roles: Role, email: str | None = None, **fields: Any) -> User:
    """A user holding `roles` in `partnership`."""
    user = UserFactory.create(**({"email": email} if email else {}), **fields)
    for role in roles:
        Membership.objects.get_or_create(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def partnership(db: Any) -> Partnership:
    return tower_hamlets()


@pytest.fixture
def other_partnership(db: Any) -> Partnership:
    return westminster()


@pytest.fixture
def person(db: Any) -> Callable[..., User]:
    return add_person


@pytest.fixture
def sign_in() -> Callable[..., Client]:
    """A client signed in as `user`, with two-factor verified unless told otherwise."""

    def make(user: User, *, verified: bool = True) -> Client:
        client = Client()
        client.force_login(user)
        if verified:
            device = SealedTOTPDevice.objects.create(user=user, name="Test device", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return make


def viewer(user: User, partnership: Partnership) -> Viewer:
    roles = frozenset(
        Membership.objects.filter(user=user, partnership=partnership).values_list("role", flat=True)
    )
    return Viewer(user, partnership, roles)


def add_coordinator(partnership: Partnership) -> User:
    return add_person(
        partnership, Role.COORDINATOR, email="coordinator@th.example.gov.uk", full_name="Cora Ordinator"
    )


def add_owner(partnership: Partnership) -> User:
    return add_person(partnership, Role.ACTION_OWNER, email="owner@th.example.gov.uk", full_name="Owen Owner")


@pytest.fixture
def coordinator(partnership: Partnership) -> User:
    return add_coordinator(partnership)


@pytest.fixture
def owner(partnership: Partnership) -> User:
    return add_owner(partnership)


@pytest.fixture
def steering(partnership: Partnership, person: Callable[..., User]) -> User:
    return person(partnership, Role.STEERING, email="steering@th.example.gov.uk", full_name="Stella Steering")


@pytest.fixture
def coordinator_viewer(coordinator: User, partnership: Partnership) -> Viewer:
    return viewer(coordinator, partnership)


@pytest.fixture
def plan(coordinator_viewer: Viewer, owner: User) -> Strategy:
    return build_plan(coordinator_viewer, owner)


def build_plan(coordinator_viewer: Viewer, owner: User) -> Strategy:
    """A small plan: two objectives, one with an area of focus, and four actions."""
    strategy = plan_actions.create_strategy(
        viewer=coordinator_viewer,
        title="Prevent Delivery Plan 2018-19",
        period_start=dt.date(2018, 4, 1),
        period_end=dt.date(2019, 3, 31),
        status="active",
    )
    first = plan_actions.add_objective(
        viewer=coordinator_viewer, strategy=strategy, reference="Objective 1", title="Target support"
    )
    second = plan_actions.add_objective(
        viewer=coordinator_viewer, strategy=strategy, reference="Objective 2", title="Engage communities"
    )
    area = plan_actions.add_objective(
        viewer=coordinator_viewer, strategy=strategy, parent=second, title="Faith networks"
    )
    plan_actions.add_action(
        viewer=coordinator_viewer,
        objective=first,
        title="Deliver WRAP training in colleges",
        lead_officer="Prevent Education Officer",
        owner=owner,
        target_date=dt.date(2019, 3, 31),
    )
    plan_actions.add_action(
        viewer=coordinator_viewer,
        objective=first,
        title="Review the strategy on unregistered schools",
        lead_officer="Principal Attendance Advisor",
    )
    plan_actions.add_action(
        viewer=coordinator_viewer,
        objective=second,
        title="Host two community roundtables",
        lead_officer="Prevent Co-ordinator",
        recommendation="Peer Review Rec 6",
    )
    plan_actions.add_action(
        viewer=coordinator_viewer,
        objective=area,
        title="Support the faith network",
        lead_officer="Prevent Co-ordinator",
    )
    return strategy


def action_titled(title: str) -> Action:
    return Action.objects.get(title=title)


def objective_titled(title: str) -> Objective:
    return Objective.objects.get(title=title)


# --- Channel -------------------------------------------------------------------------------


@dataclass
class Channel:
    """A partnership's Channel work at several stages, written through the actions."""

    coordinator: User
    police: User
    chair: User
    panel_member: User
    referrer: User
    waiting: Any  # a referral at the gateway
    progressed: Any  # progressed to Channel and on a panel agenda
    sharing: Any
    assessment: Any
    meeting: Any
    item: Any
    invitation: Any
    document: Any


def referral_details(**overrides: Any) -> Any:
    from cases.actions import ReferralDetails
    from cases.models import ConcernType, ReferralSector

    values: dict[str, Any] = {
        "given_names": "Sam",
        "family_name": "Taylor",
        "date_of_birth": dt.date(2010, 5, 4),
        "gender": "male",
        "concern_type": ConcernType.objects.get(code="extreme_right_wing", partnership=None),
        "sector": ReferralSector.objects.get(code="education", partnership=None),
        "narrative": "Shared extreme right-wing videos with classmates and praised an attacker.",
        "referrer_name": "Rita Referrer",
        "referrer_organisation": "Bow School",
    }
    values |= overrides
    return ReferralDetails(**values)


def progress(referral: Any, police: Viewer) -> Any:
    from cases import actions

    actions.confirm_new_person(viewer=police, referral=referral)
    actions.record_deconfliction(
        viewer=police, referral=referral, checks="PNC and local intelligence: no trace."
    )
    return actions.record_gateway_decision(
        viewer=police,
        referral=referral,
        decision="progress",
        reasons="Vulnerable and engaging with ERW material.",
    )


@pytest.fixture
def channel(partnership: Partnership, coordinator: User) -> Channel:
    return build_channel(partnership, coordinator)


def build_channel(partnership: Partnership, coordinator: User) -> Channel:
    from cases import actions

    person = add_person
    police = person(partnership, Role.POLICE, email="police@th.example.gov.uk", full_name="Pat Police")
    chair = person(partnership, Role.CHAIR, email="chair@th.example.gov.uk", full_name="Chris Chair")
    panel_member = person(
        partnership, Role.PANEL_MEMBER, email="panel@th.example.gov.uk", full_name="Pam Panel"
    )
    referrer = person(
        partnership, Role.REFERRER, email="referrer@th.example.gov.uk", full_name="Rita Referrer"
    )
    as_police, as_chair = viewer(police, partnership), viewer(chair, partnership)
    as_coordinator = viewer(coordinator, partnership)
    as_referrer = viewer(referrer, partnership)
    waiting = actions.submit_referral(
        viewer=as_referrer, details=referral_details(given_names="Alex", family_name="Green")
    )
    progressed = progress(actions.submit_referral(viewer=as_referrer, details=referral_details()), as_police)
    sharing = actions.record_sharing(
        viewer=as_coordinator,
        referral=progressed,
        direction="request",
        partner="Children's Social Care",
        legal_basis="ctsa_s38",
        subject="Any social care involvement?",
        sent_at=timezone.now(),
    )
    framework = actions.current_framework()
    factors = actions.factors_for(partnership, framework)
    assessment = actions.record_assessment(
        viewer=as_coordinator,
        referral=progressed,
        assessed_on=dt.date.today(),
        findings={factors[0].pk: ("present", "Talks of grievance about his family's treatment.")},
        summary="Engaged; no intent or capability seen.",
        management_plan="Mentoring and family support.",
    )
    meeting = actions.schedule_meeting(
        viewer=as_chair, meets_at=timezone.now() + dt.timedelta(days=7), location="Town Hall", chair=chair
    )
    invitation = actions.invite_member(
        viewer=as_chair, meeting=meeting, member=panel_member, agency="Children's Social Care"
    )
    item = actions.add_to_agenda(viewer=as_chair, meeting=meeting, referral=progressed)
    document = actions.attach_document(
        viewer=as_coordinator,
        referral=progressed,
        description="School incident log",
        upload=SimpleUploadedFile("incident log - Sam Taylor.txt", b"14 Oct: showed the video in ICT."),
    )
    return Channel(
        coordinator,
        police,
        chair,
        panel_member,
        referrer,
        waiting,
        progressed,
        sharing,
        assessment,
        meeting,
        item,
        invitation,
        document,
    )


@dataclass
class Lifecycle:
    """Channel cases after adoption, written through the actions on top of `channel`."""

    provider: User
    supported: Any  # adopted; a parent consented; receiving support
    intervention: Any  # of `supported`, assigned to `provider`, with one session
    exited: Any  # exited at a panel; its 6-month review is waiting
    review: Any  # that 6-month review
    transfer: Any  # `supported` offered to Camden, waiting for an answer
    closed: Any  # closed at the gateway long ago: past its retention date
    panel_action: Any  # agreed when `exited` exited, owned by the coordinator, due today


def quorate(meeting: Any, chair: Viewer) -> Any:
    """Make `meeting` quorate (cases.quorum): invite a police officer of its partnership if
    none is, and record them and the chair as present."""
    from cases import actions
    from cases.models import PanelInvitation

    police = PanelInvitation.objects.filter(
        meeting=meeting,
        withdrawn_at__isnull=True,
        member__memberships__partnership=meeting.partnership_id,
        member__memberships__role=Role.POLICE,
    ).first()
    if police is None:
        officer = User.objects.filter(
            memberships__partnership=meeting.partnership_id, memberships__role=Role.POLICE
        ).first()
        assert officer is not None, "the partnership needs a police officer to be quorate"
        police = actions.invite_member(viewer=chair, meeting=meeting, member=officer, agency="Police")
    actions.record_attendance(
        viewer=chair, meeting=meeting, attendance={police.pk: "present"}, chair="present"
    )
    meeting.refresh_from_db()
    return meeting


def adopt(referral: Any, chair: Viewer, meeting: Any) -> Any:
    """Progress `referral` and adopt it at `meeting` (made quorate)."""
    from cases import actions

    quorate(meeting, chair)
    item = actions.add_to_agenda(viewer=chair, meeting=meeting, referral=referral)
    actions.record_panel_decision(
        viewer=chair, item=item, decision="adopt", reasons="Vulnerable; support helps."
    )
    referral.refresh_from_db()
    return referral


@pytest.fixture
def lifecycle(channel: Channel, partnership: Partnership) -> Lifecycle:
    return build_lifecycle(channel, partnership)


def build_lifecycle(channel: Channel, partnership: Partnership) -> Lifecycle:
    """The transfer is offered to a third partnership, Camden, so that `other_partnership`
    still has no access to anything here."""
    from cases import actions
    from cases.models import InterventionType, PanelAction

    provider = add_person(
        partnership, Role.PROVIDER, email="provider@th.example.gov.uk", full_name="Priya Provider"
    )
    as_police, as_chair = viewer(channel.police, partnership), viewer(channel.chair, partnership)
    as_coordinator, as_referrer = (
        viewer(channel.coordinator, partnership),
        viewer(channel.referrer, partnership),
    )
    today = timezone.localdate()
    meeting = actions.schedule_meeting(
        viewer=as_chair,
        meets_at=timezone.now() - dt.timedelta(days=200),
        location="Town Hall",
        chair=channel.chair,
    )

    def adopted_case(given: str, family: str, born: dt.date) -> Any:
        referral = actions.submit_referral(
            viewer=as_referrer,
            details=referral_details(
                given_names=given,
                family_name=family,
                date_of_birth=born,
                received_at=timezone.now() - dt.timedelta(days=230),
            ),
        )
        return adopt(progress(referral, as_police), as_chair, meeting)

    supported = adopted_case("Jordan", "Reeve", dt.date(today.year - 15, 1, 10))
    actions.record_consent(
        viewer=as_coordinator,
        referral=supported,
        decision="given",
        given_by="parent",
        giver_name="Dana Reeve",
        method="in_person",
        given_on=today - dt.timedelta(days=20),
    )
    intervention = actions.agree_intervention(
        viewer=as_coordinator,
        referral=supported,
        intervention_type=InterventionType.objects.get(code="ideological_mentoring", partnership=None),
        provider_organisation="Approved Intervention Provider",
        provider=provider,
        starts_on=today - dt.timedelta(days=14),
        frequency_days=7,
    )
    actions.log_session(
        viewer=viewer(provider, partnership),
        intervention=intervention,
        held_on=today - dt.timedelta(days=7),
        attended=True,
        notes="Talked about online sources.",
    )
    exited = adopted_case("Morgan", "Hale", dt.date(today.year - 25, 3, 3))
    actions.record_consent(
        viewer=as_coordinator,
        referral=exited,
        decision="given",
        given_by="person",
        method="in_person",
        given_on=timezone.localdate(meeting.meets_at),
    )
    # Long enough ago that the 6-month review's window (from 5 months after exit) is open.
    later = actions.schedule_meeting(
        viewer=as_chair,
        meets_at=timezone.now() - dt.timedelta(days=160),
        location="Town Hall",
        chair=channel.chair,
    )
    item = actions.add_to_agenda(viewer=as_chair, meeting=quorate(later, as_chair), referral=exited)
    actions.record_panel_decision(
        viewer=as_chair,
        item=item,
        decision="exit",
        reasons="Vulnerability reduced.",
        closure_reason="support_complete",
        panel_actions=[actions.NewPanelAction("Tell the college", channel.coordinator, today)],
    )
    exited.refresh_from_db()
    transfer = actions.request_transfer(
        viewer=as_coordinator,
        referral=supported,
        to_partnership=PartnershipFactory.create(name="Camden", slug="camden", code="CA"),
        reason="Family moved.",
    )
    closed = actions.submit_referral(
        viewer=as_referrer,
        details=referral_details(
            given_names="Casey", family_name="Old", received_at=timezone.now() - dt.timedelta(days=1500)
        ),
    )
    actions.confirm_new_person(viewer=as_police, referral=closed)
    actions.record_deconfliction(viewer=as_police, referral=closed, checks="No trace.")
    actions.record_gateway_decision(
        viewer=as_police,
        referral=closed,
        decision="no_further_action",
        reasons="Innocent context.",
        decided_on=today - dt.timedelta(days=1490),
    )
    supported.refresh_from_db()
    return Lifecycle(
        provider,
        supported,
        intervention,
        exited,
        exited.reviews.get(kind="after_exit_6"),
        transfer,
        closed,
        PanelAction.objects.get(agenda_item=item),
    )


# --- tests that commit ------------------------------------------------------------------


@pytest.fixture(scope="module")
def committed_database_put_back(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """For PostgreSQL tests that commit (transaction=True), after which the database is
    emptied: the rows the migrations seeded (concern types, sectors...), which later tests
    read, are put back after the flush, and the audit table's append-only triggers, off
    for the flush (`audit_triggers_off_for_the_flush`), on again."""
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        # Emptied again without the rows the flush's post_migrate made anew (content
        # types, permissions), which would clash with the ones put back.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(before)
        # The flush restarted every table's id sequence and the rows came back with their
        # own ids, so the sequences are moved past them: otherwise the next test on this
        # worker that adds a seeded kind of row (a course, a sector) gets id 1 again.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")


@pytest.fixture
def audit_triggers_off_for_the_flush() -> Iterator[None]:
    yield
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
