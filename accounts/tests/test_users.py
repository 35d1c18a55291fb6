"""A partnership's coordinators manage its users: invitations by e-mail with a link to set a
password, roles given and taken away, access ended, second factors reset; and anyone resets
a forgotten password by e-mail. Each change is one action with its audit event; a refused
one writes nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.test import Client

from accounts import actions
from accounts.models import Membership, Partnership, Role, SealedTOTPDevice, User
from audit.models import AuditEvent
from conftest import TEST_PASSWORD, viewer
from govuk.testing import page
from lib.errors import Refused

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
NEW_PASSWORD = "violet harbour lantern oak"


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """Runs what the actions leave for after the commit (their e-mails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = IMMEDIATE


def _link(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/sign-in/set-password/\S+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def _events(*verbs: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb__in=verbs).order_by("id"))


def _invite(client: Client, **fields: Any) -> Any:
    data = {"email": "nina.new@example.gov.uk", "full_name": "Nina New", "roles": ["steering"], **fields}
    return client.post("/users/invite/", data)


def _set_password(link: str, password: str = NEW_PASSWORD, again: str | None = None) -> Any:
    client = Client()
    opened = client.get(link)
    assert opened.status_code == 302, opened.content.decode()[:500]
    form = client.get(opened["Location"])
    assert "Set your password" in form.content.decode()
    return client.post(opened["Location"], {"password": password, "password_again": again or password})


def _signs_in(email: str, password: str) -> Any:
    return Client().post("/sign-in/", {"email": email, "password": password})


@pytest.fixture
def coordinator_client(coordinator: User, sign_in: Callable[..., Client]) -> Client:
    return sign_in(coordinator)


def test_the_users_page_lists_the_partnerships_people_and_nobody_else(
    coordinator: User,
    coordinator_client: Client,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
) -> None:
    person(partnership, Role.STEERING, Role.REFERRER, email="sam@example.gov.uk", full_name="Sam Steer")
    person(other_partnership, Role.STEERING, email="west@example.gov.uk", full_name="Wes Minster")
    invited = User.objects.create_user("ivy@example.gov.uk", None, full_name="Ivy Invited")
    Membership.objects.create(user=invited, partnership=partnership, role=Role.POLICE)
    response = coordinator_client.get("/users/")
    assert response.status_code == 200
    (table,) = page(response.content).tables()
    rows = {row["Name"]: row for row in table.rows}
    assert set(rows) == {"Cora Ordinator", "Sam Steer", "Ivy Invited"}
    assert rows["Sam Steer"]["Roles"] == "Referrer, Steering group member"
    assert rows["Sam Steer"]["Status"] == "Active"
    assert rows["Sam Steer"]["Two-factor"] == "Not set up"
    assert rows["Sam Steer"]["Last signed in"] == "Never"
    assert rows["Ivy Invited"]["Status"] == "Invited"
    # The coordinator signed in (the test client's force_login) with an authenticator.
    assert rows["Cora Ordinator"]["Two-factor"] == "Set up"
    assert rows["Cora Ordinator"]["Last signed in"] != "Never"


def test_an_invited_person_sets_a_password_from_the_email_and_signs_in(
    coordinator_client: Client, partnership: Partnership, commit: Callable[[], Any]
) -> None:
    with commit():
        response = _invite(
            coordinator_client, roles=["steering", "action_owner"], agency="Tower Hamlets Council"
        )
    invited = User.objects.get(email="nina.new@example.gov.uk")
    assert response.status_code == 302
    assert response["Location"] == f"/users/{invited.uuid}/"
    assert not invited.has_usable_password()
    assert set(
        Membership.objects.filter(user=invited, partnership=partnership).values_list("role", "agency")
    ) == {
        ("steering", "Tower Hamlets Council"),
        ("action_owner", "Tower Hamlets Council"),
    }
    assert [
        e.verb for e in _events("accounts.user.created", "accounts.role.granted", "accounts.user.invited")
    ] == [
        "accounts.user.created",
        "accounts.role.granted",
        "accounts.role.granted",
        "accounts.user.invited",
    ]
    invited_event = _events("accounts.user.invited")[0]
    assert invited_event.partnership == partnership
    assert invited_event.changes["roles"]["to"] == ["action_owner", "steering"]
    (message,) = mail.outbox
    assert message.to == ["nina.new@example.gov.uk"]
    assert "invited you to work in Tower Hamlets" in message.body
    assert "Steering group member" in message.body
    link = _link(message)

    # A password the validators refuse sets nothing.
    refused = _set_password(link, "short")
    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    invited.refresh_from_db()
    assert not invited.has_usable_password()

    done = _set_password(link)
    assert done.status_code == 302
    assert done["Location"] == "/sign-in/"
    assert _events("accounts.password.set")[0].actor == invited
    signed_in = _signs_in("nina.new@example.gov.uk", NEW_PASSWORD)
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"
    # The link was spent when the password was set.
    assert "This link does not work" in Client().get(link).content.decode()


def test_a_role_that_needs_two_factor_sets_it_up_at_the_first_sign_in(
    coordinator_client: Client, commit: Callable[[], Any]
) -> None:
    with commit():
        _invite(coordinator_client, email="pat@example.gov.uk", roles=["police"])
    _set_password(_link(mail.outbox[0]))
    client = Client()
    client.post("/sign-in/", {"email": "pat@example.gov.uk", "password": NEW_PASSWORD})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/?next=")


def test_an_expired_link_says_so_and_sets_nothing(
    coordinator_client: Client, commit: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with commit():
        _invite(coordinator_client)
    link = _link(mail.outbox[0])
    later = dt.datetime.now() + dt.timedelta(hours=django_settings.PASSWORD_LINK_HOURS, minutes=1)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    response = Client().get(link)
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()
    assert "has expired" in response.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda uid, token: f"/sign-in/set-password/{uid}/{token[:-1]}x/",
        lambda uid, token: f"/sign-in/set-password/{uid}/{'z' * 5000}/",
        lambda uid, token: f"/sign-in/set-password/not-a-uuid/{token}/",
        lambda uid, token: f"/sign-in/set-password/00000000-0000-0000-0000-000000000000/{token}/",
        # The step after the link, reached without opening the link first.
        lambda uid, token: f"/sign-in/set-password/{uid}/set/",
    ],
)
def test_a_tampered_link_says_it_does_not_work(
    tamper: Callable[[str, str], str], coordinator_client: Client, commit: Callable[[], Any]
) -> None:
    with commit():
        _invite(coordinator_client)
    uid, token = _link(mail.outbox[0]).strip("/").split("/")[-2:]
    client = Client()
    for method in (client.get, client.post):
        response = method(tamper(uid, token), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
        assert response.status_code == 200
        assert "This link does not work" in response.content.decode()
    assert not User.objects.get(email="nina.new@example.gov.uk").has_usable_password()
    assert not _events("accounts.password.set")


def test_someone_of_another_partnership_is_added_with_their_password_and_name_unchanged(
    coordinator_client: Client,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    commit: Callable[[], Any],
) -> None:
    elsewhere = person(other_partnership, Role.STEERING, email="wes@example.gov.uk", full_name="Wes Minster")
    hashed = elsewhere.password
    with commit():
        response = _invite(
            coordinator_client, email="WES@example.gov.uk", full_name="Somebody Else", roles=["chair"]
        )
    assert response.status_code == 302
    elsewhere.refresh_from_db()
    assert elsewhere.password == hashed and elsewhere.full_name == "Wes Minster"
    assert Membership.objects.filter(user=elsewhere, partnership=partnership, role="chair").exists()
    assert Membership.objects.filter(user=elsewhere, partnership=other_partnership).exists()
    assert _events("accounts.user.invited")[0].changes["sent"]["to"] == "added"
    (message,) = mail.outbox
    assert "added you to Tower Hamlets" in message.body
    assert "set-password" not in message.body


def test_a_double_click_on_invite_makes_one_invitation(
    coordinator_client: Client, partnership: Partnership, commit: Callable[[], Any]
) -> None:
    with commit():
        first = _invite(coordinator_client, submission="same-token-twice")
        second = _invite(coordinator_client, submission="same-token-twice")
    assert first["Location"] == second["Location"]
    assert (
        Membership.objects.filter(partnership=partnership, user__email="nina.new@example.gov.uk").count() == 1
    )
    assert len(_events("accounts.user.invited")) == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"roles": []}, "Select at least one role"),
        ({"roles": ["regional"]}, "Select roles from the list"),
        ({"email": "not an address"}, "Enter an email address in the correct format"),
        ({"full_name": "   "}, "Enter their full name"),
        ({"email": "coordinator@th.example.gov.uk"}, "is already in Tower Hamlets"),
    ],
)
def test_a_refused_invitation_says_why_and_writes_nothing(
    fields: dict[str, Any], error: str, coordinator_client: Client, commit: Callable[[], Any]
) -> None:
    before = AuditEvent.objects.count(), Membership.objects.count(), User.objects.count()
    with commit():
        response = _invite(coordinator_client, **fields)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert (AuditEvent.objects.count(), Membership.objects.count(), User.objects.count()) == before
    assert mail.outbox == []


