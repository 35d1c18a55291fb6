"""The audit log's place in the navigation (govuk.home)."""

from accounts.models import Role
from govuk.home import NavigationEntry, holding

NAVIGATION = (NavigationEntry("Audit log", "audit:event_list", holding(Role.COORDINATOR), ("audit:*",), 90),)
