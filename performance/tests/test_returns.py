"""The partnership's quarterly return: who may open it, the locked snapshot, the changes
since the previous quarter, reopening, downloads and disclosure control."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases import actions as case_actions
from cases.models import StatisticalRecord
from conftest import add_person, referral_details, viewer
from govuk.testing import page
from lib.bands import financial_quarter, financial_year
from lib.errors import Refused
from performance import releases, return_actions, return_figures
from performance.disclosure import Rules
from performance.models import PartnershipReturn, PartnershipReturnStatus
from performance.tests.builders_returns import prepared, returns_for_walks

pytestmark = pytest.mark.django_db


def _refer(partnership: Partnership, number: int) -> list[Any]:
    referrer = add_person(partnership, Role.REFERRER)
    as_referrer = viewer(referrer, partnership)
    return [
        case_actions.submit_referral(viewer=as_referrer, details=referral_details()) for _ in range(number)
    ]


def _discussed(referrals: list[Any]) -> None:
    StatisticalRecord.objects.filter(referral__in=referrals).update(discussed_at_panel=True)


def _figures(
    client: Client, partnership_return: PartnershipReturn, section: str = "channel"
) -> dict[str, dict[str, str]]:
    response = client.get(partnership_return.get_absolute_url())
    assert response.status_code == 200
    table = next(t for t in page(response.content).tables() if t.caption.startswith(section))
    return {row["Figure"]: row for row in table.rows}


def _submitted_with_two_discussed(
    partnership: Partnership, coordinator: Viewer, returns: Any
) -> PartnershipReturn:
    """This quarter's return submitted with 6 referrals received, 2 of them discussed at panel."""
    referrals = _refer(partnership, 6)
    _discussed(referrals[:2])
    prepared(coordinator, returns.draft)
    return return_actions.submit_return(viewer=coordinator, partnership_return=returns.draft)


@pytest.fixture
def returns(coordinator_viewer: Viewer) -> Any:
    return returns_for_walks(coordinator_viewer)


@pytest.fixture
def funder(partnership: Partnership) -> User:
    return add_person(partnership, Role.FUNDER, email="funder@homeoffice.example.gov.uk")


def test_the_draft_reads_the_records_and_the_submitted_return_does_not_change(
    partnership: Partnership,
    coordinator_viewer: Viewer,
    coordinator: User,
    returns: Any,
    sign_in: Callable[..., Client],
) -> None:
    referrals = _refer(partnership, 6)
    _discussed(referrals[:2])
    client = sign_in(coordinator)
    figures = _figures(client, returns.draft, "Channel")
    assert figures["Referrals received"]["This quarter"] == "6"
    assert figures["Discussed at a Channel panel"]["This quarter"] == "2"
    prepared(coordinator_viewer, returns.draft)
    submitted = return_actions.submit_return(viewer=coordinator_viewer, partnership_return=returns.draft)
    _refer(partnership, 3)
    _discussed(referrals)
    figures = _figures(client, submitted, "Channel")
    assert figures["Referrals received"]["This quarter"] == "6"
    assert figures["Discussed at a Channel panel"]["This quarter"] == "2"
    assert return_figures.channel_counts(partnership, submitted.quarter)["referrals"] == 9
    with pytest.raises(Refused):
        return_actions.save_return(
            viewer=coordinator_viewer, partnership_return=submitted, channel_narrative="x"
        )


def test_each_figure_is_beside_the_previous_quarters_with_the_change_in_words(
    partnership: Partnership, coordinator: User, returns: Any, sign_in: Callable[..., Client]
) -> None:
    referrals = _refer(partnership, 6)
    _discussed(referrals[:2])
    figures = _figures(sign_in(coordinator), returns.draft, "Channel")
    assert figures["Referrals received"] | {} == {
        "Figure": "Referrals received",
        "This quarter": "6",
        "Target or budget": "",
        "Previous quarter": "0",
        "Change": "up 6",
        "In the funder's copy": "Shown",
    }
    assert figures["Adopted as a Channel case"]["Change"] == "same"
    # The coordinator sees the exact count, and that the funder's copy suppresses it.
    assert figures["Discussed at a Channel panel"]["This quarter"] == "2"
    assert figures["Discussed at a Channel panel"]["In the funder's copy"] == "Suppressed"


def test_the_change_reads_down_too() -> None:
    assert return_figures.change_words(Decimal(3), Decimal(5), "count") == "down 2"
    assert return_figures.change_words(Decimal("10.50"), Decimal(10), "money") == "up £0.50"
    assert return_figures.change_words(None, Decimal(1), "count") == "not comparable"


def test_the_funder_sees_small_channel_counts_suppressed(
    partnership: Partnership,
    coordinator_viewer: Viewer,
    funder: User,
    returns: Any,
    sign_in: Callable[..., Client],
) -> None:
    submitted = _submitted_with_two_discussed(partnership, coordinator_viewer, returns)
    client = sign_in(funder)
    figures = _figures(client, submitted, "Channel")
    assert figures["Referrals received"]["This quarter"] == "6"
    assert figures["Discussed at a Channel panel"]["This quarter"] == "[c]"
    assert figures["Discussed at a Channel panel"]["Change"] == "[c]"
    assert "In the funder's copy" not in figures["Referrals received"]
    protected = releases.protected(partnership, financial_year(submitted.quarter))
    assert (
        "quarterly-return-" + submitted.quarter.isoformat(),
        "Discussed at a Channel panel",
        "Count",
    ) in protected.suppressed_cells()


