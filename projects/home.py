"""What commissioned projects put in the navigation (govuk.home): the project list for
the coordinator, the steering group and project providers, who see their own projects."""

from __future__ import annotations

from govuk.home import NavigationEntry, holding
from projects.access import PROJECT_READERS

NAVIGATION = (
    NavigationEntry("Projects", "projects:project_list", holding(*PROJECT_READERS), ("projects:*",), 55),
)
