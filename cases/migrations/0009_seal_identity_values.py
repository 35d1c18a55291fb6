"""Seal what 0008 made room for: each data key gets its row's id and is re-wrapped bound
to it; each person's and referral's identifying values and each document's size are
encrypted with their data key; the name index becomes a blind index; plaintext digests
of subject access archives are dropped. Values of records whose key was destroyed stay
empty: they were erased."""

import uuid

from django.conf import settings
from django.db import migrations

from lib import crypto

PERSON = ["given_names", "family_name", "other_names", "date_of_birth", "address", "postcode",
          "school_or_employer", "contact_details"]
REFERRAL = ["referrer_name", "referrer_role", "referrer_organisation", "referrer_email", "referrer_phone",
            "subject_given_names", "subject_family_name", "subject_other_names", "subject_date_of_birth",
            "subject_address", "subject_postcode", "subject_school_or_employer"]


def _text(value):
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def seal(apps, schema_editor):
    masters = settings.FIELD_MASTER_KEYS
    DataKey = apps.get_model("cases", "DataKey")
    keys = {}
    for data_key in DataKey.objects.all().iterator(chunk_size=1000):
        data_key.uuid = uuid.uuid4()
        if data_key.wrapped and data_key.destroyed_at is None:
            key = crypto.unwrap(masters, data_key.master_key_id, data_key.wrapped, row="")
            data_key.master_key_id, data_key.wrapped = crypto.wrap(
                masters, key, row=f"cases.datakey:{data_key.uuid}"
            )
            keys[data_key.pk] = key
        data_key.save(update_fields=["uuid", "master_key_id", "wrapped"])

    for model_name, names, data_key_of in (
        ("person", PERSON, lambda row: row.data_key_id),
        ("referral", REFERRAL, lambda row: row.data_key_id),
    ):
        Model = apps.get_model("cases", model_name)
        for row in Model.objects.all().iterator(chunk_size=500):
            key = keys.get(data_key_of(row))
            if key is None:
                continue
            for name in names:
                setattr(row, f"{name}_sealed", crypto.encrypt(
                    key, _text(getattr(row, name)), context=f"cases.{model_name}.{name}:{row.uuid}"
                ))
            row.save(update_fields=[f"{name}_sealed" for name in names])

    CaseDocument = apps.get_model("cases", "CaseDocument")
    for document in CaseDocument.objects.select_related("referral").iterator(chunk_size=500):
        key = keys.get(document.referral.data_key_id)
        if key is not None:
            document.size_sealed = crypto.encrypt(
                key, str(document.size), context=f"cases.casedocument.size:{document.uuid}"
            )
            document.save(update_fields=["size_sealed"])

    PersonNameKey = apps.get_model("cases", "PersonNameKey")
    for entry in PersonNameKey.objects.all().iterator(chunk_size=2000):
        entry.key = crypto.blind_index(settings.BLIND_INDEX_KEY, entry.key)
        entry.save(update_fields=["key"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_sealed_identity_columns"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop, elidable=False)]
