"""Importing Census 2021 tables by local authority: both ONS layouts, the preview and the
confirmation, a re-run replacing, and hostile files refused with nothing written."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from accounts.models import Membership, Partnership, Role, User
from govuk.testing import page
from performance import equality, population
from performance.models import EqualityArea, PopulationFigure, PopulationImport

LONG = (
    "Lower tier local authorities Code,Lower tier local authorities,Ethnic group (20 categories) Code,"
    "Ethnic group (20 categories),Observation\n"
    "E09000030,Tower Hamlets,-8,Does not apply,0\n"
    'E09000030,Tower Hamlets,1,"Asian, Asian British or Asian Welsh: Bangladeshi",107333\n'
    'E09000030,Tower Hamlets,2,"Asian, Asian British or Asian Welsh: Chinese",9000\n'
    'E09000030,Tower Hamlets,6,"Black, Black British, Black Welsh, Caribbean or African: African",12000\n'
    'E09000030,Tower Hamlets,13,"White: English, Welsh, Scottish, Northern Irish or British",70000\n'
    "E09000030,Tower Hamlets,10,Mixed or Multiple ethnic groups: White and Asian,5000\n"
    "E09000030,Tower Hamlets,18,Other ethnic group: Arab,4000\n"
    'E09000033,Westminster,1,"Asian, Asian British or Asian Welsh: Bangladeshi",5000\n'
)
BULK = (
    "date,geography,geography code,Religion: Total: All usual residents,Religion: No religion,"
    "Religion: Christian,Religion: Muslim,Religion: Not answered\n"
    "2021,Tower Hamlets,E09000030,310300,80000,70000,123000,37300\n"
    "2021,Westminster,E09000033,204300,60000,80000,40000,24300\n"
)


def test_the_long_layout_is_read_into_the_census_groups_for_the_partnership_only() -> None:
    parsed = population.parse("ts021.csv", LONG.encode(), ["E09000030"])
    assert parsed.dimension == "ethnicity"
    assert parsed.by_group() == {
        "Asian": 116_333,
        "Black": 12_000,
        "White": 70_000,
        "Mixed": 5_000,
        "Other": 4_000,
    }
    assert parsed.areas_in_file == 2


def test_the_bulk_layout_is_read_by_its_headings() -> None:
    parsed = population.parse("census2021-ts030-ltla.csv", BULK.encode(), ["E09000030"])
    assert parsed.dimension == "religion"
    assert parsed.by_group() == {
        "No religion": 80_000,
        "Christian": 70_000,
        "Muslim": 123_000,
        "Not answered": 37_300,
    }


def test_ages_fit_the_bands_by_single_year_and_refuse_bands_across_two() -> None:
    assert population.group_of("age_band", "Aged under 1 year") == "10 and under"
    assert population.group_of("age_band", "Aged 16 years") == "16 to 17"
    assert population.group_of("age_band", "Aged 100 years and over") == "51 and over"
    assert population.group_of("age_band", "Aged 4 years and under") == "10 and under"
    assert population.group_of("age_band", "Aged 10 to 14 years") == ""


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet: Any = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.csv", b"", "empty"),
        ("t.csv", "\ufeffa,b\n".encode("utf-16"), "Unicode text"),
        ("t.csv", b"\x00\x01\x02", "NUL"),
        ("t.pdf", b"%PDF", "CSV or XLSX"),
        ("t.csv", b"Area,Group,Count\nE09000030,White,1\n", "no column of local authority codes"),
        ("t.csv", b"geography code,Observation\nE09000030,1\n", "no column of categories"),
        ("t.csv", b"geography code,Religion,Observation\nE09000030,Christian,=1+1\n", "whole number"),
        ("t.csv", b"geography code,Religion,Observation\nE09000030,Christian,99999999999\n", "whole number"),
        ("t.csv", b"geography code,Religion,Observation\nE09000030,Pastafarian,10\n", "does not fit"),
        (
            "t.csv",
            b"geography code,Religion,Observation\nE09000099,Christian,10\n",
            "no figures for E09000030",
        ),
        ("t.csv", ("geography code," + ",".join(f"c{i}" for i in range(400)) + "\n").encode(), "columns"),
        ("t.csv", b"x" * (population.MAX_BYTES + 1), "smaller than 5MB"),
        ("t.xlsx", b"PK\x03\x04 not really a workbook", ""),
        (
            "t.xlsx",
            xlsx([["geography code", "Sex", "Observation"], ["E09000030", "Female", "=A1"]]),
            "whole number",
        ),
    ],
)
def test_hostile_files_are_refused(name: str, content: bytes, message: str) -> None:
    with pytest.raises(population.Refusal, match=message or None):
        population.parse(name, content, ["E09000030"])


def test_a_file_claiming_huge_dimensions_is_refused_in_bounded_time() -> None:
    rows = "".join(f"E{i:08d},Christian,1\n" for i in range(1200))
    with pytest.raises(population.Refusal, match="more than 1,000 areas"):
        population.parse("t.csv", f"geography code,Religion,Observation\n{rows}".encode(), ["E09000030"])
    # A workbook whose sheet says it spans a million rows: read_table's checks refuse it.
    book = Workbook()
    sheet: Any = book.active
    sheet["A1"] = "geography code"
    sheet["A1048576"] = "E09000030"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(population.Refusal):
        population.parse("t.xlsx", buffer.getvalue(), ["E09000030"])


@pytest.fixture
def coordinator(db: Any, sign_in: Callable[..., Client]) -> Client:
    partnership = Partnership.objects.create(name="Tower Hamlets", slug="th", code="TH")
    user = User.objects.create_user("coordinator@th.example.gov.uk", "a long test password", full_name="C")
    Membership.objects.create(user=user, partnership=partnership, role=Role.COORDINATOR)
    return sign_in(user)


URL = "/performance/equality/population/"


def test_upload_preview_confirm_and_a_rerun_replaces(coordinator: Client) -> None:
    response = coordinator.post(
        URL, {"step": "area", "local_authority_codes": "e09000030", "residents": "310300"}
    )
    assert response.status_code == 302
    area = EqualityArea.objects.get()
    assert (area.local_authority_codes, area.residents) == ("E09000030", 310_300)
    upload = SimpleUploadedFile("ts021.csv", LONG.encode(), content_type="text/csv")
    assert coordinator.post(URL, {"step": "upload", "file": upload}).status_code == 302
    assert not PopulationFigure.objects.exists()  # nothing written before confirming
    preview = page(coordinator.get(URL).content).by_id("preview").text
    assert "Ethnic group" in preview and "116333" in preview
    coordinator.post(URL, {"step": "confirm"})
    assert PopulationFigure.objects.count() == 5  # one a group: Does not apply skipped, Asian added up
    assert equality.population(area.partnership).imported == {"ethnicity"}
    again = LONG.replace("107333", "100000")
    coordinator.post(URL, {"step": "upload", "file": SimpleUploadedFile("ts021.csv", again.encode())})
    coordinator.post(URL, {"step": "confirm"})
    assert (
        PopulationFigure.objects.get(group="Asian", area_name="Tower Hamlets", residents__gt=50_000).residents
        == 109_000
    )
    assert PopulationImport.objects.count() == 2


def test_a_refused_file_writes_nothing_and_says_why(coordinator: Client) -> None:
    coordinator.post(URL, {"step": "area", "local_authority_codes": "E09000030", "residents": "1000"})
    response = coordinator.post(
        URL,
        {
            "step": "upload",
            "file": SimpleUploadedFile(
                "t.csv", b"geography code,Religion,Observation\nE09000030,Christian,lots\n"
            ),
        },
    )
    assert response.status_code == 200
    assert "whole number" in response.content.decode()
    coordinator.post(URL, {"step": "confirm"})
    assert not PopulationFigure.objects.exists()
    response = coordinator.post(
        URL, {"step": "area", "local_authority_codes": "Tower Hamlets", "residents": "x"}
    )
    assert response.status_code == 200
    assert EqualityArea.objects.get().local_authority_codes == "E09000030"
