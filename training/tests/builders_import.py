"""A partnership ready for completion imports: organisations (one led by a partner lead),
a person already on the register, and files in the shapes certificate exports take."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from conftest import add_person, viewer
from partners import actions as partner_actions
from partners.models import Contact, Organisation, PartnerLead
from partners.tests.builders import organisation
from training.actions import imports
from training.models import ImportBatch, ImportLayout, ImportStatus

HEADINGS = ["Email address", "Full name", "Organisation", "Course", "Completion date"]
COLUMNS = {
    "email": "Email address",
    "name": "Full name",
    "organisation": "Organisation",
    "course": "Course",
    "completed_on": "Completion date",
}


@dataclass(frozen=True)
class ImportRecords:
    coordinator: Viewer
    lead: Viewer
    school: Organisation  # led by `lead`
    college: Organisation  # not led by `lead`
    known: Contact  # at the school, already on the register


def import_records(partnership: Partnership, coordinator: User) -> ImportRecords:
    coordinator_viewer = viewer(coordinator, partnership)
    school = organisation(coordinator_viewer, "Riverside Academy", "school-academy", urn="100001")
    college = organisation(coordinator_viewer, "Tower Hamlets College", "further-education", urn="130416")
    known = partner_actions.add_contact(
        viewer=coordinator_viewer,
        organisation=school,
        name="Priya Shah",
        job_title="Deputy head",
        email="P.Shah@Riverside.example.org",
        roles=[],
    )
    lead_user = add_person(
        partnership, Role.PARTNER_LEAD, email="lead@riverside.example.org", full_name="Lena Lead"
    )
    PartnerLead.objects.create(user=lead_user, organisation=school)
    return ImportRecords(coordinator_viewer, viewer(lead_user, partnership), school, college, known)


def csv_bytes(rows: Sequence[Sequence[object]], headings: list[str] = HEADINGS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def csv_upload(
    rows: Sequence[Sequence[object]], headings: list[str] = HEADINGS, name: str = "export.csv"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows, headings), content_type="text/csv")


def run(
    viewer: Viewer, upload: SimpleUploadedFile, columns: dict[str, str] | None = None, **options: object
) -> ImportBatch:
    """Upload, choose the columns and run the import, as the pages do for a small file."""
    batch = imports.start_import(viewer=viewer, upload=upload)
    batch = imports.choose_columns(viewer=viewer, batch=batch, columns=columns or COLUMNS, **options)  # type: ignore[arg-type]
    assert batch.status == ImportStatus.QUEUED
    return imports.run_import(batch=batch)


def problems(batch: ImportBatch) -> dict[int, str]:
    return {line: reason for line, reason in batch.errors}


@dataclass(frozen=True)
class ImportWalkRecords:
    uploaded: ImportBatch  # waiting for its columns
    refused: ImportBatch  # with its problems file
    layout: ImportLayout  # a saved column layout


def imports_for_walks(coordinator: Viewer) -> ImportWalkRecords:
    """Two of the coordinator's imports, for the URL walks (config/tests/test_url_access.py)."""
    uploaded = imports.start_import(
        viewer=coordinator,
        upload=csv_upload([["someone@example.org", "Some One", "", "prevent-awareness", "03/02/2025"]]),
    )
    refused = run(coordinator, csv_upload([["not an e-mail", "", "", "prevent-awareness", "03/02/2025"]]))
    layout = imports.save_layout(
        viewer=coordinator, name="Home Office e-learning export", columns=dict(COLUMNS)
    )
    return ImportWalkRecords(uploaded, refused, layout)
