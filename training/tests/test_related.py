"""An organisation's page in the register links to its staff's training compliance
(training/related.py through govuk.related), for those who may open it, and the link opens."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import Partnership, Role, User
from conftest import add_person
from govuk.testing import page
from training.tests.builders_import import import_records

pytestmark = pytest.mark.django_db


def _related(client: Client, url: str) -> list[tuple[str, str]]:
    return page(client.get(url).content).by_id("related").links()


def test_an_organisations_page_links_to_its_training_compliance_for_those_who_may_open_it(
    partnership: Partnership, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    records = import_records(partnership, coordinator)
    steering = add_person(partnership, Role.STEERING, email="steering@example.org")
    for user, organisation in (
        (coordinator, records.college),
        (steering, records.college),
        (records.lead.user, records.school),
    ):
        client = sign_in(user)
        [(text, href)] = _related(client, organisation.get_absolute_url())
        assert text == f"Training compliance of {organisation.name}"
        assert client.get(href).status_code == 200