def test_downloads_are_the_funders_copy_with_the_rules_in_the_notes(
    partnership: Partnership,
    coordinator_viewer: Viewer,
    coordinator: User,
    returns: Any,
    sign_in: Callable[..., Client],
) -> None:
    submitted = _submitted_with_two_discussed(partnership, coordinator_viewer, returns)
    client = sign_in(coordinator)
    response = client.get(reverse("performance:return_download", args=[submitted.uuid, "xlsx"]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    channel = {row[0]: row for row in book["Channel"].iter_rows(values_only=True)}
    assert channel["Referrals received"][1:5] == ("6", None, "0", "up 6")
    assert channel["Discussed at a Channel panel"][1] == "[c]"
    notes = [row[0] for row in book["Notes"].iter_rows(min_row=2, values_only=True)]
    for note in Rules().notes():
        assert note in notes
    about = {row[0]: row[1] for row in book["Return"].iter_rows(min_row=2, values_only=True)}
    assert about["Protective marking"] == "OFFICIAL"
    assert about["Version"] == "1"
    pdf = client.get(reverse("performance:return_download", args=[submitted.uuid, "pdf"]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(verb="performance.return.downloaded").count() == 2


def test_reopening_needs_a_reason_and_starts_the_next_version(
    coordinator_viewer: Viewer, coordinator: User, funder: User, returns: Any, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    url = reverse("performance:return_reopen", args=[returns.submitted.uuid])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Say why the return is being reopened" in response.content.decode()
    assert PartnershipReturn.objects.filter(quarter=returns.submitted.quarter).count() == 1
    response = client.post(url, {"reason": "Two referrals were recorded in the wrong quarter."})
    following = PartnershipReturn.objects.get(quarter=returns.submitted.quarter, version=2)
    assert response["Location"] == following.get_absolute_url()
    returns.submitted.refresh_from_db()
    assert returns.submitted.status == PartnershipReturnStatus.REOPENED
    assert returns.submitted.snapshot is not None
    event = AuditEvent.objects.get(verb="performance.return.reopened")
    assert event.changes["reason"]["to"] == "Two referrals were recorded in the wrong quarter."
    versions = next(
        t
        for t in page(client.get(following.get_absolute_url()).content).tables()
        if t.caption == "Versions of this return"
    )
    assert [row["Version"] for row in versions.rows] == ["2", "1"]
    assert versions.rows[0]["Why it was started"] == "Two referrals were recorded in the wrong quarter."
    # The funder still has version 1 until version 2 is submitted; the draft answers 404.
    assert sign_in(funder).get(following.get_absolute_url()).status_code == 404
    assert sign_in(funder).get(returns.submitted.get_absolute_url()).status_code == 200
    with pytest.raises(Refused):
        return_actions.reopen_return(
            viewer=coordinator_viewer, partnership_return=returns.submitted, reason="Again"
        )


@pytest.mark.parametrize("role", [Role.FUNDER, Role.STEERING])
def test_funder_and_steering_read_submitted_returns_only(
    partnership: Partnership, role: Role, returns: Any, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(add_person(partnership, role))
    assert client.get(returns.submitted.get_absolute_url()).status_code == 200
    assert client.get(returns.draft.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("performance:return_download", args=[returns.draft.uuid, "pdf"])).status_code
        == 404
    )
    for name in ("return_edit", "return_submit", "return_reopen"):
        assert client.get(reverse(f"performance:{name}", args=[returns.submitted.uuid])).status_code == 404
    listed = page(client.get(reverse("performance:return_list")).content).tables()[0]
    assert len(listed.rows) == 1


def test_submitting_needs_a_contact_and_bad_input_is_refused(
    coordinator: User, returns: Any, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    response = client.post(reverse("performance:return_submit", args=[returns.draft.uuid]))
    assert response.status_code == 200
    assert "Give a contact name and email address" in response.content.decode()
    edit = reverse("performance:return_edit", args=[returns.draft.uuid])
    response = client.post(edit, {"contact_email": "not an email", "channel_narrative": "x" * 6000})
    assert response.status_code == 200
    returns.draft.refresh_from_db()
    assert returns.draft.channel_narrative == ""
    start = reverse("performance:return_start")
    assert client.post(start, {"quarter": "2019-02-30"}).status_code == 200
    assert client.post(start, {"quarter": ["a", "b"]}).status_code == 200
    assert (
        client.get(reverse("performance:return_download", args=[returns.submitted.uuid, "csv"])).status_code
        == 404
    )


def test_the_coordinator_is_told_when_the_last_quarters_return_is_due(
    coordinator_viewer: Viewer, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(coordinator)
    assert "Quarterly return due" in client.get(reverse("home")).content.decode()
    returns_for_walks(coordinator_viewer)
    assert "Quarterly return due" not in client.get(reverse("home")).content.decode()


def test_the_submitted_count_and_the_statistics_total_are_protected_together(
    partnership: Partnership, coordinator_viewer: Viewer, returns: Any
) -> None:
    """Referrals recorded after a return was submitted make its "referrals received" differ
    from the statistics' total for the quarter. Published side by side, the two would give
    away the difference (here 2) even where each is shown; the release relates them through
    the difference, so one of them is suppressed and nothing can be worked out."""
    from performance.tests.test_disclosure import recoverable

    submitted = _submitted_with_two_discussed(partnership, coordinator_viewer, returns)
    _refer(partnership, 2)
    year = financial_year(submitted.quarter)
    built = releases.release(partnership, year)
    key = "quarterly-return-" + submitted.quarter.isoformat()
    assert built.values()[(f"{key}-difference", "Difference", "Count")] == 2
    protected = built.protect(releases.rules_for(partnership))
    assert not recoverable(built, protected)
    statistics_total = (f"statistics-sector-q{financial_quarter(submitted.quarter)}", "Total", "Referrals")
    assert built.values()[statistics_total] == 8
    shown = [protected.value(key, "Referrals received", "Count"), protected.value(*statistics_total)]
    assert None in shown, shown
