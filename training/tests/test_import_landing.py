"""Landing an import: the people it adds and those already recorded go by different
statements on PostgreSQL (training.importing._land_postgresql); both paths, and a person
added by someone else between the check and the landing, on either database."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Partnership, User
from partners import actions as partner_actions
from partners.models import Contact
from training import importing
from training.models import Completion, ImportStatus
from training.tests.builders_import import ImportRecords, csv_upload, import_records, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(partnership: Partnership, coordinator: User) -> ImportRecords:
    return import_records(partnership, coordinator)


def test_a_person_added_between_the_check_and_the_landing_is_not_added_twice(
    records: ImportRecords, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked_by = importing.check

    def check_then_someone_adds_them(*args: Any, **kwargs: Any) -> importing.Checked:
        checked = checked_by(*args, **kwargs)
        # Someone else records the person while the file is being checked.
        partner_actions.add_contact(
            viewer=records.coordinator,
            organisation=records.college,
            name="Sam Race",
            job_title="",
            email="Sam.Race@college.example.ac.uk",
            roles=[],
        )
        return checked

    monkeypatch.setattr(importing, "check", check_then_someone_adds_them)
    batch = run(
        records.coordinator,
        csv_upload(
            [
                [
                    "sam.race@college.example.ac.uk",
                    "Sam Race",
                    "Tower Hamlets College",
                    "prevent-awareness",
                    "03/02/2025",
                ],
                ["SAM.RACE@college.example.ac.uk", "Sam Race", "", "prevent-awareness", "03/02/2025"],
                ["sam.race@college.example.ac.uk", "Sam Race", "", "channel-awareness", "04/02/2025"],
                [
                    "new.one@college.example.ac.uk",
                    "New One",
                    "Tower Hamlets College",
                    "prevent-awareness",
                    "05/02/2025",
                ],
                ["new.one@college.example.ac.uk", "New One", "", "prevent-awareness", "05/02/2025"],
                ["p.shah@riverside.example.org", "", "", "prevent-awareness", "06/02/2025"],
            ]
        ),
    )
    assert batch.status == ImportStatus.DONE, batch.errors
    assert (batch.people_added, batch.completions_added, batch.already_recorded) == (1, 4, 2)
    sam = Contact.objects.get(email__iexact="sam.race@college.example.ac.uk")
    assert Contact.objects.filter(email__iexact="sam.race@college.example.ac.uk").count() == 1
    assert sorted(Completion.objects.filter(person=sam).values_list("course__code", flat=True)) == [
        "channel-awareness",
        "prevent-awareness",
    ]
    assert Completion.objects.filter(person__email="new.one@college.example.ac.uk").count() == 1
    assert Completion.objects.filter(person=records.known).count() == 1


def test_a_new_person_s_completions_land_with_the_line_of_their_first_row(records: ImportRecords) -> None:
    rows = [
        [
            "new.one@college.example.ac.uk",
            "New One",
            "Tower Hamlets College",
            "prevent-awareness",
            "05/02/2025",
        ],
        ["new.one@college.example.ac.uk", "New One", "", "channel-awareness", "05/02/2025"],
        ["new.one@college.example.ac.uk", "New One", "", "prevent-awareness", "05/02/2025"],
    ]
    batch = run(records.coordinator, csv_upload(rows))
    assert (batch.people_added, batch.completions_added, batch.already_recorded) == (1, 2, 1)
    # Each completion's UUID ends with the line it was read from (hex): the first row of
    # each person, course and date is kept.
    lines = sorted(
        int(str(uuid).replace("-", "")[-12:], 16)
        for uuid in Completion.objects.filter(person__email="new.one@college.example.ac.uk").values_list(
            "uuid", flat=True
        )
    )
    assert lines == [2, 3]
    again = run(records.coordinator, csv_upload(rows))
    assert (again.people_added, again.completions_added, again.already_recorded) == (0, 0, 3)
