"""The write path for Channel cases: every change to a referral, case or person goes
through one of these functions (see cases.actions.common)."""

from cases.actions.channel import *  # noqa: F403
from cases.actions.lifecycle import *  # noqa: F403
from cases.actions.settings import *  # noqa: F403
from cases.actions.support import *  # noqa: F403
