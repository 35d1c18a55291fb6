"""Typed reading of the environment for settings.

Every problem is collected and reported together, so a misconfigured deployment
fails once at start-up with the whole list instead of one error per restart.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass
class Environment:
    values: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    problems: list[str] = field(default_factory=list)

    def _read(
        self,
        name: str,
        parse: Callable[[str], T],
        default: T,
        *,
        required: bool,
        expected: str,
    ) -> T:
        raw = self.values.get(name)
        if raw is None or raw == "":
            if required:
                self.problems.append(f"{name} is not set: set it to {expected}")
            return default
        try:
            return parse(raw)
        except ValueError:
            self.problems.append(f"{name} is {raw!r}: set it to {expected}")
            return default

    def text(self, name: str, default: str = "", *, required: bool = False, expected: str = "a value") -> str:
        return self._read(name, lambda raw: raw, default, required=required, expected=expected)

    def flag(self, name: str, default: bool) -> bool:
        def parse(raw: str) -> bool:
            lowered = raw.strip().lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise ValueError(raw)

        return self._read(name, parse, default, required=False, expected="true or false")

    def number(self, name: str, default: int, *, minimum: int = 0) -> int:
        def parse(raw: str) -> int:
            value = int(raw)
            if value < minimum:
                raise ValueError(raw)
            return value

        return self._read(
            name, parse, default, required=False, expected=f"a whole number of at least {minimum}"
        )

    def items(
        self,
        name: str,
        default: list[str] | None = None,
        *,
        required: bool = False,
        expected: str = "a comma-separated list",
    ) -> list[str]:
        def parse(raw: str) -> list[str]:
            return [item.strip() for item in raw.split(",") if item.strip()]

        return self._read(name, parse, list(default or []), required=required, expected=expected)

    def choice(self, name: str, choices: tuple[str, ...], default: str, *, required: bool = False) -> str:
        def parse(raw: str) -> str:
            if raw not in choices:
                raise ValueError(raw)
            return raw

        return self._read(name, parse, default, required=required, expected="one of " + ", ".join(choices))

    def require(self, condition: bool, problem: str) -> None:
        if not condition:
            self.problems.append(problem)

    def check(self) -> None:
        if self.problems:
            raise ImproperlyConfigured(
                "Prevent Hub cannot start until these settings are fixed:\n- " + "\n- ".join(self.problems)
            )