def test_an_account_switched_off_by_an_administrator_is_not_switched_on_by_an_invitation(
    coordinator_client: Client, other_partnership: Partnership, person: Callable[..., User]
) -> None:
    person(other_partnership, Role.STEERING, email="off@example.gov.uk", is_active=False)
    response = _invite(coordinator_client, email="off@example.gov.uk")
    assert "switched off by a system administrator" in response.content.decode()
    assert not _events("accounts.user.invited", "accounts.user.reactivated")


def test_a_closed_account_opens_again_with_a_new_password_when_invited(
    coordinator_client: Client, commit: Callable[[], Any]
) -> None:
    closed = User.objects.create_user("gone@example.gov.uk", TEST_PASSWORD, full_name="Gone", is_active=False)
    with commit():
        _invite(coordinator_client, email="gone@example.gov.uk")
    closed.refresh_from_db()
    assert closed.is_active and not closed.has_usable_password()
    assert _events("accounts.user.reactivated")
    assert "set-password" in mail.outbox[0].body


def test_a_new_invitation_link_can_be_sent_until_the_password_is_set(
    coordinator_client: Client, commit: Callable[[], Any]
) -> None:
    with commit():
        _invite(coordinator_client)
    invited = User.objects.get(email="nina.new@example.gov.uk")
    detail = coordinator_client.get(f"/users/{invited.uuid}/").content.decode()
    assert "Send a new invitation link" in detail
    with commit():
        response = coordinator_client.post(f"/users/{invited.uuid}/invitation/")
    assert response.status_code == 302
    assert len(mail.outbox) == 2 and _events("accounts.user.invitation_sent")
    _set_password(_link(mail.outbox[1]))
    with commit():
        refused = coordinator_client.post(f"/users/{invited.uuid}/invitation/", follow=True)
    assert "has already set a password" in refused.content.decode()
    assert len(_events("accounts.user.invitation_sent")) == 1
    assert len(mail.outbox) == 2


