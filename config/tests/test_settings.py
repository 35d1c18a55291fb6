import base64
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
        PREVENTHUB_BLIND_INDEX_KEY=new_master_key_entry("2026-11"),
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
    assert "is not usable" in _manage("check", **production, PREVENTHUB_FIELD_KEYS="k1:tooshort").stderr


DEVELOPMENT_FIELD_KEY = "ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMDAwMDA="


def _b64(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode()


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        # The published development key, under its own id and under any other.
        (f"development:{DEVELOPMENT_FIELD_KEY}", "key development is a development key published"),
        (f"2026-11:{DEVELOPMENT_FIELD_KEY}", "key 2026-11 is a development key published"),
        # Keys nobody generated.
        (f"zeros:{_b64(bytes(32))}", "key zeros is not random enough"),
        (f"repeated:{_b64(b'ab' * 16)}", "key repeated is not random enough"),
        (f"counting:{_b64(bytes(range(8)) * 4)}", "key counting is not random enough"),
        # The same key twice under two ids.
        ("a:{same},b:{same}", "key b is the same key as another"),
    ],
)
def test_production_refuses_development_duplicate_and_weak_keys(keys: str, problem: str) -> None:
    keys = keys.replace("{same}", new_master_key_entry("random").partition(":")[2])
    result = _manage(
        "check",
        PREVENTHUB_ENVIRONMENT="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="preventhub.example.gov.uk",
        PREVENTHUB_FIELD_KEYS=keys,
        PREVENTHUB_BLIND_INDEX_KEY=new_master_key_entry("2026-11"),
        PREVENTHUB_AUDIT_ANCHOR_KEYS=new_master_key_entry("2026-11"),
        PREVENTHUB_AUDIT_ANCHOR_DIR="/mnt/preventhub-anchors",
    )
    assert result.returncode != 0
    assert f"PREVENTHUB_FIELD_KEYS is not usable: {problem}" in result.stderr


def test_nothing_starts_without_being_told_its_environment() -> None:
    """A deployment that forgets PREVENTHUB_ENVIRONMENT does not run as development, on
    the published keys with DEBUG on: it does not run at all."""
    result = _manage("check")
    assert result.returncode != 0
    assert "PREVENTHUB_ENVIRONMENT is not set: set it to one of development, production" in result.stderr
    assert _manage("check", PREVENTHUB_ENVIRONMENT="development").returncode == 0


def test_production_needs_a_blind_index_key_of_its_own() -> None:
    field_key = new_master_key_entry("2026-11")
    production = {
        "PREVENTHUB_ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "preventhub.example.gov.uk",
        "PREVENTHUB_FIELD_KEYS": field_key,
        "PREVENTHUB_AUDIT_ANCHOR_KEYS": new_master_key_entry("2026-11"),
        "PREVENTHUB_AUDIT_ANCHOR_DIR": "/mnt/preventhub-anchors",
    }
    assert "PREVENTHUB_BLIND_INDEX_KEY is not set" in _manage("check", **production).stderr
    reused = _manage("check", **production, PREVENTHUB_BLIND_INDEX_KEY="index:" + field_key.partition(":")[2])
    assert "PREVENTHUB_BLIND_INDEX_KEY must be a key of its own" in reused.stderr
    development = _manage(
        "check", **production, PREVENTHUB_BLIND_INDEX_KEY="d:ZGV2ZWxvcG1lbnQtb25seS1ibGluZC1pbmRleC0wMDA="
    )
    assert "PREVENTHUB_BLIND_INDEX_KEY is not usable: key d is a development key" in development.stderr
