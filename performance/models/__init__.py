"""The performance app's records, one module per part (indicators, statistics, equality,
self-assessment, returns)."""

from performance.models.equality import EqualityArea, PopulationDimension, PopulationFigure, PopulationImport  # noqa: F401