def test_roles_are_given_and_taken_away_each_with_its_event_and_an_email(
    coordinator: User,
    coordinator_client: Client,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
    commit: Callable[[], Any],
) -> None:
    sam = person(partnership, Role.STEERING, Role.REFERRER, email="sam@example.gov.uk")
    form = page(coordinator_client.get(f"/users/{sam.uuid}/roles/").content)
    ticked = {
        i.attrs["value"]
        for i in form.iter("input")
        if i.attrs.get("name") == "roles" and "checked" in i.attrs
    }
    assert ticked == {"steering", "referrer"}
    with commit():
        response = coordinator_client.post(
            f"/users/{sam.uuid}/roles/", {"roles": ["steering", "action_owner"]}
        )
    assert response.status_code == 302
    assert set(Membership.objects.filter(user=sam).values_list("role", flat=True)) == {
        "steering",
        "action_owner",
    }
    granted, revoked = _events("accounts.role.granted"), _events("accounts.role.revoked")
    assert [e.changes["role"]["to"] for e in granted] == ["action_owner"]
    assert [e.changes["role"]["from"] for e in revoked] == ["referrer"]
    assert {e.actor for e in granted + revoked} == {coordinator}
    (message,) = mail.outbox
    assert "Action owner" in message.body and "Referrer" not in message.body
    # The same roles again change nothing.
    with commit():
        coordinator_client.post(f"/users/{sam.uuid}/roles/", {"roles": ["steering", "action_owner"]})
    assert len(_events("accounts.role.granted", "accounts.role.revoked")) == 2
    assert len(mail.outbox) == 1


