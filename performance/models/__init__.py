"""The performance app's records, one module per part (indicators, statistics, equality,
self-assessment, returns)."""

from performance.models.assessment import *  # noqa: F403
from performance.models.board_pack import BoardPack, Marking  # noqa: F401
from performance.models.equality import EqualityArea, PopulationDimension, PopulationFigure, PopulationImport  # noqa: F401
from performance.models.indicators import Direction, Indicator, IndicatorValue, PeriodKind, StaleFigures  # noqa: F401
from performance.models.returns import PartnershipReturn, PartnershipReturnStatus  # noqa: F401
from performance.models.statistics import DisclosureRules, Region, StoredRelease  # noqa: F401
