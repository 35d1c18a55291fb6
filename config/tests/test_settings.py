import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import Environment
from lib.crypto import new_master_key_entry

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value for key, value in os.environ.items() if not key.startswith(("PREVENTHUB_", "DJANGO_"))
    }
    clean.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as var:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**clean, "PREVENTHUB_VAR_DIR": var, **env},
            capture_output=True,
            text=True,
            check=False,
        )


def test_a_bad_value_is_reported_with_what_to_set_it_to() -> None:
    env = Environment({"SESSION_IDLE_MINUTES": "soon", "DEBUG": "maybe"})
    env.number("SESSION_IDLE_MINUTES", 30, minimum=1)
    env.flag("DEBUG", default=False)
    with pytest.raises(ImproperlyConfigured) as raised:
        env.check()
    message = str(raised.value)
    assert "SESSION_IDLE_MINUTES is 'soon': set it to a whole number of at least 1" in message
    assert "DEBUG is 'maybe': set it to true or false" in message


def test_a_required_value_that_is_missing_is_reported() -> None:
    env = Environment({})
    env.text("SECRET_KEY", required=True)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        env.check()


def test_lists_are_split_on_commas() -> None:
    assert Environment({"HOSTS": "a.gov.uk, b.gov.uk,"}).items("HOSTS") == ["a.gov.uk", "b.gov.uk"]


def test_production_refuses_to_start_without_its_secrets() -> None:
    result = _manage("check", PREVENTHUB_ENVIRONMENT="production")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_production_refuses_the_demo() -> None:
    result = _manage(
        "check",
        PREVENTHUB_ENVIRONMENT="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="preventhub.example.gov.uk",
        PREVENTHUB_DEMO="true",
    )
    assert result.returncode != 0
    assert "the demo cannot run in production" in result.stderr


def test_production_settings_pass_the_deployment_checks() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PREVENTHUB_ENVIRONMENT="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="preventhub.example.gov.uk",
        PREVENTHUB_FIELD_KEYS=new_master_key_entry("2026-11"),
        PREVENTHUB_AUDIT_ANCHOR_KEYS=new_master_key_entry("2026-11"),
        PREVENTHUB_AUDIT_ANCHOR_DIR="/mnt/preventhub-anchors",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_needs_field_encryption_keys_of_its_own() -> None:
    production = {
        "PREVENTHUB_ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "preventhub.example.gov.uk",
    }
    assert "PREVENTHUB_FIELD_KEYS is not set" in _manage("check", **production).stderr
    development_key = _manage(
        "check",
        **production,
        PREVENTHUB_FIELD_KEYS="development:ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMDAwMDA=",
    )
    assert "holds the development key" in development_key.stderr
    assert "is not usable" in _manage("check", **production, PREVENTHUB_FIELD_KEYS="k1:tooshort").stderr
