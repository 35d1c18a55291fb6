"""Bad input on every form, and it can fail. For every route of the URL access table
(bar the downloads), as someone allowed to use it, Hypothesis sends what careless and
hostile people send: very long text, unicode, control characters, huge and negative
numbers, impossible dates, fields missing and fields added, files that are not what they
claim. The answer is never a server error, and a refused submission writes nothing
(nothing but the audit of the form being shown again)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Partnership, User
from audit.models import AuditEvent
from cases.models import PanelMeeting
from config.tests.test_url_access import ACCESS, Records, build_records
from govuk.testing import Element, page

pytestmark = pytest.mark.django_db

EXAMPLES = 5
HOSTILE = st.one_of(
    st.just(""),
    st.just("x" * 100_000),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.text(
        alphabet=st.sampled_from([chr(n) for n in range(32)] + ["\x7f", "\u2028", "\ufeff"]), max_size=20
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "99999999999",
            "0",
            "-1",
            "31",
            "13",
            "29",
            "9999",
            "1e308",
            "NaN",
            "00000000-0000-0000-0000-000000000000",
        ]
    ),
    st.just("<script>alert(1)</script>"),
    st.just('=HYPERLINK("http://example.com")'),
)
FILES = st.tuples(
    # Not an empty name: a browser sends one only when no file was chosen, as no file.
    st.sampled_from(["notes.pdf", "plan.xlsx", "plan.csv", "photo.png", "x.exe", "a" * 300 + ".pdf"]),
    st.binary(max_size=3000),
)


def _form_fields(form: Element) -> dict[str, list[str]]:
    """Each field of a form and the values its page offers (the options of radios, selects
    and checkboxes), so that some generated submissions get past validation."""
    fields: dict[str, list[str]] = {}
    for element in form.iter():
        name = element.attrs.get("name")
        if not name or name in ("csrfmiddlewaretoken",):
            continue
        offered = fields.setdefault(name, [])
        if element.tag == "select":
            offered += [option.attrs.get("value", "") for option in element.iter("option")]
        elif element.attrs.get("type") in ("radio", "checkbox") or element.attrs.get("value"):
            offered.append(element.attrs.get("value", ""))
    return fields


def _post_forms(client: Client, url: str) -> list[Element]:
    """The forms that post to `url`, on the page it shows or, for a POST-only route, on
    the page it sends a GET to."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    shown_at = response.redirect_chain[-1][0] if response.redirect_chain else url
    forms = []
    for form in page(response.content).forms():
        if form.attrs.get("method", "get").lower() != "post":
            continue
        action = form.attrs.get("action") or shown_at
        if urlsplit(action).path == urlsplit(url).path:
            forms.append(form)
    return forms


@pytest.fixture(scope="module")
def records(module_db: None) -> Records:
    return build_records()


def _reader(
    name: str, partnership: Partnership, person: Callable[..., User], sign_in: Callable[..., Client]
) -> Client:
    rule = ACCESS[name]
    return sign_in(person(partnership, *rule.roles))


def _writes() -> int:
    return AuditEvent.objects.exclude(verb__endswith=".viewed").count()


# Files produced on request take no form.
DOWNLOADS = {
    "plans:export_csv",
    "plans:export_xlsx",
    "plans:report_pdf",
    "plans:import_template",
    "plans:evidence_download",
    "cases:document_download",
    "cases:meeting_minutes",
    "cases:meeting_agenda_pdf",
    "partners:check_evidence",
    "training:certificate",
    "training:compliance_export",
    "training:import_problems",
    "venues:policy_document",
    "community:event_export",
    "community:campaign_export",
    "performance:statistics_download",
    "performance:region_download",
    "projects:funder_return",
    "projects:funder_return_pdf",
    "projects:return_download",
    "performance:dashboard_xlsx",
    "performance:return_download",
    "performance:assessment_pdf",
    "performance:equality_download",
    "performance:board_pack_download",
}
# Pages whose form is offered only once the meeting has begun (cases.invitations.has_begun).
AFTER_THE_MEETING_BEGINS = {"cases:meeting_close"}
POSTED = sorted(
    name
    for name, rule in ACCESS.items()
    if rule.roles and name not in DOWNLOADS and name != "accounts:partnership_switch"
)


@pytest.mark.parametrize("name", POSTED)
def test_no_bad_input_gets_a_server_error_or_writes_anything_when_refused(
    name: str,
    records: Records,
    partnership: Partnership,
    person: Callable[..., User],
    sign_in: Callable[..., Client],
) -> None:
    rule = ACCESS[name]
    url = reverse(name, kwargs=rule.kwargs(records))
    if name in AFTER_THE_MEETING_BEGINS:
        PanelMeeting.objects.filter(pk=records.channel.meeting.pk).update(
            meets_at=timezone.now() - dt.timedelta(hours=1)
        )
    client = _reader(name, partnership, person, sign_in)
    forms = _post_forms(client, url)
    # A page with no form to send still meets a stray POST (a replayed request, a bot):
    # it gets the same fields-and-files treatment, with nothing to fill in.
    assert forms or rule.method != "post", f"{name} takes a POST, but no page shows a form for it"
    fields = {field: offered for form in forms for field, offered in _form_fields(form).items()}
    files = {
        field
        for form in forms
        for element in form.iter("input")
        if element.attrs.get("type") == "file"
        for field in [element.attrs["name"]]
    }

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def sends(data: st.DataObject) -> None:
        posted: dict[str, Any] = {"extra_field_nobody_asked_for": data.draw(HOSTILE)}
        for field, offered in fields.items():
            if field in files:
                if data.draw(st.booleans()):
                    filename, content = data.draw(FILES)
                    posted[field] = SimpleUploadedFile(filename, content)
                continue
            if data.draw(st.integers(0, 4)) == 0:
                continue  # left out
            choices = [value for value in offered if value]
            offered_value = bool(choices) and data.draw(st.booleans())
            posted[field] = data.draw(st.sampled_from(choices)) if offered_value else data.draw(HOSTILE)
        with transaction.atomic():
            before = _writes()
            response = client.post(url, posted)
            assert response.status_code < 500, (name, posted)
            # A form shown again is a refusal; a download (subject access) is a success.
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                assert _writes() == before, f"{name} refused a submission but wrote: {posted}"
            transaction.set_rollback(True)

    sends()
