"""Channel, part 1, in a real browser with every page checked for accessibility: a
referrer refers, the police officer progresses the referral, the coordinator shares
information and assesses, the chair adopts it at a panel, the panel member sees only
the agenda's cases, and another partnership sees nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_referral_goes_from_a_school_to_adoption_at_a_panel(browser: Browser, app_url: str) -> None:
    # A school's safeguarding lead refers.
    with signed_in(browser, app_url, "referrer@towerhamlets.demo") as checked:
        page = checked.page
        checked.axe()
        page.get_by_role("link", name="Make a Prevent referral").click()
        checked.axe()
        page.get_by_role("button", name="Start now").click()
        page.get_by_role("button", name="Continue").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person's name")
        checked.axe()
        page.get_by_label("Given names").fill("Noah")
        page.get_by_label("Family name").fill("Fairbairn")
        page.get_by_label("Day").fill("9")
        page.get_by_label("Month").fill("8")
        page.get_by_label("Year").fill("2010")
        page.get_by_role("radio", name="Male", exact=True).check()
        page.get_by_label("School, college or employer").fill("Bow School")
        page.get_by_role("button", name="Continue").click()
        checked.axe()
        page.get_by_role("radio", name="Extreme right-wing").check()
        page.get_by_label("Describe the concern").fill("Shows classmates videos glorifying a mass shooter.")
        page.get_by_role("radio", name="Routine").check()
        page.get_by_role("radio", name="No", exact=True).check()
        page.get_by_role("button", name="Continue").click()
        checked.axe()
        page.get_by_role("radio", name="Education").check()
        page.get_by_role("button", name="Continue").click()
        checked.axe()
        page.get_by_role("button", name="Continue").click()
        expect(
            page.get_by_role("heading", name="Check your answers before sending the referral")
        ).to_be_visible()
        checked.axe()
        page.get_by_role("button", name="Send referral").click()
        expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
        reference = page.locator(".govuk-panel__body strong").inner_text()
        assert re.fullmatch(r"TH-\d{4}-\d{4}", reference)
        checked.axe()
        page.get_by_role("link", name="See the referrals you have made").click()
        expect(page.get_by_role("row", name=re.compile(reference))).to_be_visible()
        checked.axe()

    # The police officer decides it at the gateway.
    with signed_in(browser, app_url, "police@towerhamlets.demo") as checked:
        page = checked.page
        page.get_by_role("link", name=re.compile("waiting at the gateway")).click()
        checked.axe()
        page.get_by_role("link", name=reference).click()
        checked.axe()
        page.get_by_role("button", name="Confirm this is a new person").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("not referred before")
        page.get_by_role("link", name="Record deconfliction").click()
        checked.axe()
        page.get_by_label("Who was consulted").fill("PNC, PND and local intelligence")
        page.get_by_role("radio", name="No conflict").check()
        page.get_by_label("Checks made").fill("PNC, PND and local intelligence: no trace.")
        page.get_by_role("button", name="Record deconfliction").click()
        page.get_by_role("link", name="Record the gateway decision").click()
        page.get_by_role("radio", name="Progress to Channel").check()
        page.get_by_label("Reasons").fill("Vulnerable and drawn to violent extreme right-wing material.")
        page.get_by_role("button", name="Record decision").click()
        expect(page.get_by_text("Stage: Progressed to Channel")).to_be_visible()
        checked.axe()
        case_url = page.url

    # The coordinator shares information and assesses.
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo") as checked:
        page = checked.page
        page.goto(case_url)
        page.get_by_role("link", name="Record information sharing").click()
        checked.axe()
        page.get_by_role("radio", name="Information requested from a partner").check()
        page.get_by_label("Partner organisation and team").fill("Bow School pastoral team")
        page.get_by_role("radio", name=re.compile("s.38")).check()
        page.get_by_label("What was asked for or shared").fill("Attendance and behaviour this term.")
        page.get_by_role("button", name="Record", exact=True).click()
        expect(page.get_by_role("heading", name="Information sharing")).to_be_visible()
        expect(page.get_by_role("cell", name=re.compile("^Bow School pastoral team"))).to_be_visible()
        checked.axe()
        page.get_by_role("link", name="Record a vulnerability assessment").click()
        checked.axe()
        page.get_by_role("group", name="Susceptibility to indoctrination").get_by_label(
            "Present", exact=True
        ).check()
        page.get_by_label("Evidence: Susceptibility to indoctrination").fill(
            "Repeats the shooter's manifesto."
        )
        page.get_by_label("Summary").fill("Engaged with a violent narrative; no capability seen.")
        page.get_by_role("button", name="Record assessment").click()
        expect(page.get_by_role("heading", name="Vulnerability assessment, version 1")).to_be_visible()
        checked.axe()
        page.goto(case_url)
        expect(page.get_by_text("Information requested from Bow School pastoral team")).to_be_visible()
        parts = page.get_by_role("navigation", name="Parts of this case")
        for part in ("Panel and support", "Documents", "Transfer and retention", "Sharing and assessment"):
            parts.get_by_role("link", name=part).click()
            expect(parts.get_by_role("link", name=part)).to_have_attribute("aria-current", "page")
            checked.axe()
        expect(page.get_by_role("link", name="Version 1")).to_be_visible()

    # The chair puts it on the agenda of the panel that met two days ago, whose decisions
    # are still to be typed up (the next panel's cannot be recorded before it meets), and
    # records that the panel adopted it.
    with signed_in(browser, app_url, "chair@towerhamlets.demo") as checked:
        page = checked.page
        page.goto(app_url + "/cases/panels/?show=decisions")
        checked.axe()
        page.locator("tbody tr", has_text="Scheduled").first.get_by_role("link").click()
        held = page.get_by_role("heading", level=1).inner_text().split(" ", 1)[1]  # without the weekday
        page.get_by_label("Case", exact=True).select_option(label=f"{reference}: Noah Fairbairn")
        page.get_by_role("button", name="Add to agenda").click()
        checked.axe()
        page.get_by_role("link", name=f"Record the decision on {reference}").click()
        checked.axe()
        page.get_by_role("radio", name="Adopt as a Channel case").check()
        page.get_by_label("Reasons").fill("Vulnerability present; mentoring can reduce it.")
        page.get_by_role("button", name="Record decision").click()
        expect(page.get_by_role("row", name=re.compile(reference))).to_contain_text("Adopt as a Channel case")
        with page.expect_download() as minutes:
            page.get_by_role("link", name="Download the minutes (PDF)").click()
        assert Path(minutes.value.path()).read_bytes().startswith(b"%PDF-")

    # The panel member sees the cases on their meeting's agenda and nothing else.
    with signed_in(browser, app_url, "panel@towerhamlets.demo") as checked:
        page = checked.page
        page.get_by_role("link", name="Panel meetings").first.click()
        checked.axe()
        page.locator("tbody tr", has_text=held).get_by_role("link").click()
        page.get_by_role("link", name=reference, exact=True).click()
        expect(page.get_by_text("Stage: Adopted as a Channel case")).to_be_visible()
        expect(page.get_by_role("heading", name="Equality information")).to_have_count(0)
        checked.axe()
        parts = page.get_by_role("navigation", name="Parts of this case")
        expect(parts.get_by_role("link")).to_have_text(["Summary", "Panel and support", "Documents"])
        parts.get_by_role("link", name="Panel and support").click()
        expect(page.get_by_text("Adopt as a Channel case")).to_be_visible()
        checked.axe()
        queue = page.goto(app_url + "/cases/queue/")
        assert queue is not None and queue.status == 404

    # Another partnership's coordinator gets 404.
    with signed_in(browser, app_url, "coordinator@cityoflondon.demo") as checked:
        response = checked.page.goto(case_url)
        assert response is not None and response.status == 404
