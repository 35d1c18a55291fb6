"""Migration 0014 (quorum): an invitation's `attended` becomes `attendance`: yes is
present, no is absent, and not recorded stays not recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.models import Partnership, User

BEFORE = [("cases", "0013_referral_form")]
AFTER = [("cases", "0014_quorum_papers")]


def _migrates_attended_to_attendance() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    # The accounts tables are as they are now (only the cases app went back): made with
    # today's models, and linked to the historical ones by id.
    partnership = Partnership.objects.create(name="Test", slug="test", code="TE")
    chair = User.objects.create_user("chair@example.gov.uk", "a long test password", full_name="Chair")
    meeting = apps.get_model("cases", "PanelMeeting").objects.create(
        partnership_id=partnership.pk, meets_at=timezone.now() - dt.timedelta(days=1), chair_id=chair.pk
    )
    invitation = apps.get_model("cases", "PanelInvitation")
    for number, attended in enumerate((True, False, None)):
        member = User.objects.create_user(f"m{number}@example.gov.uk", "a long test password", full_name="M")
        invitation.objects.create(
            meeting_id=meeting.pk, member_id=member.pk, agency="Agency", attended=attended
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    migrated = apps.get_model("cases", "PanelInvitation").objects.order_by("member__email")
    assert [row.attendance for row in migrated] == ["present", "absent", ""]
    assert apps.get_model("cases", "PanelMeeting").objects.get().chair_attendance == ""

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's is below")
@pytest.mark.django_db(transaction=True)
def test_attended_becomes_attendance() -> None:
    _migrates_attended_to_attendance()


# Committed, so the database is emptied afterwards: on PostgreSQL with the audit table's
# append-only triggers off for the flush, and the seeded rows put back.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQLite test is above")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_database_put_back", "audit_triggers_off_for_the_flush")
def test_attended_becomes_attendance_on_postgresql() -> None:
    _migrates_attended_to_attendance()
