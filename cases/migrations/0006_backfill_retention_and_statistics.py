"""Referrals recorded before retention and statistics existed get their retention
schedule (if closed) and their anonymous statistical record, as the actions now keep
them for every new change."""

from django.db import migrations
from django.utils import timezone

from lib.bands import age_band, financial_year
from lib.dates import add_months

# The retention defaults when this migration was written (cases/retention.py).
YEARS = {
    "no_further_action": 3,
    "signposted": 3,
    "police_led": 3,
    "not_adopted_nfa": 3,
    "not_adopted_signposted": 3,
}


def backfill(apps, schema_editor):
    Referral = apps.get_model("cases", "Referral")
    AgendaItem = apps.get_model("cases", "AgendaItem")
    GatewayAssessment = apps.get_model("cases", "GatewayAssessment")
    RetentionSchedule = apps.get_model("cases", "RetentionSchedule")
    StatisticalRecord = apps.get_model("cases", "StatisticalRecord")
    for referral in Referral.objects.filter(statistics__isnull=True).select_related("person").iterator():
        received = timezone.localdate(referral.received_at)
        person = referral.person
        born = person.date_of_birth if person and person.date_of_birth else referral.subject_date_of_birth
        gateway = GatewayAssessment.objects.filter(referral=referral).first()
        decided = list(
            AgendaItem.objects.filter(referral=referral)
            .exclude(decision="")
            .select_related("meeting")
            .order_by("decided_at")
        )
        StatisticalRecord.objects.create(
            referral=referral,
            partnership_id=referral.partnership_id,
            financial_year=financial_year(received),
            sector_id=referral.sector_id,
            concern_type_id=referral.concern_type_id,
            age_band=age_band(born, received),
            gender=person.gender if person else referral.subject_gender,
            gateway_outcome=gateway.decision if gateway else "",
            discussed_at_panel=bool(decided),
            adopted=any(item.decision == "adopt" for item in decided),
            state=referral.state,
        )
        if referral.state in YEARS and not RetentionSchedule.objects.filter(referral=referral).exists():
            if decided and referral.state.startswith("not_adopted"):
                # As the panel decision action does: the meeting's day, unless recorded before it.
                closed_at = min(decided[-1].meeting.meets_at, decided[-1].decided_at)
            elif gateway and gateway.decided_at:
                closed_at = gateway.decided_at
            else:
                closed_at = referral.updated_at
            closed_on = timezone.localdate(closed_at)
            RetentionSchedule.objects.create(
                referral=referral,
                partnership_id=referral.partnership_id,
                outcome=referral.state,
                closed_on=closed_on,
                review_on=add_months(closed_on, 12 * YEARS[referral.state]),
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_seed_intervention_types")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
