"""The write path for Channel cases: every change to a referral, case or person goes
through one of these functions, one module per stage of the process (docs/architecture.md).
Each checks the move against the rule table (cases.workflow), writes in one transaction,
adds the chronology event and records the audit event (cases.actions.common)."""

from cases.actions.allocation import *  # noqa: F403
from cases.actions.assessment import *  # noqa: F403
from cases.actions.case import *  # noqa: F403
from cases.actions.gateway import *  # noqa: F403
from cases.actions.intake import *  # noqa: F403
from cases.actions.lifecycle import *  # noqa: F403
from cases.actions.panels import *  # noqa: F403
from cases.actions.plan import *  # noqa: F403
from cases.actions.settings import *  # noqa: F403
from cases.actions.support import *  # noqa: F403