def test_a_coordinator_cannot_take_away_their_own_coordinator_role(
    coordinator: User, coordinator_client: Client
) -> None:
    response = coordinator_client.post(f"/users/{coordinator.uuid}/roles/", {"roles": ["steering"]})
    assert response.status_code == 200
    assert "You cannot remove your own coordinator role" in response.content.decode()
    assert Membership.objects.filter(user=coordinator, role=Role.COORDINATOR).exists()
    assert not _events("accounts.role.granted", "accounts.role.revoked")


def test_two_coordinators_removing_each_other_leave_one(
    coordinator: User, partnership: Partnership, person: Callable[..., User]
) -> None:
    other = person(partnership, Role.COORDINATOR, email="second@example.gov.uk")
    first_viewer, second_viewer = viewer(coordinator, partnership), viewer(other, partnership)
    actions.change_roles(viewer=first_viewer, user=other, roles=["steering"])
    # The second coordinator's page was loaded while they were still one.
    with pytest.raises(Refused, match="Only a Prevent coordinator"):
        actions.change_roles(viewer=second_viewer, user=coordinator, roles=["steering"])
    assert Membership.objects.filter(partnership=partnership, role=Role.COORDINATOR).get().user == coordinator


def test_the_only_coordinator_can_neither_step_down_nor_deactivate_themselves(
    coordinator: User, coordinator_client: Client, partnership: Partnership
) -> None:
    before = AuditEvent.objects.count()
    refused = coordinator_client.post(f"/users/{coordinator.uuid}/roles/", {"roles": ["steering"]})
    assert "You cannot remove your own coordinator role" in refused.content.decode()
    deactivating = coordinator_client.post(f"/users/{coordinator.uuid}/deactivate/", follow=True)
    assert "You cannot deactivate your own account" in deactivating.content.decode()
    assert Membership.objects.filter(partnership=partnership, role=Role.COORDINATOR).get().user == coordinator
    assert AuditEvent.objects.count() == before


def test_deactivating_someone_in_no_other_partnership_closes_their_account(
    coordinator: User,
    coordinator_client: Client,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
    commit: Callable[[], Any],
) -> None:
    sam = person(partnership, Role.STEERING, Role.REFERRER, email="sam@example.gov.uk")
    sams_session = sign_in(sam)
    assert sams_session.get("/").status_code == 200
    assert (
        "their account is closed" in coordinator_client.get(f"/users/{sam.uuid}/deactivate/").content.decode()
    )
    with commit():
        response = coordinator_client.post(f"/users/{sam.uuid}/deactivate/")
    assert response["Location"] == "/users/"
    sam.refresh_from_db()
    assert not sam.is_active
    assert not Membership.objects.filter(user=sam).exists()
    (event,) = _events("accounts.user.deactivated")
    assert event.actor == coordinator and event.partnership == partnership
    assert event.changes == {
        "roles": {"from": ["referrer", "steering"], "to": []},
        "is_active": {"from": True, "to": False},
    }
    assert "account is now closed" in mail.outbox[0].body
    # The session they had open ends with its next request.
    assert sams_session.get("/")["Location"].startswith("/sign-in/")
    assert _signs_in("sam@example.gov.uk", TEST_PASSWORD).status_code == 200  # refused, shown again
    # They are no longer this partnership's to see.
    assert coordinator_client.get(f"/users/{sam.uuid}/").status_code == 404
    assert "sam@example.gov.uk" not in coordinator_client.get("/users/").content.decode()


