import pytest

from audit.log import record


def test_events_can_only_be_written_inside_the_actions_transaction() -> None:
    with pytest.raises(RuntimeError, match="inside the action's transaction"):
        record(verb="test.event", actor=None, partnership=None)
