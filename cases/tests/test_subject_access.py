"""Subject access (UK GDPR Art 15): everything held about one person, as JSON and PDF
in one archive, with nothing about anyone else, and a record that it was produced."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from typing import Any

import pytest

from audit.models import AuditEvent
from cases import actions
from cases.blind import document_digest
from cases.models import Person, SubjectAccessExport
from cases.tests.builders import Team, in_support, make_team, rich_case, today, years_ago
from lib.errors import Refused

pytestmark = pytest.mark.django_db

# What each kind of record planted by rich_case is called there, and must be exported.
EVERY_KIND = (
    "given",
    "family",
    "alias",
    "address",
    "school",
    "narrative",
    "vulnerabilities",
    "religion",
    "health",
    "checks",
    "reasons",
    "sharing",
    "answer",
    "summary",
    "plan",
    "evidence",
    "document_name",
    "panel_reasons",
    "panel_action",
    "parent",
    "capacity",
    "session",
    "review",
    "withdrawal",
)


@pytest.fixture
def team(db: Any) -> Team:
    return make_team("Tower Hamlets", "TH")


@pytest.fixture
def camden(db: Any) -> Team:
    return make_team("Camden", "CA")


def test_a_subject_access_export_holds_everything_about_the_person_and_nothing_else(
    team: Team, camden: Team
) -> None:
    born = years_ago(22)
    first = rich_case(
        team,
        camden,
        tag="Sa",
        received_on=years_ago(6),
        born=born,
        close_on=years_ago(6) + dt.timedelta(days=40),
    )
    second = rich_case(
        team, camden, tag="Sa", received_on=today() - dt.timedelta(days=30), born=born, person=first.person
    )
    assert second.person == first.person
    stranger = rich_case(
        team, camden, tag="Zz", received_on=today() - dt.timedelta(days=20), born=years_ago(30)
    )
    person = Person.objects.get(pk=first.person.pk)

    export, archive = actions.produce_subject_access(viewer=team.coordinator, person=person)

    bundle = zipfile.ZipFile(io.BytesIO(archive))
    assert sorted(bundle.namelist()) == ["subject-access.json", "subject-access.pdf"]
    assert bundle.read("subject-access.pdf").startswith(b"%PDF")
    text = bundle.read("subject-access.json").decode()
    data = json.loads(text)
    assert [r["Reference"] for r in data["Referrals"]] == [
        first.referral.reference,
        second.referral.reference,
    ]
    for what in EVERY_KIND:
        assert first.planted[what] in text, what
    # The parent consented for the child; the adult consented for themselves later.
    consents = [c for r in data["Referrals"] for c in r["Consent"]]
    assert [c["Given by"] for c in consents] == ["A parent or guardian", "The person"]
    assert all(r["Vulnerability assessments"][0]["Findings"] for r in data["Referrals"])
    assert all(r["Interventions"][0]["Sessions"] for r in data["Referrals"])
    assert all(r["Reviews"] for r in data["Referrals"])
    assert all(r["Transfers"][0]["Status"] == "Declined" for r in data["Referrals"])
    views = data["Who viewed or changed these records"]
    assert sum(view["What"] == "Viewed case" for view in views) == 2
    assert {view["Record"] for view in views} >= {first.referral.reference, second.referral.reference}
    # Nothing of the other person in the same partnership.
    assert stranger.referral.reference not in text
    for what, value in stranger.planted.items():
        assert value not in text, what
    assert str(stranger.person.uuid) not in text

    stored = SubjectAccessExport.objects.get()
    assert (stored.pk, stored.person, stored.partnership, stored.referrals) == (
        export.pk,
        person,
        team.partnership,
        2,
    )
    assert (stored.produced_by, stored.keyed_digest) == (team.coordinator.user, document_digest(archive))
    assert hashlib.sha256(archive).hexdigest() not in str(stored.__dict__)
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None
    assert (event.verb, event.object_id, event.changes["referrals"]["to"]) == (
        "cases.person.subject_access_produced",
        str(person.uuid),
        2,
    )
    assert first.planted["given"] not in json.dumps(event.changes) + event.object_label


def test_only_a_coordinator_of_the_persons_partnership_produces_a_subject_access_export(
    team: Team, camden: Team
) -> None:
    referral = in_support(team, date_of_birth=dt.date(2001, 1, 1))
    assert referral.person is not None
    person = referral.person
    events = AuditEvent.objects.count()
    for someone in (team.chair, team.police, team.panel_member, team.provider):
        with pytest.raises(Refused, match="Your role does not allow you to produce subject access exports"):
            actions.produce_subject_access(viewer=someone, person=person)
    with pytest.raises(Refused, match="belongs to another partnership"):
        actions.produce_subject_access(viewer=camden.coordinator, person=person)
    assert not SubjectAccessExport.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_archive_is_rendered_before_the_write_transaction_starts(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rendering the PDF takes seconds; inside a write transaction it held every other
    writer on SQLite. The record of the export is written afterwards, in a short one."""
    from django.db import connection

    from cases import subject_access

    referral = in_support(team, on=today() - dt.timedelta(days=30))
    assert referral.person is not None
    rendered = subject_access.archive
    depths: list[int] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        depths.append(len(connection.savepoint_ids))
        return rendered(*args, **kwargs)

    monkeypatch.setattr(subject_access, "archive", watched)
    outside = len(connection.savepoint_ids)
    actions.produce_subject_access(viewer=team.coordinator, person=referral.person)
    assert depths == [outside]
    assert SubjectAccessExport.objects.filter(person=referral.person).count() == 1
