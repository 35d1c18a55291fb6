"""Importing completions: matching, creating people, whole or nothing, idempotence,
partner leads' rows, the background path and the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from accounts.models import Partnership, User
from audit.models import AuditEvent
from govuk.testing import page
from partners.models import Contact
from training.models import Completion, ImportBatch, ImportLayout, ImportStatus
from training.tests.builders_import import COLUMNS, ImportRecords, csv_upload, import_records, problems, run

pytestmark = pytest.mark.django_db

AWARENESS = "Prevent duty training: Awareness course"


@pytest.fixture
def records(partnership: Partnership, coordinator: User) -> ImportRecords:
    return import_records(partnership, coordinator)


def test_rows_land_matching_people_by_email_and_adding_new_ones(records: ImportRecords) -> None:
    batch = run(
        records.coordinator,
        csv_upload(
            [
                ["p.shah@RIVERSIDE.example.org", "Priya Shah", "", "prevent-awareness", "03/02/2025"],
                [
                    "tom.new@college.example.ac.uk",
                    "Tom New",
                    "tower hamlets   COLLEGE",
                    AWARENESS.upper(),
                    "2025-02-04",
                ],
                ["ana@college.example.ac.uk", "Ana Other", "130416", "Channel awareness", "45000"],
            ]
        ),
    )
    assert batch.status == ImportStatus.DONE, batch.errors
    assert (batch.completions_added, batch.people_added, batch.already_recorded) == (3, 2, 0)
    assert Contact.objects.filter(partnership=records.school.partnership).count() == 3
    tom = Contact.objects.get(email="tom.new@college.example.ac.uk")
    assert (tom.name, tom.organisation, tom.partnership_id) == (
        "Tom New",
        records.college,
        records.school.partnership_id,
    )
    shah = Completion.objects.get(person=records.known)
    assert (shah.course.code, shah.completed_on, shah.source) == (
        "prevent-awareness",
        dt.date(2025, 2, 3),
        "import",
    )
    assert Completion.objects.get(person__email="ana@college.example.ac.uk").completed_on == dt.date(
        2023, 3, 15
    )
    events = AuditEvent.objects.filter(verb="training.completions.imported")
    assert events.count() == 1
    assert events.get().changes["completions_added"]["to"] == 3
    assert not default_storage.exists(f"training-imports/{batch.uuid}.csv")


def test_importing_the_same_file_twice_changes_nothing(records: ImportRecords) -> None:
    rows = [
        ["p.shah@riverside.example.org", "Priya Shah", "", "prevent-awareness", "03/02/2025"],
        [
            "tom.new@college.example.ac.uk",
            "Tom New",
            "Tower Hamlets College",
            "prevent-awareness",
            "04/02/2025",
        ],
    ]
    run(records.coordinator, csv_upload(rows))
    before = (Completion.objects.count(), Contact.objects.count())
    again = run(records.coordinator, csv_upload(rows))
    assert again.status == ImportStatus.DONE
    assert (again.completions_added, again.people_added, again.already_recorded) == (0, 0, 2)
    assert (Completion.objects.count(), Contact.objects.count()) == before


def test_duplicate_rows_and_mixed_case_emails_in_one_file_land_once(records: ImportRecords) -> None:
    rows = [
        [
            "Tom.New@College.example.ac.uk",
            "Tom New",
            "Tower Hamlets College",
            "prevent-awareness",
            "04/02/2025",
        ],
        [
            "tom.new@college.example.ac.uk",
            "Tom New",
            "Tower Hamlets College",
            "prevent-awareness",
            "04/02/2025",
        ],
        [
            "TOM.NEW@COLLEGE.EXAMPLE.AC.UK",
            "T. New",
            "Tower Hamlets College",
            "prevent-awareness",
            "2025-02-04",
        ],
    ]
    batch = run(records.coordinator, csv_upload(rows))
    assert (batch.completions_added, batch.people_added, batch.already_recorded) == (1, 1, 2)
    assert Contact.objects.get(email__iexact="tom.new@college.example.ac.uk").name == "Tom New"


def test_a_file_with_one_bad_row_lands_nothing_and_names_each_bad_row(records: ImportRecords) -> None:
    batch = run(
        records.coordinator,
        csv_upload(
            [
                [
                    "tom.new@college.example.ac.uk",
                    "Tom New",
                    "Tower Hamlets College",
                    "prevent-awareness",
                    "04/02/2025",
                ],
                ["not an email", "X", "Tower Hamlets College", "prevent-awareness", "04/02/2025"],
                ["new@nowhere.example.org", "New Person", "Nowhere Trust", "prevent-awareness", "04/02/2025"],
                ["p.shah@riverside.example.org", "", "", "Knitting", "31/02/2025"],
                ["p.shah@riverside.example.org", "", "", "prevent-awareness", "04/02/2099"],
                [
                    "stranger@college.example.ac.uk",
                    "",
                    "Tower Hamlets College",
                    "prevent-awareness",
                    "04/02/2025",
                ],
            ]
        ),
    )
    assert batch.status == ImportStatus.REFUSED
    found = problems(batch)
    assert set(found) == {3, 4, 5, 6, 7}
    assert "is not an e-mail address" in found[3]
    assert "no organisation on the register is named ‘Nowhere Trust’" in found[4]
    assert "‘Knitting’ is not a course" in found[5] and "is not a date" in found[5]
    assert "in the future" in found[6]
    assert "give their name" in found[7]
    assert batch.error_count == 5
    assert Completion.objects.count() == 0
    assert not Contact.objects.filter(email="tom.new@college.example.ac.uk").exists()
    assert AuditEvent.objects.filter(verb="training.completions.import_refused").count() == 1
    with default_storage.open(batch.error_file, "rb") as stored:
        text = stored.read().decode("utf-8-sig")
    assert text.splitlines()[0] == "Row,Problem"
    assert len(text.splitlines()) == 6


def test_the_first_hundred_problems_are_kept_and_all_are_counted(records: ImportRecords) -> None:
    rows = [[f"bad{n}", "X", "", "prevent-awareness", "04/02/2025"] for n in range(250)]
    batch = run(records.coordinator, csv_upload(rows))
    assert (batch.error_count, len(batch.errors)) == (250, 100)
    with default_storage.open(batch.error_file, "rb") as stored:
        assert len(stored.read().decode("utf-8-sig").splitlines()) == 251


def test_a_partner_lead_imports_only_for_the_organisations_they_lead(records: ImportRecords) -> None:
    refused = run(
        records.lead,
        csv_upload(
            [
                ["p.shah@riverside.example.org", "", "", "prevent-awareness", "03/02/2025"],
                [
                    "tom.new@college.example.ac.uk",
                    "Tom New",
                    "Tower Hamlets College",
                    "prevent-awareness",
                    "04/02/2025",
                ],
            ]
        ),
    )
    assert refused.status == ImportStatus.REFUSED
    assert problems(refused) == {3: "you do not lead Tower Hamlets College"}
    assert Completion.objects.count() == 0
    done = run(
        records.lead,
        csv_upload(
            [
                ["p.shah@riverside.example.org", "", "", "prevent-awareness", "03/02/2025"],
                [
                    "new.teacher@riverside.example.org",
                    "New Teacher",
                    "100001",
                    "prevent-awareness",
                    "04/02/2025",
                ],
            ]
        ),
    )
    assert (done.status, done.completions_added, done.people_added) == (ImportStatus.DONE, 2, 1)
    # Someone at another organisation cannot be reached through their e-mail either.
    run(
        records.coordinator,
        csv_upload(
            [["ana@college.example.ac.uk", "Ana", "Tower Hamlets College", "prevent-awareness", "03/02/2025"]]
        ),
    )
    sneaky = run(
        records.lead,
        csv_upload(
            [["ana@college.example.ac.uk", "Ana", "Riverside Academy", "prevent-awareness", "05/02/2025"]]
        ),
    )
    assert "organisation you do not lead" in problems(sneaky)[2]


def test_a_file_without_a_course_column_is_for_the_course_chosen(records: ImportRecords) -> None:
    from training.models import Course

    course = Course.objects.get(partnership=None, code="channel-awareness")
    batch = run(
        records.coordinator,
        csv_upload([["p.shah@riverside.example.org", "03/02/2025"]], headings=["E-mail", "Date completed"]),
        columns={"email": "E-mail", "completed_on": "Date completed"},
        course=course,
        save_as="Channel module export",
    )
    assert batch.status == ImportStatus.DONE, batch.errors
    assert Completion.objects.get().course == course
    layout = ImportLayout.objects.get(name="Channel module export")
    assert layout.columns["course_for_all"] == str(course.uuid)


def test_an_upload_whose_columns_are_never_chosen_is_not_kept(records: ImportRecords) -> None:
    from training.actions import imports

    old = imports.start_import(
        viewer=records.coordinator, upload=csv_upload([["a@b.example.org", "", "", "x", "1/1/2025"]])
    )
    assert default_storage.exists(old.stored_name)
    ImportBatch.objects.filter(pk=old.pk).update(created_at=old.created_at - dt.timedelta(days=2))
    imports.start_import(
        viewer=records.coordinator, upload=csv_upload([["a@b.example.org", "", "", "x", "1/1/2025"]])
    )
    stored = old.stored_name
    old.refresh_from_db()
    assert (old.status, old.stored_name) == (ImportStatus.REFUSED, "")
    assert not default_storage.exists(stored)


def test_a_layout_saved_with_the_columns_is_offered_for_the_next_file(records: ImportRecords) -> None:
    run(
        records.coordinator,
        csv_upload([["p.shah@riverside.example.org", "", "", "prevent-awareness", "03/02/2025"]]),
        save_as="LMS export",
    )
    layout = ImportLayout.objects.get(name="LMS export")
    assert layout.columns == COLUMNS
    from training.actions import imports

    batch = imports.start_import(
        viewer=records.coordinator,
        upload=csv_upload([["p.shah@riverside.example.org", "", "", "prevent-awareness", "04/02/2025"]]),
        layout=layout,
    )
    assert batch.columns == COLUMNS


def test_a_large_file_runs_as_a_background_task(
    records: ImportRecords, settings: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from cases.tests.test_follow_up import IMMEDIATE
    from training.actions import imports

    settings.TASKS = IMMEDIATE
    settings.TRAINING_IMPORT_BACKGROUND_ROWS = 10
    rows = [
        [
            f"person{n}@riverside.example.org",
            f"Person {n}",
            "Riverside Academy",
            "prevent-awareness",
            "03/02/2025",
        ]
        for n in range(30)
    ]
    batch = imports.start_import(viewer=records.coordinator, upload=csv_upload(rows))
    with django_capture_on_commit_callbacks(execute=True):
        batch = imports.choose_columns(viewer=records.coordinator, batch=batch, columns=COLUMNS)
    assert batch.background
    batch.refresh_from_db()
    assert (batch.status, batch.rows_done, batch.completions_added) == (ImportStatus.DONE, 30, 30)
    assert not default_storage.exists(f"training-imports/{batch.uuid}.csv")


def test_the_pages_take_a_file_through_columns_to_its_result(
    records: ImportRecords, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(records.coordinator.user)
    assert client.get(reverse("training:import_list")).status_code == 200
    response = client.post(
        reverse("training:import_start"),
        {
            "file": csv_upload(
                [["p.shah@riverside.example.org", "Priya Shah", "", "prevent-awareness", "03/02/2025"]]
            )
        },
    )
    assert response.status_code == 302, response.content
    columns_page = client.get(response["Location"])
    assert columns_page.status_code == 200
    form_values = {name: heading for name, heading in COLUMNS.items()}
    done = client.post(
        response["Location"], {**form_values, "course_for_all": "", "save_as": ""}, follow=True
    )
    assert done.status_code == 200
    result = page(done.content)
    assert "File imported" in result.text
    assert Completion.objects.count() == 1
    batch = ImportBatch.objects.get()
    assert (
        client.get(reverse("training:import_columns", args=[batch.uuid]))["Location"]
        == batch.get_absolute_url()
    )


def test_a_refused_file_shows_its_problems_and_offers_them_as_csv(
    records: ImportRecords, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(records.coordinator.user)
    response = client.post(
        reverse("training:import_start"),
        {"file": csv_upload([["nobody", "", "", "prevent-awareness", "03/02/2025"]])},
    )
    done = client.post(response["Location"], {**COLUMNS, "course_for_all": "", "save_as": ""}, follow=True)
    shown = page(done.content)
    table = {row["Row"]: row["Problem"] for row in shown.tables()[0].rows}
    assert "is not an e-mail address" in table["2"]
    batch = ImportBatch.objects.get()
    download = client.get(reverse("training:import_problems", args=[batch.uuid]))
    assert download.status_code == 200
    assert b"is not an e-mail address" in b"".join(download.streaming_content)  # type: ignore[attr-defined]


def test_a_running_import_refreshes_itself(records: ImportRecords, sign_in: Callable[..., Client]) -> None:
    from training.actions import imports

    batch = imports.start_import(
        viewer=records.coordinator,
        upload=csv_upload([["a@b.example.org", "A", "100001", "prevent-awareness", "03/02/2025"]]),
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.CHECKING, rows_done=1, total_rows=2)
    response = sign_in(records.coordinator.user).get(batch.get_absolute_url())
    assert response["Refresh"] == "5"
    assert "1 of about 2 rows checked (50%)" in page(response.content).by_id("import-progress").text


def test_a_partner_lead_sees_only_their_own_imports(
    records: ImportRecords, sign_in: Callable[..., Client]
) -> None:
    from training.actions import imports

    batch = imports.start_import(
        viewer=records.coordinator,
        upload=csv_upload([["a@b.example.org", "A", "100001", "prevent-awareness", "03/02/2025"]]),
    )
    client = sign_in(records.lead.user)
    assert client.get(batch.get_absolute_url()).status_code == 404
    assert client.get(reverse("training:import_columns", args=[batch.uuid])).status_code == 404
    assert client.get(reverse("training:import_list")).status_code == 200


def test_the_coordinator_deletes_a_saved_layout_and_a_partner_lead_cannot(
    records: ImportRecords, sign_in: Callable[..., Client]
) -> None:
    from training.actions import imports

    layout = imports.save_layout(viewer=records.coordinator, name="LMS export", columns=COLUMNS)
    delete = reverse("training:layout_delete", args=[layout.uuid])
    # The partner lead sees the layout offered but no delete button, and the route is 404.
    lead = sign_in(records.lead.user)
    [shown] = page(lead.get(reverse("training:import_list")).content).by_id("main-content").tables()[-1:]
    assert [row["Layout"] for row in shown.rows] == ["LMS export"]
    assert "Delete" not in shown.headers
    assert lead.post(delete).status_code == 404
    client = sign_in(records.coordinator.user)
    [row] = page(client.get(reverse("training:import_list")).content).tables()[-1].rows
    assert (row["Layout"], row["Delete"]) == ("LMS export", "Delete the layout LMS export")
    assert client.post(delete).status_code == 302
    assert client.post(delete).status_code == 404  # pressed twice
    assert not ImportLayout.objects.filter(pk=layout.pk).exists()
    event = AuditEvent.objects.get(verb="training.import_layout.deleted")
    assert event.changes == {"name": {"from": "LMS export", "to": None}}
