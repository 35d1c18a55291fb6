"""Assessment frameworks as data: a framework (name, version, date published, source,
sections and their factors with guidance) is a JSON file, read and checked here and loaded
by `manage.py load_assessment_framework PATH`. The 2012 Vulnerability Assessment Framework
is cases/frameworks/vaf-2012.json. A new framework needs a new file, not a code change.

The file:

    {
      "name": "Vulnerability Assessment Framework",
      "version": "2012",
      "published_on": "2012-10-23",
      "source": {"publisher": "Home Office", "title": "Channel: vulnerability assessment framework"},
      "sections": [
        {"code": "engagement", "name": "Engagement", "guidance": "",
         "factors": [{"name": "Feelings of grievance and injustice", "guidance": ""}]}
      ]
    }

Sections and factors are shown in the order of the file. `guidance` is optional."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from audit.log import record
from cases.models import AssessmentFactor, AssessmentFramework, AssessmentSection, VulnerabilityAssessment

__all__ = [
    "MAX_BYTES",
    "VAF_2012",
    "FrameworkFile",
    "FrameworkFileError",
    "Loaded",
    "load_framework",
    "read_framework",
    "read_framework_file",
]

VAF_2012 = Path(__file__).resolve().parent / "frameworks" / "vaf-2012.json"
MAX_BYTES = 1024 * 1024
MAX_ERRORS = 20
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class FrameworkFileError(Exception):
    """The file cannot be loaded; `problems` says why, each naming the field at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Factor:
    name: str
    guidance: str


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    guidance: str
    factors: tuple[Factor, ...]


