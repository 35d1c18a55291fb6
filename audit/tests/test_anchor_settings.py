"""Production refuses to start without an anchor key of its own and an anchor store it
was told about; development needs neither, and starting Django writes no anchor."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from lib.crypto import new_master_key_entry

ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT_KEY = "development:ZGV2ZWxvcG1lbnQtb25seS1hdWRpdC1hbmNob3ItMDA="


def _check(var: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value for key, value in os.environ.items() if not key.startswith(("PREVENTHUB_", "DJANGO_"))
    }
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env={**clean, "PREVENTHUB_VAR_DIR": str(var), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def _production(secret_key: str) -> dict[str, str]:
    return {
        "PREVENTHUB_ENVIRONMENT": "production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "preventhub.example.gov.uk",
        "PREVENTHUB_FIELD_KEYS": new_master_key_entry("2026-11"),
        "PREVENTHUB_BLIND_INDEX_KEY": new_master_key_entry("2026-11"),
    }


def test_production_needs_an_anchor_key_of_its_own_and_an_anchor_store(tmp_path: Path) -> None:
    production = _production(secrets.token_urlsafe(64))
    missing = _check(tmp_path, **production).stderr
    assert "PREVENTHUB_AUDIT_ANCHOR_KEYS is not set: set it to comma-separated id:base64 keys" in missing
    assert "PREVENTHUB_AUDIT_ANCHOR_DIR is not set: set it to a directory on storage that is not" in missing
    development = _check(
        tmp_path, **production, PREVENTHUB_AUDIT_ANCHOR_KEYS=DEVELOPMENT_KEY, PREVENTHUB_AUDIT_ANCHOR_DIR="/x"
    )
    assert development.returncode != 0
    assert (
        "PREVENTHUB_AUDIT_ANCHOR_KEYS is not usable: key development is a development key published"
        in development.stderr
    )
    malformed = _check(tmp_path, **production, PREVENTHUB_AUDIT_ANCHOR_KEYS="k1:tooshort").stderr
    assert "PREVENTHUB_AUDIT_ANCHOR_KEYS is not usable" in malformed
    reused = _check(
        tmp_path,
        **production,
        PREVENTHUB_AUDIT_ANCHOR_KEYS="anchors:" + production["PREVENTHUB_FIELD_KEYS"].partition(":")[2],
        PREVENTHUB_AUDIT_ANCHOR_DIR="/x",
    ).stderr
    assert "PREVENTHUB_AUDIT_ANCHOR_KEYS must not reuse SECRET_KEY or a field key" in reused


def test_production_with_its_anchor_settings_passes_the_deployment_checks(tmp_path: Path) -> None:
    result = _check(
        tmp_path,
        "--deploy",
        "--fail-level",
        "WARNING",
        **_production(secrets.token_urlsafe(64)),
        PREVENTHUB_AUDIT_ANCHOR_KEYS=new_master_key_entry("2026-11"),
        PREVENTHUB_AUDIT_ANCHOR_DIR=str(tmp_path / "mounted-anchor-store"),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert not (tmp_path / "mounted-anchor-store").exists()


def test_development_needs_no_anchor_settings_and_starting_writes_no_anchor(tmp_path: Path) -> None:
    result = _check(tmp_path, PREVENTHUB_ENVIRONMENT="development")
    assert result.returncode == 0, result.stderr + result.stdout
    assert not (tmp_path / "audit-anchors").exists()
