"""Re-hash every person's blind index with the keys lib.names.index_keys now gives, which
include the full forms of short given names ("Tom" also stores the sound of "Thomas"), so
that earlier referrals of people already known are found by the full name too. The
historical models have no decryption helpers, so names are opened with lib.crypto as in
0009. People whose data key was destroyed are left as they are: their names were erased."""

import datetime

from django.conf import settings
from django.db import migrations

from lib import crypto
from lib.names import NameRecord, index_keys

BATCH = 500
NAME_FIELDS = ["given_names", "family_name", "other_names", "date_of_birth"]


def _open(person, field, key):
    token = getattr(person, f"{field}_sealed")
    return crypto.decrypt(key, token, context=f"cases.person.{field}:{person.uuid}") if token else ""


def _record(person, key):
    values = {field: _open(person, field, key) for field in NAME_FIELDS}
    born = values["date_of_birth"]
    return NameRecord(
        given_names=values["given_names"],
        family_name=values["family_name"],
        other_names=tuple(line.strip() for line in values["other_names"].splitlines() if line.strip()),
        date_of_birth=datetime.date.fromisoformat(born) if born else None,
    )


def _replace(PersonNameKey, entries):
    PersonNameKey.objects.filter(person_id__in=list(entries)).delete()
    PersonNameKey.objects.bulk_create(
        PersonNameKey(person_id=person_id, partnership_id=partnership_id, key=key)
        for person_id, (partnership_id, keys) in entries.items()
        for key in sorted(keys)
    )


def rebuild(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    PersonNameKey = apps.get_model("cases", "PersonNameKey")
    entries = {}
    for person in Person.objects.select_related("data_key").order_by("pk").iterator(chunk_size=BATCH):
        data_key = person.data_key
        if data_key.destroyed_at is not None or not data_key.wrapped:
            continue
        key = crypto.unwrap(
            settings.FIELD_MASTER_KEYS,
            data_key.master_key_id,
            data_key.wrapped,
            row=f"cases.datakey:{data_key.uuid}",
        )
        keys = {crypto.blind_index(settings.BLIND_INDEX_KEY, k) for k in index_keys(_record(person, key))}
        entries[person.pk] = (person.partnership_id, keys)
        if len(entries) >= BATCH:
            _replace(PersonNameKey, entries)
            entries = {}
    if entries:
        _replace(PersonNameKey, entries)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_drop_plain_identity_columns"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=False)]