def test_deactivating_someone_who_works_elsewhere_leaves_that_work_alone(
    coordinator_client: Client,
    partnership: Partnership,
    other_partnership: Partnership,
    person: Callable[..., User],
    commit: Callable[[], Any],
) -> None:
    both = person(partnership, Role.STEERING, email="both@example.gov.uk")
    Membership.objects.create(user=both, partnership=other_partnership, role=Role.CHAIR)
    assert (
        "Their account stays open"
        in coordinator_client.get(f"/users/{both.uuid}/deactivate/").content.decode()
    )
    with commit():
        coordinator_client.post(f"/users/{both.uuid}/deactivate/")
    both.refresh_from_db()
    assert both.is_active
    assert list(Membership.objects.filter(user=both).values_list("partnership__slug", "role")) == [
        (other_partnership.slug, "chair")
    ]
    assert _events("accounts.user.deactivated")[0].changes["is_active"] == {"from": True, "to": True}
    assert "other partnerships you belong to" in mail.outbox[0].body
    client = Client()
    client.post("/sign-in/", {"email": "both@example.gov.uk", "password": TEST_PASSWORD})
    assert "_auth_user_id" in client.session


def test_a_system_administrator_in_the_partnership_keeps_their_account(
    coordinator_client: Client, partnership: Partnership
) -> None:
    admin = User.objects.create_superuser("admin@example.gov.uk", TEST_PASSWORD, full_name="Ada Admin")
    Membership.objects.create(user=admin, partnership=partnership, role=Role.STEERING)
    coordinator_client.post(f"/users/{admin.uuid}/deactivate/")
    admin.refresh_from_db()
    assert admin.is_active and not admin.memberships.exists()


def test_a_coordinator_resets_someones_second_factor(
    coordinator: User,
    coordinator_client: Client,
    partnership: Partnership,
    person: Callable[..., User],
    commit: Callable[[], Any],
) -> None:
    pat = person(partnership, Role.POLICE, email="pat@example.gov.uk")
    SealedTOTPDevice.objects.create(user=pat, name="Phone", confirmed=True)
    detail = coordinator_client.get(f"/users/{pat.uuid}/").content.decode()
    assert "Reset two-factor authentication" in detail
    with commit():
        response = coordinator_client.post(f"/users/{pat.uuid}/two-factor/reset/")
    assert response["Location"] == f"/users/{pat.uuid}/"
    assert not SealedTOTPDevice.objects.filter(user=pat).exists()
    (event,) = _events("accounts.user.two_factor_reset")
    assert event.actor == coordinator and event.partnership == partnership
    assert event.changes == {"two_factor": {"from": True, "to": False}}
    assert "reset your two-factor authentication" in mail.outbox[0].body


