"""The performance app's records, one module per part (indicators, statistics, equality,
self-assessment, returns)."""

from performance.models.board_pack import BoardPack, Marking  # noqa: F401
from performance.models.indicators import Direction, Indicator, IndicatorValue, PeriodKind, StaleFigures  # noqa: F401
