"""The settings the test suite runs with: the development environment unless a test
sets another. Anything else starts only with PREVENTHUB_ENVIRONMENT set (config/settings.py)."""

import os

os.environ.setdefault("PREVENTHUB_ENVIRONMENT", "development")

from config.settings import *  # noqa: F403

# A second alias for the read-replica router's tests (config/tests/test_replica.py): the
# primary's test database under another connection, as a real replica would be. Reads go
# there only in tests that switch READ_REPLICA on and ask for the alias.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
        # SQLite's in-memory test database is one shared cache, locked by table: the second
        # connection begins its (test case's) transactions deferred, as a reader, and does
        # not wait for the primary's open transaction to read.
        options = dict(DATABASES["default"]["OPTIONS"])  # noqa: F405
        options.pop("transaction_mode", None)
        options["init_command"] = options.get("init_command", "") + "PRAGMA read_uncommitted=ON;"
        DATABASES["replica"]["OPTIONS"] = options  # noqa: F405
