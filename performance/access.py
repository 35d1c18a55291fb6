"""Who reads the Channel statistics: readers with access to the cases see exact figures;
the steering group and funders see them after disclosure control; regional advisers read
only their regions' aggregates (performance.views.statistics)."""

from accounts.models import Role

EXACT_READERS = (Role.COORDINATOR, Role.CHAIR, Role.POLICE)
PROTECTED_READERS = (Role.STEERING, Role.FUNDER)
STATISTICS_READERS = (*EXACT_READERS, *PROTECTED_READERS)
RULES_EDITORS = (Role.COORDINATOR,)
REGIONAL_READERS = (Role.REGIONAL,)
