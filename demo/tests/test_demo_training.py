"""Westminster's training in the demo adds up to its committee report: "Since April 2016 the
Prevent Team delivered training to over 1800 staff in 53 institutions" (15 November 2017)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse

from accounts.models import Partnership, Role, User
from demo.training import STAFF_TRAINED, TRAINING_REPORT
from govuk.testing import Table, page
from partners.models import Contact, PartnerLead
from training.models import Completion, ConfidenceTally, Session, SessionStatus

pytestmark = pytest.mark.django_db

SINCE, REPORT = dt.date(2016, 4, 1), dt.date(2017, 11, 15)


def test_the_demo_adds_up_to_the_westminster_report(settings: Any, sign_in: Any) -> None:
    settings.DEMO = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "partnerlead@westminster.demo" in out.getvalue()
    westminster = Partnership.objects.get(slug="westminster")
    assert "over 1800 staff in 53 institutions" in TRAINING_REPORT
    completions = Completion.objects.filter(
        partnership=westminster, completed_on__gte=SINCE, completed_on__lt=REPORT
    )
    # The figures, read from the demo's records: 1,812 staff ("over 1800") in 53 institutions.
    assert completions.values("person_id").distinct().count() == STAFF_TRAINED == 1812
    assert completions.values("person__organisation_id").distinct().count() == 53
    assert completions.count() == 1812  # one completion each, each from a session
    assert not completions.filter(session__isnull=True).exists()
    # Every person and institution is labelled demo data.
    people = Contact.objects.filter(pk__in=completions.values("person_id"))
    assert not people.exclude(job_title__icontains="demo").exists()
    assert not people.exclude(organisation__address__startswith="Demo data").exists()
    held = Session.objects.filter(partnership=westminster, starts_at__date__lt=REPORT)
    assert ConfidenceTally.objects.filter(session__in=held).values("session_id").distinct().count() >= 5
    briefings = held.filter(headcount_only=True)
    assert briefings.count() == 3 and all(b.status == SessionStatus.HELD and b.headcount for b in briefings)
    # The coordinator reads the same figure on the course's page.
    coordinator = User.objects.get(email="coordinator@westminster.demo")
    client = sign_in(coordinator)
    courses = Table.read(page(client.get(reverse("training:course_list")).content).iter("table")[0]).rows
    by_title = {row["Course"]: row for row in courses}
    titles = ("Prevent in educational settings", "Workshop to Raise Awareness of Prevent (WRAP)")
    shown = sum(int(by_title[title]["Completions"]) for title in titles)
    # With the two years of training since (demo/training_history.py).
    since = Completion.objects.filter(
        partnership=westminster, completed_on__gte=REPORT, course__title__in=titles
    )
    assert since.exists() and shown == 1812 + since.count()
    # The partner lead leads one school, which hosted a session two days ago to record.
    lead = User.objects.get(email="partnerlead@westminster.demo")
    assert lead.memberships.filter(partnership=westminster, role=Role.PARTNER_LEAD).exists()
    [led] = PartnerLead.objects.filter(user=lead)
    rows = Table.read(page(sign_in(lead).get(reverse("training:session_list")).content).iter("table")[0]).rows
    assert rows and {row["Host"] for row in rows} == {led.organisation.name}
    # Every training link each Westminster role is shown opens for it.
    for email in (
        "partnerlead@westminster.demo",
        "coordinator@westminster.demo",
        "steering@westminster.demo",
    ):
        assert _broken_links(sign_in(User.objects.get(email=email))) == [], email


def _broken_links(client: Any) -> list[str]:
    """Follow the training pages' links from the session list, two pages of each kind."""
    seen, queue, broken = {"/training/sessions/"}, deque(["/training/sessions/"]), []
    opened: Counter[str] = Counter()
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            broken.append(f"{url} answered {response.status_code}")
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        shown = page(response.content)
        shown.tables()  # every table reads by its headers
        for _, href in shown.links():
            path = urlsplit(href).path
            if not path.startswith("/training/") or href in seen:
                continue
            kind = resolve(path).view_name
            if opened[kind] >= 2:
                continue
            opened[kind] += 1
            seen.add(href)
            queue.append(href)
    return broken
