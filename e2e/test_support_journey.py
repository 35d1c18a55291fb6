"""Channel, part 2, in a real browser with every page checked for accessibility: the
coordinator records consent and agrees an intervention, the intervention provider logs a
session seeing only the minimum, the chair reviews the case at a panel held now and agrees
an exit, the coordinator finds the reviews after exit not yet open, and a later panel closes
the case at the six-month review, with a reason and confirmation; and a case transferred
between partnerships is accepted by the receiving coordinator."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from e2e.conftest import Checked, panel_meeting_now, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PROVIDER = "Demo intervention provider (mentor), Tower Hamlets"


def _today(checked: Checked, legend: str) -> None:
    today = timezone.localdate()
    group = checked.page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))


def test_an_adopted_case_goes_through_support_exit_and_closure(browser: Browser, app_url: str) -> None:
    # The coordinator records consent and agrees the support plan.
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo") as checked:
        page = checked.page
        page.goto(app_url + "/cases/?state=adopted")
        checked.axe()
        # The demo's own adopted case, the oldest: a newer one may be the other journey's,
        # already discussed at the panel this journey uses.
        page.locator("tbody tr").last.get_by_role("link").first.click()
        expect(page.get_by_text("Stage: Adopted as a Channel case")).to_be_visible()
        reference = page.locator(".govuk-caption-l").first.inner_text()
        name = page.get_by_role("heading", level=1).inner_text()
        case_url = page.url
        page.get_by_role("link", name="Record consent").click()
        checked.axe()
        age = int(re.search(r"The person is (\d+) today", page.content()).group(1))  # type: ignore[union-attr]
        page.get_by_role("radio", name="Consent given").check()
        if age < 18:
            page.get_by_role("radio", name="A parent or guardian").check()
            page.get_by_label("Name of the parent or guardian").fill("Parent (demo)")
        else:
            page.get_by_role("radio", name="The person").check()
        page.get_by_role("radio", name="In person").check()
        _today(checked, "Date of the decision")
        page.get_by_role("button", name="Record consent").click()
        expect(page.get_by_text("Stage: Receiving support")).to_be_visible()
        checked.axe()
        page.get_by_role("link", name="Agree an intervention").click()
        checked.axe()
        page.get_by_label("Type of intervention").select_option(label="Theological or ideological mentoring")
        page.get_by_label("Intervention Provider or partner agency").fill("Approved Intervention Provider")
        page.get_by_label("Intervention provider who logs its sessions").select_option(label=PROVIDER)
        _today(checked, "Start date")
        page.get_by_role("radio", name="Weekly").check()
        page.get_by_role("button", name=re.compile("Agree")).click()
        expect(page.get_by_role("heading", name="Theological or ideological mentoring")).to_be_visible()
        checked.axe()

    # The provider logs a session and sees nothing else of the case.
    with signed_in(browser, app_url, "provider@towerhamlets.demo") as checked:
        page = checked.page
        checked.axe()
        page.get_by_role("link", name="Your interventions").click()
        checked.axe()
        page.locator("tbody tr", has_text=name).get_by_role("link").first.click()
        checked.axe()
        expect(page.get_by_text(name).first).to_be_visible()
        expect(page.get_by_text(reference)).to_have_count(0)
        page.get_by_role("link", name="Log a session").click()
        checked.axe()
        _today(checked, "Date of the session")
        page.get_by_role("radio", name="Yes").check()
        page.get_by_label("Notes").fill("Discussed sources of news and who to trust.")
        page.get_by_role("button", name=re.compile("session", re.IGNORECASE)).click()
        expect(page.get_by_text("Discussed sources of news")).to_be_visible()
        checked.axe()
        response = page.goto(case_url)
        assert response is not None and response.status == 404

    # The chair reviews the case at a panel meeting now (decisions wait for the meeting to
    # begin) and agrees an exit.
    with signed_in(browser, app_url, "chair@towerhamlets.demo") as checked:
        page = checked.page
        panel_meeting_now(checked)
        page.get_by_label("Case", exact=True).select_option(label=f"{reference}: {name}")
        page.get_by_role("button", name="Add to agenda").click()
        page.get_by_role("link", name=f"Record the decision on {reference}").click()
        checked.axe()
        expect(page.get_by_role("radio", name="Adopt as a Channel case")).to_have_count(0)
        page.get_by_role("radio", name=re.compile("^Exit")).check()
        page.get_by_label("Reasons").fill("Engaged well; the vulnerability is much reduced.")
        page.get_by_role("radio", name="Support complete").check()
        page.get_by_role("button", name="Record decision").click()
        expect(page.get_by_role("row", name=re.compile(reference))).to_contain_text("Exit")
        checked.axe()

    # The reviews after exit cannot be recorded yet: the page says from when.
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo") as checked:
        page = checked.page
        page.goto(case_url)
        expect(page.get_by_text("Stage: Exited: post-exit reviews due")).to_be_visible()
        checked.axe()
        page.get_by_role("navigation", name="Parts of this case").get_by_role(
            "link", name="Panel and support"
        ).click()
        checked.axe()
        expect(page.get_by_text(re.compile("Waiting: can be recorded from"))).to_be_visible()
        expect(page.get_by_role("link", name=re.compile("Record this review"))).to_have_count(0)

    # A later panel closes the case at the six-month review: it asks why, and to confirm.
    with signed_in(browser, app_url, "chair@towerhamlets.demo") as checked:
        page = checked.page
        panel_meeting_now(checked)
        page.get_by_label("Case", exact=True).select_option(label=f"{reference}: {name}")
        page.get_by_role("button", name="Add to agenda").click()
        page.get_by_role("link", name=f"Record the decision on {reference}").click()
        checked.axe()
        expect(page.get_by_role("radio", name="Post-exit review held")).to_have_count(0)
        page.get_by_role("radio", name="Close the case now").check()
        page.get_by_label("Reasons").fill("The family has emigrated.")
        page.get_by_label("Why the case closes at the six-month review").fill("No longer lives in the UK.")
        page.get_by_role("radio", name="Moved away or transferred").check()
        page.get_by_role("button", name="Record decision").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that the case will be closed")
        checked.axe()
        page.get_by_label("I confirm that this decision closes the case").check()
        page.get_by_role("button", name="Record decision").click()
        expect(page.get_by_role("row", name=re.compile(reference))).to_contain_text("Close the case now")
        page.goto(case_url)
        expect(page.get_by_text("Stage: Closed after exit")).to_be_visible()
        checked.axe()


def test_a_case_offered_to_another_partnership_is_accepted_there(browser: Browser, app_url: str) -> None:
    # The demo offers a Tower Hamlets case to the City of London.
    with signed_in(browser, app_url, "coordinator@cityoflondon.demo") as checked:
        page = checked.page
        page.goto(app_url + "/cases/transfers/")
        checked.axe()
        page.locator("tbody tr", has_text="Tower Hamlets").first.get_by_role("link").click()
        checked.axe()
        reference = page.get_by_role("heading", level=1).inner_text().removeprefix("Transfer of ")
        page.get_by_role("button", name="Accept the case").click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile("Transfer"))
        expect(page.get_by_text("Transferred from Tower Hamlets to City of London")).to_be_visible()
        checked.axe()
        case_url = page.url

    # Tower Hamlets keeps a note of where it went, and no longer sees the case.
    with signed_in(browser, app_url, "coordinator@towerhamlets.demo") as checked:
        page = checked.page
        page.goto(app_url + "/cases/transfers/")
        expect(page.get_by_role("row", name=re.compile(reference))).to_contain_text("Accepted")
        checked.axe()
        response = page.goto(case_url)
        assert response is not None and response.status == 404
