"""Measures: figures a plan's action can count itself by ("% of Youth Service staff WRAP
trained", "members of the Faith Network"). Any app may offer figures from its records by
declaring `MEASURES = (MeasureSource(...), ...)` in a module `<app>/measures.py`; plans
finds them here, by discovery, and never names the apps that offer them. So engagement,
projects or Channel figures plug in later with a module of their own, and plans does not
change.

The shapes live here, below every capability, as the home page's do (govuk.home).
A source's `compute` runs a fixed number of aggregate queries, whatever the data."""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from govuk.plugins import app_modules
from lib.errors import Refused

# A partnership (accounts.models.Partnership). Not imported: accounts builds on govuk.
Partnership = Any

# The most parameters a source may take, and the longest value one may hold: stored
# parameters are small, whatever a form or a hostile client sends.
MAX_PARAMETERS = 8
MAX_VALUE_LENGTH = 40


class Unit(enum.StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"
    DAYS = "days"  # a number of days, such as the median days from referral to panel


@dataclass(frozen=True)
class Parameter:
    """Something a source's figure is narrowed by, chosen from a list computed for the
    partnership (its courses, staff groups, organisations, sectors, networks). The values
    are strings (usually a primary key); only a listed value is accepted, so a figure never
    reaches another partnership's records."""

    name: str
    label: str
    choices: Callable[[Partnership], Sequence[tuple[str, str]]]
    required: bool = False
    hint: str = ""


@dataclass(frozen=True)
class Figure:
    """What a source counted. `value` is the count, or the percentage (to one decimal
    place) of `numerator` over `denominator`; a percentage with nothing to divide by has no
    value. `description` says in words what was counted, and for a percentage which
    denominator was used."""

    value: Decimal | None
    description: str
    numerator: int | None = None
    denominator: int | None = None

    @classmethod
    def count(cls, number: int, description: str) -> Figure:
        return cls(Decimal(number), description)

    @classmethod
    def median(cls, numbers: Sequence[int], description: str) -> Figure:
        """The median of `numbers` (the mean of the middle two for an even count), to one
        decimal place; no value when there are none. `denominator` is how many there were."""
        ordered = sorted(numbers)
        if not ordered:
            return cls(None, description, None, 0)
        middle = len(ordered) // 2
        value = (
            Decimal(ordered[middle])
            if len(ordered) % 2
            else Decimal(ordered[middle - 1] + ordered[middle]) / 2
        )
        return cls(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), description, None, len(ordered))

    @classmethod
    def percentage(cls, numerator: int, denominator: int, description: str) -> Figure:
        if not denominator:
            return cls(None, description, numerator, denominator)
        value = (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return cls(value, description, numerator, denominator)


# compute(partnership, parameters, period start, period end) -> Figure. The parameters
# have been checked by `MeasureSource.clean`; a figure "on a date" is taken at the end.
Compute = Callable[[Partnership, Mapping[str, str], dt.date, dt.date], Figure]


@dataclass(frozen=True)
class MeasureSource:
    code: str  # unique across apps, "<app>.<name>", such as "training.completions"
    label: str  # what the figure is, for the list of sources: "Completions of a course"
    unit: Unit
    parameters: tuple[Parameter, ...]
    compute: Compute
    hint: str = ""  # how the period is read, and what is counted
    # A rule across parameters (one needs another), raising Refused naming the field.
    check: Callable[[Mapping[str, str]], None] | None = None
    # Counts people referred: only after disclosure control for a reader without case access.
    disclosive: bool = False

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def clean(self, partnership: Partnership, raw: object) -> dict[str, str]:
        """The parameters `raw` names, checked against the choices computed for the
        partnership: only known names, text values from the lists, every required one
        given. Empty values are left out. Refuses anything else, naming the parameter."""
        if raw is None:
            raw = {}
        if not isinstance(raw, Mapping) or len(raw) > MAX_PARAMETERS:
            raise Refused("The measure's choices are not valid", field="params")
        cleaned: dict[str, str] = {}
        for name, value in raw.items():
            parameter = self.parameter(name) if isinstance(name, str) else None
            if parameter is None:
                raise Refused(f"{self.label} takes no choice called {str(name)[:40]!r}", field="params")
            if value in (None, ""):
                continue
            if not isinstance(value, str) or len(value) > MAX_VALUE_LENGTH:
                raise Refused(f"Choose a {parameter.label.lower()} from the list", field=name)
            cleaned[name] = value
        for parameter in self.parameters:
            value = cleaned.get(parameter.name)
            if value is None:
                if parameter.required:
                    raise Refused(f"Choose a {parameter.label.lower()}", field=parameter.name)
                continue
            if value not in {choice for choice, _ in parameter.choices(partnership)}:
                raise Refused(f"Choose a {parameter.label.lower()} from the list", field=parameter.name)
        if self.check is not None:
            self.check(cleaned)
        return cleaned

    def describe(self, partnership: Partnership, params: Mapping[str, str]) -> str:
        """The source and its chosen parameters in words, for lists and audit."""
        parts = [self.label]
        for parameter in self.parameters:
            value = params.get(parameter.name)
            if value:
                label = dict(parameter.choices(partnership)).get(value, "no longer listed")
                parts.append(f"{parameter.label.lower()}: {label}")
        return "; ".join(parts)


def long_date(day: dt.date) -> str:
    """5 December 2026, as descriptions write dates."""
    return f"{day.day} {day:%B %Y}"


def period_words(start: dt.date, end: dt.date) -> str:
    return f"between {long_date(start)} and {long_date(end)}"


@functools.cache
def sources() -> dict[str, MeasureSource]:
    """Every installed app's measure sources, by code, in the order of INSTALLED_APPS."""
    found: dict[str, MeasureSource] = {}
    for module in app_modules("measures"):
        for source in getattr(module, "MEASURES", ()):
            if not isinstance(source, MeasureSource):
                continue  # govuk's own module declares the shapes, not sources
            if source.code in found:
                raise ImproperlyConfigured(f"Two measure sources are called {source.code}")
            if len(source.parameters) > MAX_PARAMETERS:
                raise ImproperlyConfigured(f"{source.code} takes more than {MAX_PARAMETERS} parameters")
            found[source.code] = source
    return found


def source(code: str) -> MeasureSource | None:
    return sources().get(code)
