"""The performance app's records, one module per part (indicators, statistics, equality,
self-assessment, returns)."""

from performance.models.statistics import DisclosureRules, Region, StoredRelease  # noqa: F401
