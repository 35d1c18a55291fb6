"""The ethnic groups of the Census 2021 in England and Wales: 19 categories under five
headings, so that answers can be counted. The one list used by the referral form and by
a case's equality page (cases.forms.case.SpecialCategoryForm).

An answer is kept in the sealed special-category JSON (Person.ethnicity, the referral's
special_categories) as status "recorded" with the category's label as its value, and for
an "Any other …" category the free text after it: "Any other White background: Polish".
"Prefer not to say" is status "declined" and "Not known" status "not_known". Values
recorded as free text before the list existed are shown as they are."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EthnicGroup:
    code: str
    label: str
    # The free-text question an "Any other …" category reveals: its field's suffix and label.
    other: str = ""
    other_label: str = ""


# (heading, categories), in the Census 2021 order.
CENSUS_2021: list[tuple[str, list[EthnicGroup]]] = [
    (
        "Asian or Asian British",
        [
            EthnicGroup("bangladeshi", "Bangladeshi"),
            EthnicGroup("chinese", "Chinese"),
            EthnicGroup("indian", "Indian"),
            EthnicGroup("pakistani", "Pakistani"),
            EthnicGroup(
                "asian_other", "Any other Asian background", "asian", "Describe the Asian background"
            ),
        ],
    ),
    (
        "Black, Black British, Caribbean or African",
        [
            EthnicGroup("african", "African"),
            EthnicGroup("caribbean", "Caribbean"),
            EthnicGroup(
                "black_other",
                "Any other Black, Black British, or Caribbean background",
                "black",
                "Describe the Black, Black British or Caribbean background",
            ),
        ],
    ),
    (
        "Mixed or multiple ethnic groups",
        [
            EthnicGroup("white_asian", "White and Asian"),
            EthnicGroup("white_black_african", "White and Black African"),
            EthnicGroup("white_black_caribbean", "White and Black Caribbean"),
            EthnicGroup(
                "mixed_other",
                "Any other Mixed or multiple ethnic background",
                "mixed",
                "Describe the mixed or multiple ethnic background",
            ),
        ],
    ),
    (
        "White",
        [
            EthnicGroup("white_british", "English, Welsh, Scottish, Northern Irish or British"),
            EthnicGroup("irish", "Irish"),
            EthnicGroup("gypsy_irish_traveller", "Gypsy or Irish Traveller"),
            EthnicGroup("roma", "Roma"),
            EthnicGroup(
                "white_other", "Any other White background", "white", "Describe the White background"
            ),
        ],
    ),
    (
        "Other ethnic group",
        [
            EthnicGroup("arab", "Arab"),
            EthnicGroup("other", "Any other ethnic group", "other", "Describe the ethnic group"),
        ],
    ),
]

GROUPS: dict[str, EthnicGroup] = {group.code: group for _, groups in CENSUS_2021 for group in groups}
LABELS = [group.label for group in GROUPS.values()]
WITH_OTHER = [group for group in GROUPS.values() if group.other]

# The two answers outside the list, and the special-category status each is kept as.
DECLINED = ("declined", "Prefer not to say")
NOT_KNOWN = ("not_known", "Not known")

# The free text of an "Any other …" answer, kept short enough that every answer's token
# has one length (docs/keys.md).
OTHER_MAX_LENGTH = 100
SEPARATOR = ": "


def value_of(code: str, other: str = "") -> str:
    """The value kept for a category: its label, and the free text of an "Any other …"."""
    group = GROUPS[code]
    other = other.strip()
    return f"{group.label}{SEPARATOR}{other}" if group.other and other else group.label


def parse(value: str) -> tuple[str, str] | None:
    """(code, free text) of a kept value; None for a value written before the list."""
    for group in GROUPS.values():
        if value == group.label:
            return group.code, ""
        if group.other and value.startswith(group.label + SEPARATOR):
            return group.code, value[len(group.label) + len(SEPARATOR) :]
    return None
