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
