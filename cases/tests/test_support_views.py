"""The pages after adoption, through the HTTP client: consent, the support plan and its
sessions, what an intervention provider sees, reviews, panel decisions by purpose and
the home page's follow-up lists."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases import actions
from cases.models import (
    Consent,
    Intervention,
    InterventionType,
    Referral,
    ReferralState,
    Review,
    ReviewKind,
    SupportSession,
)
from conftest import Channel, Lifecycle, adopt, progress, quorate, referral_details, viewer
from govuk.testing import page

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _years_ago(years: int, days: int = 30) -> dt.date:
    today = timezone.localdate()
    return dt.date(today.year - years, today.month, 1) - dt.timedelta(days=days)


def adopted(
    channel: Channel, given: str, family: str, born: dt.date, *, received_days_ago: int = 200
) -> Referral:
    """A case adopted at a panel held an hour ago (decisions are recorded once a meeting
    has begun), waiting for consent."""
    partnership = channel.progressed.partnership
    referral = actions.submit_referral(
        viewer=viewer(channel.referrer, partnership),
        details=referral_details(
            given_names=given,
            family_name=family,
            date_of_birth=born,
            received_at=timezone.now() - dt.timedelta(days=received_days_ago),
        ),
    )
    chair = viewer(channel.chair, partnership)
    held = actions.schedule_meeting(
        viewer=chair,
        meets_at=timezone.now() - dt.timedelta(hours=1),
        location="Town Hall",
        chair=channel.chair,
    )
    return adopt(progress(referral, viewer(channel.police, partnership)), chair, held)


def in_support(channel: Channel, given: str, family: str, *, consent_days_ago: int = 0) -> Referral:
    referral = adopted(channel, given, family, _years_ago(30))
    actions.record_consent(
        viewer=viewer(channel.coordinator, referral.partnership),
        referral=referral,
        decision="given",
        given_by="person",
        method="in_person",
        given_on=timezone.localdate() - dt.timedelta(days=consent_days_ago),
    )
    referral.refresh_from_db()
    return referral


def mentoring() -> InterventionType:
    return InterventionType.objects.get(code="ideological_mentoring", partnership=None)


def _viewed(user: User, page: str) -> bool:
    return AuditEvent.objects.filter(
        verb="cases.referral.viewed", actor=user, changes__page__to=page
    ).exists()


# --- consent -----------------------------------------------------------------------------


def test_a_parent_consents_for_a_15_year_old_through_the_form(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    referral = adopted(channel, "Robin", "Young", _years_ago(15))
    client = sign_in(channel.coordinator)
    url = f"/cases/{referral.uuid}/consent/"
    page = client.get(url).content.decode()
    assert "The person is 15 today. While they are under 18 on the day, consent comes from a parent" in page
    assert _viewed(channel.coordinator, "consent form")
    missing = client.post(
        url,
        {
            "decision": "given",
            "given_by": "parent",
            "method": "in_person",
            **_date("given_on", timezone.localdate()),
        },
    ).content.decode()
    assert "Enter the name of the parent or guardian" in missing
    response = client.post(
        url,
        {
            "decision": "given",
            "given_by": "parent",
            "giver_name": "Sky Young",
            "method": "in_person",
            **_date("given_on", timezone.localdate()),
            "capacity_notes": "Mother present throughout.",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.IN_SUPPORT
    consent = Consent.objects.get(referral=referral)
    assert (consent.given_by, consent.giver_name, consent.age_on_the_day) == ("parent", "Sky Young", 15)
    case_page = client.get(response["Location"]).content.decode()
    assert "Consent given by a parent or guardian, Sky Young" in case_page
    assert "Agree an intervention" in case_page
    assert "Record withdrawal of consent" in case_page
    assert "Record consent</a>" not in case_page


def test_a_17_year_old_cannot_consent_for_themselves(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    referral = adopted(channel, "Alexis", "Nearly", _years_ago(17))
    response = sign_in(channel.coordinator).post(
        f"/cases/{referral.uuid}/consent/",
        {
            "decision": "given",
            "given_by": "person",
            "method": "telephone",
            **_date("given_on", timezone.localdate()),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert '<a href="#id_given_by_0">The person was 17 on that day, so a parent or guardian must give' in page
    referral.refresh_from_db()
    assert referral.state == ReferralState.ADOPTED
    assert not Consent.objects.filter(referral=referral).exists()


def test_the_consent_page_says_when_the_date_of_birth_is_not_known(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    referral = adopted(channel, "Kit", "Unknown", _years_ago(20))
    assert referral.person is not None
    person = type(referral.person).objects.get(pk=referral.person.pk)
    person.date_of_birth = None
    person.save()
    page = sign_in(channel.coordinator).get(f"/cases/{referral.uuid}/consent/").content.decode()
    assert "date of birth is not known" in page
    assert f'href="/cases/{referral.uuid}/person/"' in page


def test_consent_is_withdrawn_through_the_form(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    referral = lifecycle.supported
    client = sign_in(channel.coordinator)
    url = f"/cases/{referral.uuid}/consent/withdraw/"
    assert "Record withdrawal of consent" in client.get(url).content.decode()
    assert (
        "Enter the reason consent was withdrawn"
        in client.post(url, _date("withdrawn_on", timezone.localdate())).content.decode()
    )
    no_date = client.post(
        url, {**_date("withdrawn_on", timezone.localdate()), "reason": "Family moved away."}
    )
    assert "Enter the date to reconsider the case" in no_date.content.decode()
    reconsider_on = timezone.localdate() + dt.timedelta(days=60)
    response = client.post(
        url,
        {
            **_date("withdrawn_on", timezone.localdate()),
            "reason": "Family moved away.",
            **_date("reconsider_on", reconsider_on),
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.CONSENT_UNDER_REVIEW
    assert Intervention.objects.get(pk=lifecycle.intervention.pk).status == "ended"
    # Consent can no longer be withdrawn: the page says why instead of offering the form.
    again = client.get(url).content.decode()
    assert "Consent can only be withdrawn while the person is receiving support." in again
    assert "Record withdrawal</button>" not in again


# --- support plan ------------------------------------------------------------------------


def test_an_intervention_is_agreed_through_the_form(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    referral = lifecycle.supported
    client = sign_in(channel.coordinator)
    url = f"/cases/{referral.uuid}/interventions/new/"
    form = client.get(url).content.decode()
    assert "Theological or ideological mentoring" in form
    assert lifecycle.provider.full_name in form
    assert channel.police.full_name not in form  # only intervention providers can be assigned
    assert "Select how often sessions should happen" in client.post(url, {}).content.decode()
    response = client.post(
        url,
        {
            "intervention_type": str(InterventionType.objects.get(code="life_skills", partnership=None).pk),
            "provider_organisation": "Youth Service",
            "provider": "",
            **_date("starts_on", timezone.localdate()),
            "frequency_days": "14",
        },
    )
    intervention = Intervention.objects.get(referral=referral, provider_organisation="Youth Service")
    assert response["Location"] == f"/cases/interventions/{intervention.uuid}/"
    assert intervention.session_due_on == timezone.localdate() + dt.timedelta(days=14)
    detail = client.get(response["Location"]).content.decode()
    assert "Every two weeks" in detail
    assert "No sessions logged yet." in detail
    case_page = client.get(f"/cases/{referral.uuid}/panel-and-support/").content.decode()
    assert "Youth Service" in case_page
    assert f"/cases/interventions/{intervention.uuid}/" in case_page


def test_the_assigned_provider_logs_a_session_and_sees_only_the_minimum(
    lifecycle: Lifecycle, sign_in: Callable[..., Client]
) -> None:
    intervention, referral = lifecycle.intervention, lifecycle.supported
    client = sign_in(lifecycle.provider)
    listing = client.get("/cases/support/").content.decode()
    assert "Your interventions" in listing
    assert "Jordan Reeve" in listing
    assert referral.reference not in listing
    url = f"/cases/interventions/{intervention.uuid}/"
    page = client.get(url).content.decode()
    assert "Jordan Reeve" in page
    assert "Theological or ideological mentoring" in page
    assert "Talked about online sources." in page
    # Nothing else about the case: no reference, no link to it, no narrative or consent.
    assert referral.reference not in page
    assert f"/cases/{referral.uuid}/" not in page
    assert "extreme right-wing videos" not in page
    assert "Dana Reeve" not in page
    assert _viewed(lifecycle.provider, f"intervention {intervention.uuid}")
    form_url = f"/cases/interventions/{intervention.uuid}/sessions/new/"
    form = client.get(form_url).content.decode()
    assert "Keep them to the minimum" in form
    assert referral.reference not in form
    assert f"/cases/{referral.uuid}/" not in form
    assert (
        "Select yes if the person attended the session"
        in client.post(form_url, _date("held_on", timezone.localdate())).content.decode()
    )
    response = client.post(
        form_url,
        {**_date("held_on", timezone.localdate()), "attended": "yes", "notes": "Covered online safety."},
    )
    assert response["Location"] == url
    session = SupportSession.objects.filter(intervention=intervention).first()
    assert session is not None
    assert (session.held_on, session.attended, session.notes) == (
        timezone.localdate(),
        True,
        "Covered online safety.",
    )
    intervention.refresh_from_db()
    assert intervention.last_session_on == timezone.localdate()
    # A provider cannot end the intervention or reach the case.
    assert client.get(f"/cases/interventions/{intervention.uuid}/end/").status_code == 404
    assert client.get(f"/cases/{referral.uuid}/").status_code == 404


def test_a_provider_not_assigned_and_another_partnership_get_404(
    lifecycle: Lifecycle,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    urls = [
        f"/cases/interventions/{lifecycle.intervention.uuid}/",
        f"/cases/interventions/{lifecycle.intervention.uuid}/sessions/new/",
    ]
    other_provider = sign_in(person(partnership, Role.PROVIDER))
    outsider = sign_in(person(other_partnership, *Role))
    for url in urls:
        assert other_provider.get(url).status_code == 404
        assert (
            other_provider.post(
                url, {"attended": "yes", **_date("held_on", timezone.localdate())}
            ).status_code
            == 404
        )
        assert outsider.get(url).status_code == 404
    assert "No interventions are assigned to you" in other_provider.get("/cases/support/").content.decode()
    assert SupportSession.objects.filter(intervention=lifecycle.intervention).count() == 1


def test_the_case_team_ends_an_intervention(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.chair)
    url = f"/cases/interventions/{lifecycle.intervention.uuid}/end/"
    assert (
        "Enter why the intervention ended"
        in client.post(url, _date("ended_on", timezone.localdate())).content.decode()
    )
    response = client.post(url, {**_date("ended_on", timezone.localdate()), "reason": "Aim met."})
    assert response.status_code == 302
    lifecycle.intervention.refresh_from_db()
    assert (lifecycle.intervention.status, lifecycle.intervention.end_reason) == ("ended", "Aim met.")
    assert "This intervention has already ended." in client.get(url).content.decode()


def test_the_case_team_sees_every_active_intervention_overdue_first(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    late = in_support(channel, "Lee", "Late", consent_days_ago=40)
    actions.agree_intervention(
        viewer=viewer(channel.coordinator, late.partnership),
        referral=late,
        intervention_type=mentoring(),
        provider_organisation="Mentoring Ltd",
        starts_on=timezone.localdate() - dt.timedelta(days=30),
        frequency_days=7,
    )
    page = sign_in(channel.police).get("/cases/support/").content.decode()
    assert page.index(late.reference) < page.index(lifecycle.supported.reference)
    assert "Overdue" in page


# --- reviews -----------------------------------------------------------------------------


def test_a_post_exit_review_is_recorded_through_the_form(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.chair)
    case_page = client.get(f"/cases/{lifecycle.exited.uuid}/panel-and-support/").content.decode()
    assert f"/cases/reviews/{lifecycle.review.uuid}/" in case_page
    assert "Record this review" in case_page
    url = f"/cases/reviews/{lifecycle.review.uuid}/"
    assert (
        "Enter what the review found"
        in client.post(url, _date("held_on", timezone.localdate())).content.decode()
    )
    response = client.post(
        url, {**_date("held_on", timezone.localdate()), "outcome": "School reports he is settled."}
    )
    assert response["Location"] == f"/cases/{lifecycle.exited.uuid}/panel-and-support/"
    review = Review.objects.get(pk=lifecycle.review.pk)
    assert (review.held_on, review.outcome) == (timezone.localdate(), "School reports he is settled.")
    assert Referral.objects.get(pk=lifecycle.exited.pk).state == ReferralState.EXITED
    assert _viewed(channel.chair, "review form")


def test_a_support_review_page_points_to_the_panel(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    review = lifecycle.supported.reviews.get(kind=ReviewKind.SUPPORT)
    page = sign_in(channel.coordinator).get(f"/cases/reviews/{review.uuid}/").content.decode()
    assert "Reviews of support are held at a Channel panel" in page
    assert 'href="/cases/panels/"' in page
    assert "Record review</button>" not in page


# --- panel decisions by purpose -------------------------------------------------------------


def test_panel_decisions_are_offered_by_the_purpose_of_the_agenda_item(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    staying, leaving = in_support(channel, "Sam", "Stay"), in_support(channel, "Lou", "Leave")
    client = sign_in(channel.chair)
    # They were adopted at an earlier meeting; the review is at this one, which has begun.
    meeting = actions.schedule_meeting(
        viewer=viewer(channel.chair, staying.partnership),
        meets_at=timezone.now(),
        location="Town Hall",
        chair=channel.chair,
    )
    quorate(meeting, viewer(channel.chair, staying.partnership))
    for referral in (staying, leaving):
        client.post(f"/cases/panels/{meeting.uuid}/agenda/", {"referral": str(referral.uuid)})
    meeting_page = client.get(f"/cases/panels/{meeting.uuid}/").content.decode()
    assert "Review support" in meeting_page
    items = {item.referral_id: item for item in meeting.agenda.filter(purpose="support_review")}
    assert set(items) == {staying.pk, leaving.pk}
    url = f"/cases/panels/agenda/{items[staying.pk].uuid}/decision/"
    form = client.get(url).content.decode()
    assert 'value="continue"' in form and 'value="exit"' in form
    assert 'value="adopt"' not in form
    assert "Service signposted to" not in form
    refused = client.post(url, {"decision": "adopt", "reasons": "Wrong choice."}).content.decode()
    assert "Select one of the decisions listed for this case" in refused
    client.post(url, {"decision": "continue", "reasons": "Engaging well."})
    client.post(
        f"/cases/panels/agenda/{items[leaving.pk].uuid}/decision/",
        {
            "decision": "exit",
            "reasons": "Vulnerability significantly reduced.",
            "closure_reason": "support_complete",
        },
    )
    staying.refresh_from_db()
    leaving.refresh_from_db()
    assert staying.state == ReferralState.IN_SUPPORT
    assert staying.reviews.filter(kind=ReviewKind.SUPPORT, held_on__isnull=False).count() == 1
    assert staying.reviews.filter(kind=ReviewKind.SUPPORT, held_on__isnull=True).count() == 1
    assert leaving.state == ReferralState.EXITED
    assert set(leaving.reviews.filter(held_on__isnull=True).values_list("kind", flat=True)) == {
        ReviewKind.AFTER_EXIT_6,
        ReviewKind.AFTER_EXIT_12,
    }


def test_adoption_decisions_still_offer_signposting(channel: Channel, sign_in: Callable[..., Client]) -> None:
    channel.meeting.meets_at = timezone.now() - dt.timedelta(hours=1)  # it has begun
    channel.meeting.save(update_fields=["meets_at"])
    client = sign_in(channel.chair)
    assert "Decide whether to adopt" in client.get(f"/cases/panels/{channel.meeting.uuid}/").content.decode()
    form = client.get(f"/cases/panels/agenda/{channel.item.uuid}/decision/").content.decode()
    assert 'value="adopt"' in form and 'value="not_adopt_signpost"' in form
    assert 'value="continue"' not in form
    assert "Service signposted to" in form


# --- the referral page and the home page ----------------------------------------------------


def test_the_case_page_shows_consent_plan_and_reviews(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    url = f"/cases/{lifecycle.supported.uuid}/panel-and-support/"
    page = sign_in(channel.coordinator).get(url).content.decode()
    assert (
        "Consent given by a parent or guardian, Dana Reeve, in person. The person was 15 on the day." in page
    )
    assert "Theological or ideological mentoring" in page
    assert "Approved Intervention Provider" in page
    assert "Next review due" in page
    assert "review of support" in page
    assert _viewed(channel.coordinator, "case panel and support")


def test_the_case_team_moves_between_the_pages_of_a_case(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    case = f"/cases/{lifecycle.supported.uuid}/"
    pages = {
        case: "Summary",
        f"{case}sharing-and-assessment/": "Sharing and assessment",
        f"{case}panel-and-support/": "Panel and support",
        f"{case}documents/": "Documents",
        f"{case}transfer-and-retention/": "Transfer and retention",
    }
    for url, label in pages.items():
        page = client.get(url).content.decode()
        for other in pages:
            assert f'href="{other}"' in page
        assert f'href="{url}" aria-current="page">{label}</a>' in page
        assert page.count('aria-current="page"') == 1
    summary = client.get(case).content.decode()
    assert "Chronology" in summary and "Agree an intervention" in summary
    assert "Support plan" not in summary and "Waiting for Camden" not in summary
    record = client.get(f"{case}transfer-and-retention/").content.decode()
    assert "Waiting for Camden to accept this case" in record
    assert "When the case closes, it is kept for the period" in record


def test_the_home_page_counts_overdue_reviews_and_interventions_and_links_to_them(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    # Consent 100 days ago: the first review of support, 12 weeks on, is overdue; so is
    # the weekly session of an intervention that started a month ago with none attended.
    late = in_support(channel, "Lee", "Late", consent_days_ago=100)
    intervention = actions.agree_intervention(
        viewer=viewer(channel.coordinator, late.partnership),
        referral=late,
        intervention_type=mentoring(),
        provider_organisation="Mentoring Ltd",
        starts_on=timezone.localdate() - dt.timedelta(days=30),
        frequency_days=7,
    )
    client = sign_in(channel.chair)
    home = page(client.get("/").content)
    counts = {link.text: link.attrs["href"] for link in home.by_id("main-content").iter("a")}
    assert counts["1 review overdue"] == "/cases/follow-up/#reviews"
    assert counts["1 intervention without a recent session"] == "/cases/follow-up/#interventions"
    full = page(client.get("/cases/follow-up/").content)
    [reviews] = full.by_id("reviews").tables()
    assert [(row["Case"], row["Review"]) for row in reviews.rows] == [(late.reference, "Review of support")]
    assert reviews.rows[0]["Days overdue"] == str((timezone.localdate() - late.reviews.get().due_on).days)
    [interventions] = full.by_id("interventions").tables()
    assert [(row["Case"], row["Provider"]) for row in interventions.rows] == [
        (late.reference, "Mentoring Ltd")
    ]
    assert f"/cases/interventions/{intervention.uuid}/" in [href for _, href in full.links()]
    # Roles outside the follow-up see no such panel.
    police = page(sign_in(channel.police).get("/").content)
    assert "Follow-up" not in [heading.text for heading in police.iter("h2")]


def test_each_case_page_after_adoption_writes_a_viewed_event(
    lifecycle: Lifecycle, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator)
    supported, intervention = lifecycle.supported, lifecycle.intervention
    pages: dict[str, Any] = {
        f"/cases/{supported.uuid}/consent/withdraw/": "consent withdrawal form",
        f"/cases/{supported.uuid}/interventions/new/": "intervention form",
        f"/cases/interventions/{intervention.uuid}/": f"intervention {intervention.uuid}",
        f"/cases/interventions/{intervention.uuid}/sessions/new/": "session form",
        f"/cases/interventions/{intervention.uuid}/end/": "end intervention form",
        f"/cases/reviews/{lifecycle.review.uuid}/": "review form",
    }
    for url, what in pages.items():
        before = AuditEvent.objects.filter(verb="cases.referral.viewed").count()
        assert client.get(url).status_code == 200
        assert AuditEvent.objects.filter(verb="cases.referral.viewed").count() == before + 1, url
        assert _viewed(channel.coordinator, what), url
