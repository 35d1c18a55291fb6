"""Fixtures the regions' tests share: a system administrator, made as the demo makes its
own (demo.loader.load), and a third partnership."""

from __future__ import annotations

from typing import Any

import pytest

from accounts import actions as account_actions
from accounts.models import Partnership, User
from conftest import PartnershipFactory


@pytest.fixture
def administrator(db: Any) -> User:
    """Made as the demo makes its system administrator (demo.loader.load)."""
    return account_actions.create_user(
        actor=None,
        email="admin@example.gov.uk",
        full_name="Ada Admin",
        password="a long test password",
        is_system_administrator=True,
    )


@pytest.fixture
def camden(db: Any) -> Partnership:
    return PartnershipFactory.create(name="Camden", slug="camden", code="CA")
