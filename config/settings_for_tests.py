"""The settings the test suite runs with: the development environment unless a test
sets another. Anything else starts only with PREVENTHUB_ENVIRONMENT set (config/settings.py)."""

import os

os.environ.setdefault("PREVENTHUB_ENVIRONMENT", "development")

from config.settings import *  # noqa: F403
