"""Gateway and search (issue 14, parts 10 and 11): deconfliction becomes repeatable entries
(DeconflictionEntry), the one deconfliction each referral had becomes its first entry;
screening information (ScreeningInformation); the national case-tracking reference, unique
in the partnership when given; the allocated worker; and the blind index gains each
person's postcode and school or setting, so search finds them.

The historical models have no decryption helpers, so values are opened with lib.crypto as
in 0009 and 0011. Records whose data key was destroyed are left as they are: they were
erased, and nothing can be read to copy or index."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cases.models.channel
from lib import crypto

BATCH = 500


def _key(data_key):
    if data_key.destroyed_at is not None or not data_key.wrapped:
        return None
    return crypto.unwrap(
        settings.FIELD_MASTER_KEYS, data_key.master_key_id, data_key.wrapped, row=f"cases.datakey:{data_key.uuid}"
    )


def copy_deconfliction(apps, schema_editor):
    GatewayAssessment = apps.get_model("cases", "GatewayAssessment")
    DeconflictionEntry = apps.get_model("cases", "DeconflictionEntry")
    done = DeconflictionEntry.objects.values("referral_id")
    gateways = (
        GatewayAssessment.objects.filter(deconflicted_at__isnull=False)
        .exclude(referral_id__in=done)
        .select_related("referral__data_key")
        .order_by("pk")
    )
    entries = []
    for gateway in gateways.iterator(chunk_size=BATCH):
        referral = gateway.referral
        key = _key(referral.data_key)
        entry = DeconflictionEntry(
            uuid=uuid.uuid4(),
            referral_id=referral.pk,
            consulted="Police systems",
            outcome="no_conflict",
            recorded_by_id=gateway.deconflicted_by_id,
            recorded_at=gateway.deconflicted_at,
        )
        if key is not None:
            token = gateway.checks_sealed
            checks = crypto.decrypt(key, token, context=f"cases.gatewayassessment.checks:{referral.uuid}") if token else ""
            entry.notes_sealed = crypto.encrypt(
                key, checks, context=f"cases.deconflictionentry.notes:{entry.uuid}", at_least=crypto.SMALLEST_PADDED
            )
        entries.append(entry)
        if len(entries) >= BATCH:
            DeconflictionEntry.objects.bulk_create(entries)
            entries = []
    DeconflictionEntry.objects.bulk_create(entries)


def _place_keys(postcode, school):
    """As cases.blind.postcode_key and school_key, frozen here."""
    keys = []
    folded = "".join(postcode.split()).upper()
    if folded:
        keys.append(f"p:{folded}")
    folded = " ".join(school.casefold().split())
    if folded:
        keys.append(f"sc:{folded}")
    return [crypto.blind_index(settings.BLIND_INDEX_KEY, k) for k in keys]


def index_places(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    PersonNameKey = apps.get_model("cases", "PersonNameKey")
    rows = []
    for person in Person.objects.select_related("data_key").order_by("pk").iterator(chunk_size=BATCH):
        key = _key(person.data_key)
        if key is None:
            continue
        values = {}
        for field in ("postcode", "school_or_employer"):
            token = getattr(person, f"{field}_sealed")
            values[field] = crypto.decrypt(key, token, context=f"cases.person.{field}:{person.uuid}") if token else ""
        for hashed in _place_keys(values["postcode"], values["school_or_employer"]):
            rows.append(PersonNameKey(person_id=person.pk, partnership_id=person.partnership_id, key=hashed))
        if len(rows) >= BATCH:
            PersonNameKey.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    PersonNameKey.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_partnership_post_exit_review_windows'),
        ('cases', '0015_support_plan'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DeconflictionEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('consulted', models.CharField(help_text='Who, or which team, was consulted', max_length=200)),
                ('outcome', models.CharField(choices=[('no_conflict', 'No conflict'), ('hold', 'Hold: police activity'), ('conditions', 'Proceed with conditions')], max_length=20)),
                ('notes_sealed', models.TextField(blank=True)),
                ('recorded_at', models.DateTimeField()),
            ],
            options={
                'ordering': ['recorded_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='ScreeningInformation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('source_sealed', models.TextField(blank=True)),
                ('what_sealed', models.TextField(blank=True)),
                ('legal_basis', models.CharField(choices=cases.models.channel._legal_bases, max_length=20)),
                ('recorded_at', models.DateTimeField()),
            ],
            options={
                'ordering': ['recorded_at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='referral',
            name='allocated_to',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='referral',
            name='national_reference',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='kind',
            field=models.CharField(choices=[('received', 'Referral received'), ('identity_linked', 'Linked to a person already known'), ('identity_confirmed', 'Confirmed as a new person'), ('deconflicted', 'Deconfliction recorded'), ('gateway_decision', 'Gateway decision'), ('sharing', 'Information sharing'), ('sharing_answered', 'Information sharing answered'), ('assessment', 'Vulnerability assessment'), ('agenda', 'Put on a panel agenda'), ('panel_decision', 'Panel decision'), ('panel_action', 'Panel action'), ('document', 'Document added'), ('person_updated', "The person's details corrected"), ('consent', 'Consent'), ('consent_withdrawn', 'Consent withdrawn'), ('intervention', 'Intervention agreed'), ('intervention_ended', 'Intervention ended'), ('session', 'Support session'), ('review', 'Review'), ('exit', 'Exit from support'), ('closed', 'Case closed'), ('transfer', 'Transfer'), ('retention', 'Retention'), ('addition', 'Further information from the referrer'), ('support_plan', 'Support plan'), ('screening', 'Gateway screening information'), ('national_reference', 'National case-tracking reference'), ('allocated', 'Allocated worker')], max_length=20),
        ),
        migrations.AddIndex(
            model_name='referral',
            index=models.Index(condition=models.Q(('allocated_to__isnull', False)), fields=['allocated_to', '-received_at', '-id'], name='referral_allocated'),
        ),
        migrations.AddIndex(
            model_name='referral',
            index=models.Index(condition=models.Q(('person__isnull', True)), fields=['partnership', '-received_at', '-id'], name='referral_unlinked'),
        ),
        migrations.AddConstraint(
            model_name='referral',
            constraint=models.UniqueConstraint(condition=models.Q(('national_reference', ''), _negated=True), fields=('partnership', 'national_reference'), name='referral_national_reference'),
        ),
        migrations.AddField(
            model_name='deconflictionentry',
            name='recorded_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='deconflictionentry',
            name='referral',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deconflictions', to='cases.referral'),
        ),
        migrations.AddField(
            model_name='screeninginformation',
            name='recorded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='screeninginformation',
            name='referral',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='screening', to='cases.referral'),
        ),
        migrations.AddIndex(
            model_name='deconflictionentry',
            index=models.Index(fields=['referral', '-recorded_at', '-id'], name='deconfliction_latest'),
        ),
        migrations.RunPython(copy_deconfliction, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index_places, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(
            model_name='gatewayassessment',
            name='checks_sealed',
        ),
    ]
