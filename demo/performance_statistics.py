"""The demo's region: "London (demo)", made of the demo partnerships, read by a regional
adviser (regional@london.demo) who holds the regional role in each of them and sees the
region's Channel statistics after disclosure control, nothing of one partnership. Set up
through performance.actions_regions, as a system administrator does in the admin."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password

from accounts import actions as account_actions
from accounts.models import Partnership, Role
from performance.actions_regions import create_region

REGIONAL_EMAIL = "regional@london.demo"
REGION_NAME = "London (demo)"


def load(partnerships: list[Partnership]) -> None:
    adviser = account_actions.create_user(
        actor=None,
        email=REGIONAL_EMAIL,
        full_name="Demo regional adviser, London",
        job_title="Regional Prevent adviser",
        password_hash=make_password(settings.DEMO_PASSWORD),
        is_demo_account=True,
    )
    for partnership in partnerships:
        account_actions.grant_role(
            actor=None, user=adviser, partnership=partnership, role=Role.REGIONAL, agency="Home Office"
        )
    create_region(actor=None, name=REGION_NAME, partnerships=partnerships, readers=[adviser])
