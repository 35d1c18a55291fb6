from django.conf import settings
from django.core.exceptions import ValidationError


class NotTheDemoPasswordValidator:
    """The demo password is published in the README, so no real account may use it."""

    def validate(self, password: str, user: object = None) -> None:
        if password == settings.DEMO_PASSWORD:
            raise ValidationError(
                "This password is published for the demo. Choose a different password.",
                code="demo_password",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be the published demo password."
