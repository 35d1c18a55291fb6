import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from conftest import action_titled, objective_titled, viewer
from lib.errors import Refused
from plans import actions
from plans.models import Action, EvidenceFile, Objective, ProgressUpdate, Strategy

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%test evidence\n"


def test_objectives_areas_and_actions_keep_the_plans_order(plan: Strategy) -> None:
    titles = list(Action.objects.filter(strategy=plan).values_list("title", flat=True))
    assert titles == [
        "Deliver WRAP training in colleges",
        "Review the strategy on unregistered schools",
        "Host two community roundtables",
        "Support the faith network",
    ]
    area = objective_titled("Faith networks")
    assert area.parent == objective_titled("Engage communities")


def test_a_progress_update_stores_the_latest_rag_on_the_action(
    plan: Strategy, coordinator_viewer: Viewer
) -> None:
    action = action_titled("Host two community roundtables")
    update = actions.record_progress_update(
        viewer=coordinator_viewer,
        action=action,
        update_date=dt.date(2018, 9, 30),
        rag="amber",
        commentary="First roundtable held; second booked.",
    )
    action.refresh_from_db()
    assert (action.rag, action.last_update_on) == ("amber", dt.date(2018, 9, 30))
    assert update.author == coordinator_viewer.user
    event = AuditEvent.objects.order_by("-id").first()
    assert event is not None and event.verb == "plans.progress_update.recorded"
    assert event.changes["rag"] == {"from": "", "to": "amber"}


def test_a_back_dated_update_joins_the_history_without_replacing_the_latest(
    plan: Strategy, coordinator_viewer: Viewer
) -> None:
    action = action_titled("Host two community roundtables")
    for day, rag in ((dt.date(2019, 3, 1), "complete"), (dt.date(2018, 9, 30), "amber")):
        actions.record_progress_update(
            viewer=coordinator_viewer, action=action, update_date=day, rag=rag, commentary="Progress."
        )
    action.refresh_from_db()
    assert action.rag == "complete"
    assert action.updates.count() == 2


def test_an_action_owner_updates_only_the_actions_they_lead(
    plan: Strategy, owner: User, partnership: Partnership
) -> None:
    as_owner = viewer(owner, partnership)
    actions.record_progress_update(
        viewer=as_owner,
        action=action_titled("Deliver WRAP training in colleges"),
        update_date=dt.date(2018, 6, 30),
        rag="green",
        commentary="Two sessions delivered.",
    )
    with pytest.raises(Refused, match="only update actions you lead"):
        actions.record_progress_update(
            viewer=as_owner,
            action=action_titled("Host two community roundtables"),
            update_date=dt.date(2018, 6, 30),
            rag="green",
            commentary="Not mine.",
        )


def test_a_steering_member_cannot_update_or_edit(
    plan: Strategy, steering: User, partnership: Partnership
) -> None:
    as_steering = viewer(steering, partnership)
    action = action_titled("Host two community roundtables")
    with pytest.raises(Refused):
        actions.record_progress_update(
            viewer=as_steering, action=action, update_date=dt.date(2018, 6, 30), rag="red", commentary="No."
        )
    with pytest.raises(Refused, match="Only the partnership's Prevent coordinator"):
        actions.update_action(viewer=as_steering, action=action, title="Changed")
    assert ProgressUpdate.objects.count() == 0


