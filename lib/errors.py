class Refused(Exception):
    """An action function refused a change. The message says what is wrong and how
    to fix it, in words a user can be shown; nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
