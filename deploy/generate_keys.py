"""Print a fresh set of the secrets production needs, as lines for an environment file:

    python deploy/generate_keys.py >> /etc/preventhub/preventhub.env

SECRET_KEY, the field master key, the blind-index key and the audit anchor key, each
random and each its own (production refuses keys that are shared or too regular). Keep the
file readable by the service's user only, and keep a copy of the keys where the backups
are not: a backup cannot be opened without the field key of its day (docs/keys.md).
Runs without Django, so it works before anything is configured."""

from __future__ import annotations

import datetime as dt
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lib.crypto import new_master_key_entry


def main() -> None:
    key_id = dt.date.today().strftime("%Y-%m")
    print(f"SECRET_KEY={secrets.token_urlsafe(64)}")
    print(f"PREVENTHUB_FIELD_KEYS={new_master_key_entry(key_id)}")
    print(f"PREVENTHUB_BLIND_INDEX_KEY={new_master_key_entry(key_id)}")
    print(f"PREVENTHUB_AUDIT_ANCHOR_KEYS={new_master_key_entry(key_id)}")


if __name__ == "__main__":
    main()