def test_another_partnerships_coordinator_cannot_touch_the_plan(
    plan: Strategy, other_partnership: Partnership, person: Callable[..., User]
) -> None:
    outsider = viewer(person(other_partnership, Role.COORDINATOR), other_partnership)
    with pytest.raises(Refused, match="another partnership"):
        actions.update_strategy(viewer=outsider, strategy=plan, title="Taken over")
    plan.refresh_from_db()
    assert plan.title == "Prevent Delivery Plan 2018-19"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"rag": "purple"}, "Select a RAG status"),
        ({"commentary": "   "}, "Enter a commentary"),
        ({"update_date": dt.date.today() + dt.timedelta(days=2)}, "today or in the past"),
    ],
)
def test_a_refused_update_changes_nothing(
    plan: Strategy, coordinator_viewer: Viewer, values: dict, message: str
) -> None:
    arguments = {"update_date": dt.date(2018, 6, 30), "rag": "green", "commentary": "Fine."} | values
    events = AuditEvent.objects.count()
    with pytest.raises(Refused, match=message):
        actions.record_progress_update(
            viewer=coordinator_viewer, action=action_titled("Host two community roundtables"), **arguments
        )
    assert ProgressUpdate.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_evidence_is_stored_under_a_name_that_is_not_the_uploaded_one(
    plan: Strategy, coordinator_viewer: Viewer
) -> None:
    actions.record_progress_update(
        viewer=coordinator_viewer,
        action=action_titled("Host two community roundtables"),
        update_date=dt.date(2018, 6, 30),
        rag="green",
        commentary="Attendance register attached.",
        evidence_files=[SimpleUploadedFile("Register - Jane Smith.pdf", PDF, "application/pdf")],
    )
    stored = EvidenceFile.objects.get()
    assert stored.original_name == "Register - Jane Smith.pdf"
    assert "Jane" not in str(stored.file.name)
    assert stored.size == len(PDF)
    assert stored.file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ", "must be a PDF"),
        ("fake.pdf", b"<html>not a pdf</html>", "is not a real PDF file"),
        ("empty.pdf", b"", "is empty"),
        ("binary.txt", b"abc\x00def", "is not a text file"),
    ],
)
def test_unacceptable_evidence_is_refused_and_nothing_is_saved(
    plan: Strategy, coordinator_viewer: Viewer, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(Refused, match=message):
        actions.record_progress_update(
            viewer=coordinator_viewer,
            action=action_titled("Host two community roundtables"),
            update_date=dt.date(2018, 6, 30),
            rag="green",
            commentary="Evidence attached.",
            evidence_files=[SimpleUploadedFile(name, content)],
        )
    assert ProgressUpdate.objects.count() == 0
    assert EvidenceFile.objects.count() == 0


def test_moving_an_action_to_another_objective_puts_it_last_there(
    plan: Strategy, coordinator_viewer: Viewer
) -> None:
    action = action_titled("Deliver WRAP training in colleges")
    actions.update_action(
        viewer=coordinator_viewer, action=action, objective=objective_titled("Engage communities")
    )
    titles = list(
        Action.objects.filter(objective__title="Engage communities").values_list("title", flat=True)
    )
    assert titles == ["Host two community roundtables", "Deliver WRAP training in colleges"]


def test_an_action_owner_must_be_in_the_partnership(
    plan: Strategy, coordinator_viewer: Viewer, other_partnership: Partnership, person: Callable[..., User]
) -> None:
    stranger = person(other_partnership, Role.ACTION_OWNER)
    with pytest.raises(Refused, match="action owner or coordinator in this partnership"):
        actions.add_action(
            viewer=coordinator_viewer,
            objective=objective_titled("Target support"),
            title="New",
            owner=stranger,
        )


def test_an_area_of_focus_cannot_hold_another(plan: Strategy, coordinator_viewer: Viewer) -> None:
    with pytest.raises(Refused, match="must sit under an objective"):
        actions.add_objective(
            viewer=coordinator_viewer,
            strategy=plan,
            title="Too deep",
            parent=objective_titled("Faith networks"),
        )
    assert not Objective.objects.filter(title="Too deep").exists()


def test_the_period_must_end_after_it_starts(coordinator_viewer: Viewer) -> None:
    with pytest.raises(Refused, match="end of the period must be after its start"):
        actions.create_strategy(
            viewer=coordinator_viewer,
            title="Backwards",
            period_start=dt.date(2019, 1, 1),
            period_end=dt.date(2018, 1, 1),
        )
    assert not Strategy.objects.exists()
