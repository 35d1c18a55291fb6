"""The performance app's records, one module per part (indicators, statistics, equality,
self-assessment, returns)."""

from performance.models.assessment import *  # noqa: F403