@pytest.mark.parametrize("who", ["self", "administrator", "without a device"])
def test_a_second_factor_reset_is_refused_where_it_must_be(
    who: str,
    coordinator: User,
    coordinator_client: Client,
    partnership: Partnership,
    person: Callable[..., User],
) -> None:
    if who == "self":
        target, message = coordinator, "You cannot reset your own"
    elif who == "administrator":
        target = User.objects.create_superuser("admin@example.gov.uk", TEST_PASSWORD, full_name="Ada Admin")
        Membership.objects.create(user=target, partnership=partnership, role=Role.STEERING)
        SealedTOTPDevice.objects.create(user=target, name="Phone", confirmed=True)
        message = "reset by another administrator"
    else:
        target, message = person(partnership, Role.STEERING), "has no authenticator app to reset"
    devices = SealedTOTPDevice.objects.filter(user=target).count()
    before = AuditEvent.objects.count()
    response = coordinator_client.post(f"/users/{target.uuid}/two-factor/reset/", follow=True)
    assert message in response.content.decode()
    assert SealedTOTPDevice.objects.filter(user=target).count() == devices
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/users/{uuid}/"),
        ("get", "/users/{uuid}/roles/"),
        ("post", "/users/{uuid}/roles/"),
        ("get", "/users/{uuid}/deactivate/"),
        ("post", "/users/{uuid}/deactivate/"),
        ("get", "/users/{uuid}/two-factor/reset/"),
        ("post", "/users/{uuid}/two-factor/reset/"),
        ("post", "/users/{uuid}/invitation/"),
    ],
)
def test_a_person_of_another_partnership_answers_404_and_is_left_alone(
    method: str,
    path: str,
    coordinator_client: Client,
    other_partnership: Partnership,
    person: Callable[..., User],
) -> None:
    wes = person(other_partnership, Role.STEERING, email="wes@example.gov.uk")
    SealedTOTPDevice.objects.create(user=wes, name="Phone", confirmed=True)
    before = AuditEvent.objects.count()
    url = path.format(uuid=wes.uuid)
    response = (
        coordinator_client.post(url, {"roles": ["chair"]})
        if method == "post"
        else coordinator_client.get(url)
    )
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before
    assert list(Membership.objects.filter(user=wes).values_list("role", flat=True)) == ["steering"]
    assert SealedTOTPDevice.objects.filter(user=wes).exists()


