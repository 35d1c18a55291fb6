"""Serving in production (issue 18, part 4): `make serve` refuses without the production
settings, the logs are JSON lines on standard output with the request's id, the upload
store switches to an S3-compatible bucket by setting, and a read replica by URL."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.test import Client

from lib.crypto import new_master_key_entry

ROOT = Path(__file__).resolve().parents[2]

# Prints the settings a test reads, and the class of the storage they make (made without
# reaching any network).
SHOW = (
    "import json; from django.conf import settings; from django.core.files.storage import storages; "
    "print(json.dumps({'storage': settings.STORAGES['default'], 'class': type(storages['default']).__name__, "
    "'databases': sorted(settings.DATABASES), 'replica': settings.READ_REPLICA, "
    "'no_server_cursors': [d.get('DISABLE_SERVER_SIDE_CURSORS') for d in settings.DATABASES.values()]}, "
    "default=str))"
)


def _clean_environment(**env: str) -> dict[str, str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PREVENTHUB_", "DJANGO_", "GUNICORN_")) and key != "DATABASE_URL"
    }
    return clean | env


def _run(command: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as var:
        return subprocess.run(
            command,
            cwd=ROOT,
            env=_clean_environment(PREVENTHUB_VAR_DIR=var, **env),
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )


def _production(**more: str) -> dict[str, str]:
    return {
        "PREVENTHUB_ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "preventhub.example.gov.uk",
        "PREVENTHUB_FIELD_KEYS": new_master_key_entry("2026-12"),
        "PREVENTHUB_BLIND_INDEX_KEY": new_master_key_entry("2026-12"),
        "PREVENTHUB_AUDIT_ANCHOR_KEYS": new_master_key_entry("2026-12"),
        "PREVENTHUB_AUDIT_ANCHOR_DIR": "/mnt/preventhub-anchors",
        **more,
    }


def _settings(**env: str) -> dict[str, object]:
    result = _run([sys.executable, "manage.py", "shell", "-c", SHOW], **env)
    assert result.returncode == 0, result.stderr
    shown: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return shown


# --- make serve ---------------------------------------------------------------------------


def test_make_serve_refuses_without_production_settings() -> None:
    development = _run(["deploy/serve.sh"], PY=sys.executable, PREVENTHUB_ENVIRONMENT="development")
    assert development.returncode == 2
    assert "set PREVENTHUB_ENVIRONMENT=production" in development.stderr
    sqlite = _run(["deploy/serve.sh"], PY=sys.executable, PREVENTHUB_ENVIRONMENT="production")
    assert sqlite.returncode == 2
    assert "set DATABASE_URL to the PostgreSQL database" in sqlite.stderr
    no_secrets = _run(
        ["deploy/serve.sh"],
        PY=sys.executable,
        PREVENTHUB_ENVIRONMENT="production",
        DATABASE_URL="postgres://preventhub@127.0.0.1:5432/preventhub",
    )
    assert no_secrets.returncode != 0
    for problem in ("SECRET_KEY is not set", "ALLOWED_HOSTS is not set", "PREVENTHUB_FIELD_KEYS is not set"):
        assert problem in no_secrets.stderr


def test_the_example_environment_file_does_not_start() -> None:
    """Its secrets are placeholders: production refuses every one of them."""
    example = (ROOT / "deploy" / "preventhub.env.example").read_text()
    with tempfile.TemporaryDirectory() as folder:
        # Its directories are this machine's scratch space, not /var/lib.
        env_file = Path(folder) / "preventhub.env"
        env_file.write_text(example.replace("/var/lib/preventhub", f"{folder}/var"))
        with_placeholders = _run(["deploy/serve.sh"], PY=sys.executable, PREVENTHUB_ENV_FILE=str(env_file))
    assert with_placeholders.returncode != 0
    assert "SECRET_KEY is too weak" in with_placeholders.stderr
    assert "PREVENTHUB_FIELD_KEYS is not usable" in with_placeholders.stderr


def test_the_generated_keys_satisfy_production() -> None:
    made = _run([sys.executable, "deploy/generate_keys.py"])
    assert made.returncode == 0, made.stderr
    keys = dict(line.split("=", 1) for line in made.stdout.splitlines())
    assert set(keys) == {
        "SECRET_KEY",
        "PREVENTHUB_FIELD_KEYS",
        "PREVENTHUB_BLIND_INDEX_KEY",
        "PREVENTHUB_AUDIT_ANCHOR_KEYS",
    }
    checked = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        PREVENTHUB_ENVIRONMENT="production",
        ALLOWED_HOSTS="preventhub.example.gov.uk",
        PREVENTHUB_AUDIT_ANCHOR_DIR="/mnt/preventhub-anchors",
        **keys,
    )
    assert checked.returncode == 0, checked.stderr


# --- logs ---------------------------------------------------------------------------------


def test_production_logs_are_json_lines_on_standard_output() -> None:
    logged = _run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import logging; logging.getLogger('preventhub.check').warning('The store is %s', 'slow')",
        ],
        **_production(),
    )
    assert logged.returncode == 0, logged.stderr
    line = json.loads(logged.stdout.strip().splitlines()[-1])
    assert (line["level"], line["logger"], line["message"], line["request_id"]) == (
        "WARNING",
        "preventhub.check",
        "The store is slow",
        "-",
    )
    assert line["time"]


def test_development_logs_stay_readable() -> None:
    logged = _run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import logging; logging.getLogger('x').warning('hello')",
        ],
        PREVENTHUB_ENVIRONMENT="development",
    )
    assert "WARNING x [-] hello" in logged.stderr


@pytest.mark.django_db
def test_each_response_carries_the_request_id() -> None:
    given = Client().get("/healthz", HTTP_X_REQUEST_ID="proxy-4f1c2a9b")
    assert given["X-Request-ID"] == "proxy-4f1c2a9b"
    # A header that is not a sensible id is not believed (nor copied into the logs).
    made = Client().get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert made != "<script>"
    assert len(made) == 32


# --- the upload store and the replica -----------------------------------------------------


def test_the_upload_store_is_a_directory_unless_told_otherwise() -> None:
    shown = _settings(PREVENTHUB_ENVIRONMENT="development", PREVENTHUB_UPLOAD_DIR="/srv/uploads")
    assert shown["storage"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/uploads", "base_url": None},
    }
    assert shown["replica"] is None


def test_an_s3_compatible_bucket_holds_the_uploads_when_configured() -> None:
    shown = _settings(
        PREVENTHUB_ENVIRONMENT="development",
        PREVENTHUB_UPLOAD_STORAGE="s3",
        PREVENTHUB_S3_BUCKET="preventhub-uploads",
        PREVENTHUB_S3_ENDPOINT_URL="https://s3.storage.internal",
        PREVENTHUB_S3_REGION="eu-west-2",
        PREVENTHUB_S3_ACCESS_KEY_ID="AKIAEXAMPLE",
        PREVENTHUB_S3_SECRET_ACCESS_KEY="not-a-real-secret",
        PREVENTHUB_S3_ADDRESSING_STYLE="path",
        PREVENTHUB_S3_SERVER_SIDE_ENCRYPTION="aws:kms",
        PREVENTHUB_S3_KMS_KEY_ID="alias/preventhub",
    )
    storage = shown["storage"]
    assert isinstance(storage, dict)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert {
        key: options[key] for key in ("bucket_name", "endpoint_url", "region_name", "addressing_style")
    } == {
        "bucket_name": "preventhub-uploads",
        "endpoint_url": "https://s3.storage.internal",
        "region_name": "eu-west-2",
        "addressing_style": "path",
    }
    assert (options["access_key"], options["secret_key"]) == ("AKIAEXAMPLE", "not-a-real-secret")
    assert options["file_overwrite"] is False
    assert options["default_acl"] is None
    assert options["object_parameters"] == {
        "ServerSideEncryption": "aws:kms",
        "SSEKMSKeyId": "alias/preventhub",
    }
    assert shown["class"] == "S3Storage"


def test_an_s3_store_needs_its_bucket() -> None:
    refused = _run(
        [sys.executable, "manage.py", "check"],
        PREVENTHUB_ENVIRONMENT="development",
        PREVENTHUB_UPLOAD_STORAGE="s3",
    )
    assert refused.returncode != 0
    assert "PREVENTHUB_S3_BUCKET is not set" in refused.stderr


def test_a_replica_url_adds_the_replica_alias() -> None:
    shown = _settings(
        PREVENTHUB_ENVIRONMENT="development",
        DATABASE_URL="postgres://preventhub@db.internal:5432/preventhub",
        DATABASE_REPLICA_URL="postgres://preventhub_ro@replica.internal:5432/preventhub",
    )
    assert shown["databases"] == ["default", "replica"]
    assert shown["replica"] == "replica"
    assert shown["no_server_cursors"] == [False, False]


def test_transaction_pooling_turns_off_server_side_cursors() -> None:
    shown = _settings(
        PREVENTHUB_ENVIRONMENT="development",
        DATABASE_URL="postgres://preventhub@pgbouncer.internal:6432/preventhub",
        DATABASE_REPLICA_URL="postgres://preventhub_ro@pgbouncer.internal:6432/preventhub_replica",
        DATABASE_TRANSACTION_POOLING="true",
    )
    assert shown["no_server_cursors"] == [True, True]
    refused = _run(
        [sys.executable, "manage.py", "check"],
        PREVENTHUB_ENVIRONMENT="development",
        DATABASE_REPLICA_URL="postgres://preventhub_ro@replica.internal:5432/preventhub",
    )
    assert "DATABASE_REPLICA_URL is set without DATABASE_URL" in refused.stderr
