"""Equality monitoring in the demo: each partnership's local authority and residents at the
Census 2021 (ONS first results, rounded to the nearest hundred), so the page shows rates from
the England and Wales shares scaled to it (no local table imported: the page says so); and
an ethnic group and religion recorded for two people in three, the rest left unanswered, so
"Not recorded" shows."""

from __future__ import annotations

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from cases import actions
from cases.models import Person
from performance import actions_equality

AREAS = {
    "towerhamlets": ("E09000030", 310_300),
    "westminster": ("E09000033", 204_300),
    "cityoflondon": ("E09000001", 8_600),
    "barkingdagenham": ("E09000002", 218_900),
}
ANSWERS = (
    ("Bangladeshi", "Muslim"),
    ("English, Welsh, Scottish, Northern Irish or British", "No religion"),
    None,
    ("Any other White background: Polish", "Roman Catholic"),
    ("African", "Christian"),
    None,
    ("White and Black Caribbean", ""),
    ("Pakistani", "Islam"),
    None,
)


def load(partnership: Partnership, people: dict[Role, User]) -> None:
    coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
    codes, residents = AREAS.get(partnership.slug, ("", 0))
    actions_equality.set_area(viewer=coordinator, codes=codes, residents=residents)
    for index, person in enumerate(Person.objects.filter(partnership=partnership).order_by("pk")):
        answer = ANSWERS[index % len(ANSWERS)]
        if answer is None or person.special_category("ethnicity")[0]:
            continue
        ethnicity, religion = answer
        values = {"ethnicity": ("recorded", ethnicity)}
        if religion and not person.special_category("religion")[0]:
            values["religion"] = ("recorded", religion)
        actions.update_special_categories(viewer=coordinator, person=person, values=values)