@dataclass(frozen=True)
class FrameworkFile:
    name: str
    version: str
    published_on: dt.date
    publisher: str
    source_title: str
    sections: tuple[Section, ...]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    @property
    def factor_count(self) -> int:
        return sum(len(section.factors) for section in self.sections)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def obj(self, value: Any, where: str, keys: set[str]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(where, "must be an object ({...})")
            return None
        for unknown in sorted(set(value) - keys):
            self.problem(f"{where}.{unknown}" if where else unknown, "is not a field of a framework file")
        return value

    def text(self, parent: dict[str, Any], key: str, where: str, *, limit: int, required: bool = True) -> str:
        at = f"{where}.{key}" if where else key
        if key not in parent:
            if required:
                self.problem(at, "is missing")
            return ""
        value = parent[key]
        if not isinstance(value, str):
            self.problem(at, "must be text")
            return ""
        value = value.strip()
        if required and not value:
            self.problem(at, "must not be empty")
        if len(value) > limit:
            self.problem(at, f"must be at most {limit} characters (it has {len(value)})")
        return value

    def items(self, parent: dict[str, Any], key: str, where: str) -> list[Any]:
        at = f"{where}.{key}" if where else key
        value = parent.get(key)
        if key not in parent:
            self.problem(at, "is missing")
            return []
        if not isinstance(value, list) or not value:
            self.problem(at, "must be a list with at least one entry")
            return []
        return value


def read_framework(raw: bytes) -> FrameworkFile:
    """The framework in `raw` (a file's bytes), or FrameworkFileError naming each problem."""
    if len(raw) > MAX_BYTES:
        raise FrameworkFileError(
            [f"The file is larger than {MAX_BYTES // 1024} KB: a framework is far smaller"]
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FrameworkFileError(["The file is not UTF-8 text"]) from None
    except json.JSONDecodeError as error:
        raise FrameworkFileError(
            [f"The file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"]
        ) from None
    if not isinstance(data, dict):
        raise FrameworkFileError(["The file must hold one JSON object ({...}) describing a framework"])
    reader = _Reader()
    top = reader.obj(data, "", {"name", "version", "published_on", "source", "sections"}) or {}
    name = reader.text(top, "name", "", limit=200)
    version = reader.text(top, "version", "", limit=40)
    published_text = reader.text(top, "published_on", "", limit=10)
    published_on = dt.date(1, 1, 1)
    if published_text:
        try:
            published_on = dt.date.fromisoformat(published_text)
        except ValueError:
            reader.problem("published_on", "must be a real date written YYYY-MM-DD, like 2012-10-23")
        else:
            if len(published_text) != 10:
                reader.problem("published_on", "must be a real date written YYYY-MM-DD, like 2012-10-23")
    source: dict[str, Any] | None = None
    if "source" not in top:
        reader.problem("source", "is missing")
    else:
        source = reader.obj(top["source"], "source", {"publisher", "title"})
    publisher = reader.text(source, "publisher", "source", limit=200) if source is not None else ""
    source_title = reader.text(source, "title", "source", limit=300) if source is not None else ""
    sections: list[Section] = []
    codes: set[str] = set()
    for s_index, raw_section in enumerate(reader.items(top, "sections", "")):
        where = f"sections[{s_index}]"
        section = reader.obj(raw_section, where, {"code", "name", "guidance", "factors"})
        if section is None:
            continue
        code = reader.text(section, "code", where, limit=60)
        if code and not SLUG.match(code):
            reader.problem(f"{where}.code", "must be lower-case letters, digits, - or _, like engagement")
        if code in codes:
            reader.problem(f"{where}.code", f"“{code}” is the code of an earlier section")
        codes.add(code)
        label = reader.text(section, "name", where, limit=200)
        factors: list[Factor] = []
        names: set[str] = set()
        for f_index, raw_factor in enumerate(reader.items(section, "factors", where)):
            at = f"{where}.factors[{f_index}]"
            factor = reader.obj(raw_factor, at, {"name", "guidance"})
            if factor is None:
                continue
            factor_name = reader.text(factor, "name", at, limit=200)
            key = " ".join(factor_name.casefold().split())
            if key and key in names:
                reader.problem(
                    f"{at}.name", f"“{factor_name}” is already a factor of section “{label or code}”"
                )
            names.add(key)
            factors.append(
                Factor(factor_name, reader.text(factor, "guidance", at, limit=5000, required=False))
            )
        sections.append(
            Section(
                code,
                label,
                reader.text(section, "guidance", where, limit=5000, required=False),
                tuple(factors),
            )
        )
    if reader.problems:
        problems = reader.problems[:MAX_ERRORS]
        if len(reader.problems) > MAX_ERRORS:
            problems.append(f"… and {len(reader.problems) - MAX_ERRORS} more problems")
        raise FrameworkFileError(problems)
    return FrameworkFile(name, version, published_on, publisher, source_title, tuple(sections))


def read_framework_file(path: Path | str) -> FrameworkFile:
    """Read at most MAX_BYTES and one more, so a huge file is refused without reading it."""
    try:
        with open(path, "rb") as opened:
            raw = opened.read(MAX_BYTES + 1)
    except OSError as error:
        raise FrameworkFileError([f"The file cannot be read: {error.strerror or error}"]) from None
    return read_framework(raw)


@dataclass(frozen=True)
class Loaded:
    framework: AssessmentFramework
    # "created", "unchanged" or "guidance replaced"
    outcome: str
    changed: int = 0


def _structure(framework: AssessmentFramework) -> list[tuple[str, str, list[str]]]:
    return [
        (
            section.code,
            section.name,
            [
                factor.name
                for factor in section.factors.filter(partnership__isnull=True).order_by("position", "id")
            ],
        )
        for section in framework.sections.order_by("position", "id")
    ]


def _differences(framework: AssessmentFramework, wanted: FrameworkFile) -> list[str]:
    """How the loaded version differs from the file, guidance apart."""
    found: list[str] = []
    for label, have, want in (
        ("published_on", framework.published_on, wanted.published_on),
        ("source.publisher", framework.publisher, wanted.publisher),
        ("source.title", framework.source_title, wanted.source_title),
    ):
        if have != want:
            found.append(f"{label}: the loaded version has “{have}”, the file “{want}”")
    loaded = _structure(framework)
    in_file = [(s.code, s.name, [f.name for f in s.factors]) for s in wanted.sections]
    if [(code, name) for code, name, _ in loaded] != [(code, name) for code, name, _ in in_file]:
        found.append(
            "sections: the loaded version has "
            + ", ".join(f"{code} ({name})" for code, name, _ in loaded)
            + "; the file "
            + ", ".join(f"{code} ({name})" for code, name, _ in in_file)
        )
    else:
        for (code, _, have_factors), (_, _, want_factors) in zip(loaded, in_file, strict=True):
            for name in want_factors:
                if name not in have_factors:
                    found.append(f"section {code}: “{name}” is in the file but not in the loaded version")
            for name in have_factors:
                if name not in want_factors:
                    found.append(f"section {code}: “{name}” is in the loaded version but not in the file")
            if not found and have_factors != want_factors:
                found.append(f"section {code}: the factors are in another order")
    return found


def _guidance_changes(
    framework: AssessmentFramework, wanted: FrameworkFile
) -> list[AssessmentSection | AssessmentFactor]:
    changed: list[AssessmentSection | AssessmentFactor] = []
    sections = {section.code: section for section in framework.sections.all()}
    for section_file in wanted.sections:
        section = sections[section_file.code]
        if section.guidance != section_file.guidance:
            section.guidance = section_file.guidance
            changed.append(section)
        factors = {f.name: f for f in section.factors.filter(partnership__isnull=True)}
        for factor_file in section_file.factors:
            factor = factors[factor_file.name]
            if factor.guidance != factor_file.guidance:
                factor.guidance = factor_file.guidance
                changed.append(factor)
    return changed


@transaction.atomic
def load_framework(wanted: FrameworkFile, *, replace_guidance: bool = False) -> Loaded:
    """Load a framework read by `read_framework`, in one transaction with its audit event.
    A version already loaded is left as it is when the file says the same; with
    `replace_guidance`, only the guidance of its sections and factors may change."""
    framework = (
        AssessmentFramework.objects.select_for_update()
        .filter(name=wanted.name, version=wanted.version)
        .first()
    )
    if framework is None:
        framework = AssessmentFramework.objects.create(
            name=wanted.name,
            version=wanted.version,
            published_on=wanted.published_on,
            publisher=wanted.publisher,
            source_title=wanted.source_title,
        )
        for s_position, section_file in enumerate(wanted.sections, start=1):
            section = AssessmentSection.objects.create(
                framework=framework,
                code=section_file.code,
                name=section_file.name,
                position=s_position,
                guidance=section_file.guidance,
            )
            AssessmentFactor.objects.bulk_create(
                AssessmentFactor(
                    framework=framework, section=section, position=position, name=f.name, guidance=f.guidance
                )
                for position, f in enumerate(section_file.factors, start=1)
            )
        record(
            verb="cases.assessment_framework.loaded",
            actor=None,
            partnership=None,
            target=framework,
            label=str(framework),
            changes={
                "sections": {"from": None, "to": len(wanted.sections)},
                "factors": {"from": None, "to": wanted.factor_count},
            },
        )
        return Loaded(framework, "created", wanted.factor_count)
    differences = _differences(framework, wanted)
    if differences:
        in_use = VulnerabilityAssessment.objects.filter(framework=framework).exists()
        raise FrameworkFileError(
            [
                f"{wanted} is already loaded{' and in use' if in_use else ''}, and the file differs from it "
                "in more than guidance. A changed framework needs a new version number.",
                *differences[:MAX_ERRORS],
            ]
        )
    changed = _guidance_changes(framework, wanted)
    if not changed:
        return Loaded(framework, "unchanged")
    if not replace_guidance:
        raise FrameworkFileError(
            [
                f"{wanted} is already loaded, and the file changes the guidance of {len(changed)} "
                "sections or factors. To replace the guidance, run the command again with --replace-guidance."
            ]
        )
    for item in changed:
        item.save(update_fields=["guidance"])
    record(
        verb="cases.assessment_framework.guidance_replaced",
        actor=None,
        partnership=None,
        target=framework,
        label=str(framework),
        changes={"guidance": {"from": None, "to": [str(item) for item in changed][:50]}},
    )
    return Loaded(framework, "guidance replaced", len(changed))
