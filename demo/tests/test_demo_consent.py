"""The demo shows issue 14's parts 6 to 8 in each partnership: consent refused and kept
under review with an onward referral and a reconsideration due, a case returned to the
police, an exit and a closure with their reasons, and consent from a local authority."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Partnership
from cases import follow_up
from cases.models import Closure, Consent, OnwardReferral, Referral, ReferralState, StatisticalRecord

pytestmark = pytest.mark.django_db


def test_every_partnership_shows_consent_not_given_escalation_and_exit_reasons(settings: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    today = timezone.localdate()
    for partnership in Partnership.objects.all():
        referrals = Referral.objects.filter(partnership=partnership)
        under_review = referrals.get(state=ReferralState.CONSENT_UNDER_REVIEW, onward_referrals__isnull=False)
        onward = OnwardReferral.objects.get(referral=under_review)
        assert onward.kind == "childrens_social_care"
        due = follow_up.reconsiderations(partnership, today)
        assert [review.referral_id for review in due] == [under_review.pk]
        escalated = referrals.get(state=ReferralState.ESCALATED)
        assert Closure.objects.get(referral=escalated).reason == "escalated"
        closed = referrals.get(closures__stage="exit", closures__reason="no_further_concern")
        assert closed.state == ReferralState.CLOSED
        assert StatisticalRecord.objects.get(referral=closed).closure_reason == "moved"
        assert Consent.objects.filter(referral__partnership=partnership, given_by="local_authority").exists()
