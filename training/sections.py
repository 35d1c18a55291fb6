"""The parts of training, shown as a sub-navigation on each of their list pages: each part
only to the roles its pages open for, so every link shown opens."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.access import Viewer
from training.access import AGGREGATE_READERS, TRAINING_READERS
from training.importing import IMPORTERS


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str
    roles: tuple[str, ...]


SECTIONS = (
    Section("Sessions", "session_list", TRAINING_READERS),
    Section("Courses", "course_list", TRAINING_READERS),
    Section("Requirements and compliance", "rule_list", AGGREGATE_READERS),
    Section("Compliance by sector", "compliance_sectors", AGGREGATE_READERS),
    Section("Imports", "import_list", IMPORTERS),
)


def visible(viewer: Viewer) -> list[Section]:
    return [section for section in SECTIONS if viewer.has_any(*section.roles)]
