"""The API's entry in the navigation: the coordinator's API keys (govuk.home)."""

from __future__ import annotations

from api.access import KEY_MANAGERS
from govuk.home import NavigationEntry, holding

NAVIGATION = (NavigationEntry("API keys", "api:key_list", holding(*KEY_MANAGERS), ("api:*",), 92),)
