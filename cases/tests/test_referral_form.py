"""The referral form (issue 14, part 12): which fields are optional, "Not sure", the
referrer's sector remembered, ethnicity by the Census 2021 categories with text revealed
by a choice, and the referrer's copy of what they sent, to which they may add while the
referral waits at the gateway."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import dateformat, timezone

from accounts.models import Partnership, Role, User
from audit.models import AuditEvent
from cases import actions, ethnicity, statistics
from cases.forms.case import SpecialCategoryForm
from cases.models import (
    CaseEvent,
    ConcernType,
    Person,
    Referral,
    ReferralAddition,
    ReferralSector,
    ReferralState,
)
from conftest import Channel, progress, referral_details, viewer
from govuk.testing import Element, page
from lib.errors import Refused

pytestmark = pytest.mark.django_db


def _text(html: bytes) -> str:
    return page(html).text


def _inputs(html: bytes | Element, name: str, **attrs: str) -> list[Element]:
    root = page(html) if isinstance(html, bytes) else html
    return [
        e
        for e in root.iter("input")
        if e.attrs.get("name") == name and all(e.attrs.get(k) == v for k, v in attrs.items())
    ]


# --- the person's page --------------------------------------------------------------------


def test_the_persons_page_says_which_fields_are_optional_and_that_one_name_is_needed(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.referrer)
    shown = _text(client.get("/cases/refer/person/").content)
    for label in (
        "Given names (optional)",
        "Family name (optional)",
        "Other names they use or have used (optional)",
        "Date of birth (optional)",
        "Address (optional)",
        "Postcode (optional)",
        "School, college or employer (optional)",
    ):
        assert label in shown
    assert "Gender (optional)" not in shown
    assert shown.count("Give at least one of their given names or family name") == 2
    refused = _text(client.post("/cases/refer/person/", {"gender": "not_known"}).content)
    assert "at least one of given names or family name" in refused
    only_family = client.post("/cases/refer/person/", {"family_name": "Green", "gender": "not_known"})
    assert only_family["Location"] == "/cases/refer/concern/"


# --- the type of concern: "Not sure" ------------------------------------------------------


def test_not_sure_is_offered_last_and_counted_as_other(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    not_sure = ConcernType.objects.get(partnership=None, code="not_sure")
    assert not_sure.label == "Not sure"
    client = sign_in(channel.referrer)
    concern = client.get("/cases/refer/concern/").content
    options = [e.attrs["value"] for e in _inputs(concern, "concern_type")]
    assert options[-1] == "not_sure"
    referral = actions.submit_referral(
        viewer=viewer(channel.referrer, partnership), details=referral_details(concern_type=not_sure)
    )
    year = statistics.refresh(referral).financial_year
    counts = statistics.breakdown(partnership, year, "concern_type")
    assert "Not sure" not in counts
    assert counts["Other"] == 1


# --- the referrer's sector ----------------------------------------------------------------


def test_the_referrers_sector_is_remembered_from_their_latest_referral(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    health = ReferralSector.objects.get(partnership=None, code="health")
    actions.submit_referral(
        viewer=viewer(channel.referrer, partnership), details=referral_details(sector=health)
    )
    client = sign_in(channel.referrer)
    checked = [
        e.attrs["value"]
        for e in _inputs(client.get("/cases/refer/you/").content, "sector")
        if "checked" in e.attrs
    ]
    assert checked == ["health"]
    # Someone who has sent nothing is not given one.
    newcomer = sign_in(channel.coordinator)
    assert not [
        e for e in _inputs(newcomer.get("/cases/refer/you/").content, "sector") if "checked" in e.attrs
    ]


# --- ethnicity ----------------------------------------------------------------------------


# The 19 categories as the Office for National Statistics lists them for the 2021 Census,
# written out here apart from cases.ethnicity so that the test checks the product's list.
CENSUS_2021_ETHNIC_GROUPS = [
    "Bangladeshi",
    "Chinese",
    "Indian",
    "Pakistani",
    "Any other Asian background",
    "Caribbean",
    "African",
    "Any other Black, Black British, or Caribbean background",
    "White and Asian",
    "White and Black African",
    "White and Black Caribbean",
    "Any other Mixed or multiple ethnic background",
    "English, Welsh, Scottish, Northern Irish or British",
    "Irish",
    "Gypsy or Irish Traveller",
    "Roma",
    "Any other White background",
    "Arab",
    "Any other ethnic group",
]


def test_the_census_2021_list_is_the_one_definition_with_its_five_headings() -> None:
    assert sorted(ethnicity.LABELS) == sorted(CENSUS_2021_ETHNIC_GROUPS)
    assert len(ethnicity.LABELS) == 19
    assert [heading for heading, _ in ethnicity.CENSUS_2021] == [
        "Asian or Asian British",
        "Black, Black British, Caribbean or African",
        "Mixed or multiple ethnic groups",
        "White",
        "Other ethnic group",
    ]
    form = SpecialCategoryForm()
    codes = [code for _, options in form.fields["ethnicity"].choices for code, _ in options]  # type: ignore[attr-defined]
    assert codes[:-2] == list(ethnicity.GROUPS) and codes[-2:] == ["declined", "not_known"]


@pytest.mark.parametrize("address", ["/cases/refer/equality/", "case"])
def test_both_equality_pages_ask_ethnicity_by_the_census_list_with_revealed_text(
    address: str, channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.coordinator if address == "case" else channel.referrer)
    url = f"/cases/{channel.progressed.uuid}/equality-information/" if address == "case" else address
    html = page(client.get(url).content)
    shown = html.text
    for heading, groups in ethnicity.CENSUS_2021:
        assert heading in shown
        for group in groups:
            assert group.label in shown
    assert "Prefer not to say" in shown and "Not known" in shown
    (white_other,) = _inputs(html, "ethnicity", value="white_other")
    revealed = html.by_id(white_other.attrs["data-aria-controls"])
    assert "govuk-radios__conditional--hidden" in revealed.attrs["class"]
    assert [e.attrs["name"] for e in revealed.iter("input")] == ["ethnicity_other_white"]
    # "Recorded" on the other questions reveals what is recorded.
    (religion,) = _inputs(html, "religion_status", value="recorded")
    revealed = html.by_id(religion.attrs["data-aria-controls"])
    assert [e.attrs["name"] for e in revealed.iter("input")] == ["religion_value"]


@pytest.mark.parametrize("code", [*ethnicity.GROUPS, "declined", "not_known", ""])
def test_every_answer_round_trips_through_the_form_and_the_person(code: str, channel: Channel) -> None:
    group = ethnicity.GROUPS.get(code)
    data = {"ethnicity": code}
    if group and group.other:
        data[f"ethnicity_other_{group.other}"] = "Polish and Lithuanian"
    form = SpecialCategoryForm(data)
    assert form.is_valid(), form.errors
    status, value = form.values()["ethnicity"]
    expected = {"declined": ("declined", ""), "not_known": ("not_known", ""), "": ("", "")}.get(code)
    if group:
        expected = ("recorded", f"{group.label}: Polish and Lithuanian" if group.other else group.label)
    assert (status, value) == expected
    person = Person.objects.get(pk=channel.progressed.person_id)
    person.set_special_category("ethnicity", status, value)
    person.save()
    again = Person.objects.get(pk=person.pk)
    assert again.special_category("ethnicity") == expected
    back = SpecialCategoryForm(initial={"ethnicity_status": status, "ethnicity_value": value})
    assert back.initial.get("ethnicity", "") == code


def test_every_census_answer_gives_one_token_length(channel: Channel) -> None:
    person = Person.objects.select_related("data_key").get(pk=channel.progressed.person_id)
    lengths = set()
    answers = [("recorded", label) for label in ethnicity.LABELS] + [
        ("recorded", ethnicity.value_of(g.code, "x" * ethnicity.OTHER_MAX_LENGTH))
        for g in ethnicity.WITH_OTHER
    ]
    for status, value in [*answers, ("declined", ""), ("not_known", ""), ("", "")]:
        person.set_special_category("ethnicity", status, value)
        lengths.add(len(person.ethnicity_sealed))
    assert len(lengths) == 1


def test_text_typed_for_a_choice_not_made_is_ignored() -> None:
    form = SpecialCategoryForm(
        {
            "ethnicity": "indian",
            "ethnicity_other_white": "Typed, then changed their mind",
            "religion_status": "declined",
            "religion_value": "Also typed",
        }
    )
    assert form.is_valid()
    values = form.values()
    assert values["ethnicity"] == ("recorded", "Indian")
    assert values["religion"] == ("declined", "")
    assert form.cleaned_data["ethnicity_other_white"] == "" and form.cleaned_data["religion_value"] == ""
    too_long = SpecialCategoryForm({"ethnicity": "white_other", "ethnicity_other_white": "x" * 101})
    assert not too_long.is_valid() and "ethnicity_other_white" in too_long.errors


def test_an_ethnicity_recorded_as_free_text_before_the_list_still_shows_and_is_kept(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    person = Person.objects.get(pk=channel.progressed.person_id)
    person.set_special_category("ethnicity", "recorded", "British Bangladeshi")
    person.save()
    client = sign_in(channel.coordinator)
    summary = _text(client.get(f"/cases/{channel.progressed.uuid}/").content)
    assert "British Bangladeshi" in summary
    url = f"/cases/{channel.progressed.uuid}/equality-information/"
    assert "British Bangladeshi" in _text(client.get(url).content)
    client.post(url, {"religion_status": "not_known"})
    assert Person.objects.get(pk=person.pk).special_category("ethnicity") == (
        "recorded",
        "British Bangladeshi",
    )
    client.post(url, {"ethnicity": "bangladeshi"})
    assert Person.objects.get(pk=person.pk).special_category("ethnicity") == ("recorded", "Bangladeshi")


# --- the whole form, as a browser without JavaScript sends it -----------------------------


def test_the_form_works_without_javascript(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.referrer)
    steps = [
        ("person", {"given_names": "Jordan", "gender": "female", "date_of_birth_day": ""}),
        (
            "concern",
            {
                "concern_type": "not_sure",
                "narrative": "Talks about a video he was shown.",
                "urgency": "routine",
                "person_aware": "no",
            },
        ),
        (
            "you",
            {"referrer_name": "Rita Referrer", "referrer_organisation": "Bow School", "sector": "community"},
        ),
        (
            "equality",
            # Every revealed box is sent, as a browser without JavaScript shows them all.
            {
                "ethnicity": "white_other",
                "ethnicity_other_white": "Polish",
                "ethnicity_other_asian": "left over",
                "religion_status": "",
                "religion_value": "left over",
            },
        ),
    ]
    for step, data in steps:
        response = client.post(f"/cases/refer/{step}/", data)
        assert response.status_code == 302, _text(response.content)
    check = _text(client.get("/cases/refer/check/").content)
    assert "Any other White background: Polish" in check and "left over" not in check
    assert "Not sure" in check
    client.post("/cases/refer/check/")
    referral = Referral.objects.filter(submitted_by=channel.referrer).latest("id")
    assert referral.concern_type.code == "not_sure"
    assert json.loads(referral.special_categories) == {
        "ethnicity": ["recorded", "Any other White background: Polish"]
    }


# --- the referrer's copy ------------------------------------------------------------------


def test_the_referrers_copy_shows_what_they_sent_and_never_its_state(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.referrer)
    mine = page(client.get("/cases/my-referrals/").content)
    progressed = channel.progressed
    link = [href for text, href in mine.links() if text.startswith(progressed.reference)]
    assert link == [f"/cases/my-referrals/{progressed.uuid}/"]
    before = AuditEvent.objects.filter(verb="cases.referral.viewed").count()
    response = client.get(link[0])
    assert response.status_code == 200
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    assert AuditEvent.objects.filter(verb="cases.referral.viewed").count() == before + 1
    shown = _text(response.content)
    for sent in (
        "Sam",
        "Taylor",
        "4 May 2010",
        "Shared extreme right-wing videos",
        "Rita Referrer",
        "Bow School",
    ):
        assert sent in shown
    for state in ReferralState:
        assert state.label not in shown
    for recorded_after in ("Progress", "PNC", "Vulnerable and engaging", "Mentoring", "School incident log"):
        assert recorded_after not in shown
    assert "Add information" not in shown  # decided at the gateway: no longer offered


@pytest.mark.parametrize("who", ["another referrer", "coordinator", "police", "another partnership"])
def test_anyone_but_the_sender_gets_404_on_the_copy_and_the_add_information_page(
    who: str,
    channel: Channel,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    user = {
        "another referrer": lambda: person(partnership, Role.REFERRER),
        "coordinator": lambda: channel.coordinator,
        "police": lambda: channel.police,
        "another partnership": lambda: person(other_partnership, Role.REFERRER, Role.COORDINATOR),
    }[who]()
    client = sign_in(user)
    uuid = channel.waiting.uuid
    assert client.get(f"/cases/my-referrals/{uuid}/").status_code == 404
    assert client.get(f"/cases/my-referrals/{uuid}/add-information/").status_code == 404
    assert client.post(f"/cases/my-referrals/{uuid}/add-information/", {"text": "Hello"}).status_code == 404
    assert not ReferralAddition.objects.exists()


def test_the_referrer_adds_information_while_the_referral_waits_and_the_team_sees_it(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.referrer)
    copy = f"/cases/my-referrals/{channel.waiting.uuid}/"
    assert "Add information" in _text(client.get(copy).content)
    sent = client.post(f"{copy}add-information/", {"text": "He has since posted a threat online."})
    assert sent["Location"] == copy
    addition = ReferralAddition.objects.get()
    assert addition.text == "He has since posted a threat online." and addition.added_by == channel.referrer
    assert "threat" not in addition.text_sealed
    event = CaseEvent.objects.filter(referral=channel.waiting, kind="addition").get()
    assert event.summary == "Further information from the referrer"
    audit = AuditEvent.objects.filter(verb="cases.referral.information_added").get()
    assert "threat" not in json.dumps(audit.changes)
    assert "He has since posted a threat online." in _text(client.get(copy).content)
    team = sign_in(channel.police)
    assert "He has since posted a threat online." in _text(
        team.get(f"/cases/{channel.waiting.uuid}/").content
    )


def test_adding_information_after_the_gateway_is_refused_and_writes_nothing(
    channel: Channel, partnership: Partnership, sign_in: Callable[..., Client]
) -> None:
    progress(channel.waiting, viewer(channel.police, partnership))
    events, audits = CaseEvent.objects.count(), AuditEvent.objects.count()
    client = sign_in(channel.referrer)
    url = f"/cases/my-referrals/{channel.waiting.uuid}/add-information/"
    assert client.get(url)["Location"] == f"/cases/my-referrals/{channel.waiting.uuid}/"
    refused = client.post(url, {"text": "Too late?"})
    assert refused.status_code == 200
    assert "can no longer be added" in _text(refused.content)
    with pytest.raises(Refused):
        actions.add_referral_information(
            viewer=viewer(channel.referrer, partnership), referral=channel.waiting, text="Too late"
        )
    assert not ReferralAddition.objects.exists()
    assert (CaseEvent.objects.count(), AuditEvent.objects.count()) == (events, audits)


def test_pasted_word_text_and_a_very_long_text_are_handled(
    channel: Channel, sign_in: Callable[..., Client]
) -> None:
    client = sign_in(channel.referrer)
    url = f"/cases/my-referrals/{channel.waiting.uuid}/add-information/"
    pasted = "He said\x0b\x0bthat \u201cthey\u201d would\x07 come\r\nback\x00 on Friday.\x1f"
    response = client.post(url, {"text": pasted})
    assert response.status_code == 302
    kept = ReferralAddition.objects.get().text
    assert "Friday" in kept and not any(ord(c) < 32 and c not in "\r\n\t" for c in kept)
    long = client.post(url, {"text": "x" * 20_000})
    assert long.status_code == 200
    assert "5,000 characters or fewer" in _text(long.content)
    assert ReferralAddition.objects.count() == 1
    # The action refuses it too, whatever form it came from.
    with pytest.raises(Refused):
        actions.add_referral_information(
            viewer=viewer(channel.referrer, channel.waiting.partnership),
            referral=channel.waiting,
            text="x" * 20_000,
        )


def test_the_referrers_copy_says_when_it_was_sent(channel: Channel, sign_in: Callable[..., Client]) -> None:
    client = sign_in(channel.referrer)
    shown = _text(client.get(f"/cases/my-referrals/{channel.waiting.uuid}/").content)
    assert (
        f"as you sent it on {dateformat.format(timezone.localtime(channel.waiting.received_at), 'j F Y')}"
        in shown
    )
