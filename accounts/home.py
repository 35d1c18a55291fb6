"""The Users pages' place in the navigation (govuk.home): for a partnership's coordinators."""

from accounts.models import Role
from govuk.home import NavigationEntry, holding

NAVIGATION = (
    NavigationEntry("Users", "accounts:user_list", holding(Role.COORDINATOR), ("accounts:user_*",), 88),
)
