"""The fictional demo reaches every stage of the Channel lifecycle in each partnership."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Partnership
from audit.log import verify_chain
from cases import follow_up
from cases.models import CaseTransfer, Consent, Referral, ReferralState, RetentionSchedule, Review, ReviewKind

pytestmark = pytest.mark.django_db


def test_every_partnership_has_cases_at_every_stage_after_adoption(settings: Any) -> None:
    settings.DEMO = True
    call_command("load_demo", stdout=StringIO())
    today = timezone.localdate()
    for partnership in Partnership.objects.all():
        states = set(Referral.objects.filter(partnership=partnership).values_list("state", flat=True))
        for state in (
            ReferralState.ADOPTED,
            ReferralState.IN_SUPPORT,
            ReferralState.CONSENT_UNDER_REVIEW,
            ReferralState.EXITED,
        ):
            assert state in states, (partnership, state)
        assert Consent.objects.filter(referral__partnership=partnership, given_by="parent").exists()
        assert follow_up.overdue_interventions(partnership, today).exists()
        six_months = Review.objects.get(
            partnership=partnership, referral__state=ReferralState.EXITED, kind=ReviewKind.AFTER_EXIT_6
        )
        assert six_months.held_on is None
        assert abs((six_months.due_on - today).days) <= 14
        assert CaseTransfer.objects.filter(to_partnership=partnership, status="pending").count() == 1
        assert RetentionSchedule.objects.filter(
            partnership=partnership, review_on__lt=today, legal_hold=False
        ).exists()
    assert verify_chain().intact