def test_other_roles_do_not_see_the_users_pages(
    partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> None:
    sam = person(partnership, Role.STEERING, email="sam@example.gov.uk")
    for role in Role:
        if role == Role.COORDINATOR:
            continue
        client = sign_in(person(partnership, role))
        assert client.get("/users/").status_code == 404
        assert client.get(f"/users/{sam.uuid}/").status_code == 404
        assert client.post(f"/users/{sam.uuid}/deactivate/").status_code == 404
    assert sam.memberships.exists()


def test_a_coordinator_does_not_reach_the_django_admin(coordinator_client: Client) -> None:
    assert coordinator_client.get("/admin/").status_code == 404
    assert coordinator_client.get("/admin/accounts/user/").status_code == 404


# Forgotten passwords.


def _ask_reset(email: str) -> Any:
    return Client().post("/sign-in/forgotten-password/", {"email": email}, follow=True)


def test_the_sign_in_page_offers_a_password_reset(db: Any) -> None:
    links = page(Client().get("/sign-in/").content).links()
    assert ("Forgotten your password?", "/sign-in/forgotten-password/") in links


def test_a_reset_gets_the_same_answer_whether_or_not_the_account_exists(
    partnership: Partnership, person: Callable[..., User], immediate_tasks: None
) -> None:
    person(partnership, Role.STEERING, email="sam@example.gov.uk")
    known = _ask_reset("Sam@Example.gov.uk")
    unknown = _ask_reset("nobody@example.gov.uk")
    assert known.redirect_chain == unknown.redirect_chain == [("/sign-in/forgotten-password/sent/", 302)]
    assert page(known.content).by_id("main-content").text == page(unknown.content).by_id("main-content").text
    assert "If a Prevent Hub account uses the address" in known.content.decode()
    (message,) = mail.outbox
    assert message.to == ["sam@example.gov.uk"]
    # Each request is recorded alike; the e-mail sent only for the account.
    assert len(_events("accounts.password.reset_requested")) == 2
    assert len(_events("accounts.password.reset_sent")) == 1


def test_a_deactivated_or_demo_account_gets_no_reset_email(
    partnership: Partnership, person: Callable[..., User], immediate_tasks: None
) -> None:
    person(partnership, Role.STEERING, email="off@example.gov.uk", is_active=False)
    person(partnership, Role.STEERING, email="demo@example.gov.uk", is_demo_account=True)
    _ask_reset("off@example.gov.uk")
    _ask_reset("demo@example.gov.uk")
    assert mail.outbox == []


def test_reset_emails_to_one_address_are_spaced_out(
    partnership: Partnership, person: Callable[..., User], immediate_tasks: None
) -> None:
    person(partnership, Role.STEERING, email="sam@example.gov.uk")
    for _ in range(3):
        _ask_reset("sam@example.gov.uk")
    assert len(mail.outbox) == 1


def test_a_reset_request_is_queued_for_the_worker(
    partnership: Partnership, person: Callable[..., User]
) -> None:
    person(partnership, Role.STEERING, email="sam@example.gov.uk")
    _ask_reset("sam@example.gov.uk")
    assert mail.outbox == []  # sent by the worker, not by the request


def test_a_reset_lifts_a_lockout_and_the_new_password_signs_in(
    partnership: Partnership,
    person: Callable[..., User],
    immediate_tasks: None,
    commit: Callable[[], Any],
    settings: Any,
) -> None:
    sam = person(partnership, Role.STEERING, email="sam@example.gov.uk")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _signs_in("sam@example.gov.uk", "wrong password")
    assert _signs_in("sam@example.gov.uk", TEST_PASSWORD).status_code == 429
    _ask_reset("sam@example.gov.uk")
    with commit():
        assert _set_password(_link(mail.outbox[0]))["Location"] == "/sign-in/"
    assert _signs_in("sam@example.gov.uk", NEW_PASSWORD).status_code == 302
    assert _signs_in("sam@example.gov.uk", TEST_PASSWORD).status_code == 200  # the old one is gone
    # The password replaced another, so its owner is told.
    assert "password was changed" in mail.outbox[-1].subject
    sam.refresh_from_db()
    assert sam.check_password(NEW_PASSWORD)


def test_mismatched_passwords_are_refused(
    partnership: Partnership, person: Callable[..., User], immediate_tasks: None
) -> None:
    sam = person(partnership, Role.STEERING, email="sam@example.gov.uk")
    _ask_reset("sam@example.gov.uk")
    response = _set_password(_link(mail.outbox[0]), NEW_PASSWORD, "something else entirely")
    assert "The passwords do not match" in response.content.decode()
    sam.refresh_from_db()
    assert sam.check_password(TEST_PASSWORD)


@pytest.fixture(autouse=True)
def _clean_outbox() -> None:
    mail.outbox = []


HOSTILE = [
    "",
    "x" * 100_000,
    "\x00\x01\x1b[31m@example.gov.uk",
    "<script>alert(1)</script>@example.gov.uk",
    "sam@example.gov.uk\r\nBcc: everyone@example.gov.uk",
    "名前@例え.jp",
    '=HYPERLINK("http://example.com")',
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_to_the_public_password_forms_gets_no_server_error(
    value: str, partnership: Partnership, person: Callable[..., User], immediate_tasks: None
) -> None:
    sam = person(partnership, Role.STEERING, email="sam@example.gov.uk")
    response = Client().post("/sign-in/forgotten-password/", {"email": value, "extra": value})
    assert response.status_code in (200, 302)
    assert all(message.to == ["sam@example.gov.uk"] for message in mail.outbox)
    before = AuditEvent.objects.count()
    _ask_reset("sam@example.gov.uk")
    link = _link(mail.outbox[-1])
    client = Client()
    form = client.get(link)["Location"]
    refused = client.post(form, {"password": value, "password_again": value + "?"})
    assert refused.status_code == 200
    sam.refresh_from_db()
    assert sam.check_password(TEST_PASSWORD)
    assert not AuditEvent.objects.filter(pk__gt=before, verb="accounts.password.set").exists()
