"""The category lists the Channel statistics are published in: which types of concern,
referral sectors and outcomes count in which published category, and the financial years
each list applies to. The Home Office changed its type-of-concern categories with the
2024/25 release (the Prevent Case Management Tracker), so a year's tables use the list in
force for that year and say which. Labels are best current knowledge (docs/domain.md marks
them unverified) and are meant to be checked against the published data tables: a change is
a new version of a list here, not a change to the tables' code."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import AgeBand, ReferralState

SECTORS = {
    "education": "Education",
    "police": "Police",
    "local_authority": "Local authority",
    "health": "Health",
    "prisons_probation": "Prisons and probation",
    "community": "Community",
    "friends_family": "Friends and family",
}
OTHER = "Other"

GENDERS = {"male": "Male", "female": "Female"}
GENDER_UNKNOWN = "Unknown or not specified"

AGE_BANDS = {band.value: band.label for band in AgeBand}

OUTCOMES = {
    ReferralState.RECEIVED: "Awaiting a gateway decision",
    ReferralState.NO_FURTHER_ACTION: "No further action at the gateway",
    ReferralState.SIGNPOSTED: "Signposted to other services",
    ReferralState.POLICE_LED: "Police-led case management",
    ReferralState.PROGRESSED: "Being considered by a Channel panel",
    ReferralState.AT_PANEL: "Being considered by a Channel panel",
    ReferralState.NOT_ADOPTED_SIGNPOSTED: "Not adopted: signposted to other services",
    ReferralState.NOT_ADOPTED_NFA: "Not adopted: no further action",
}
# A referral a Channel panel adopted counts as adopted whatever its state since (in
# support, exited, withdrew, declined, closed ...).
OUTCOME_ADOPTED = "Adopted as a Channel case"
# A referral not adopted whose state is none of the above (closed otherwise).
OUTCOME_OTHER = "Closed otherwise"
OUTCOME_ORDER = [*dict.fromkeys(OUTCOMES.values()), OUTCOME_ADOPTED, OUTCOME_OTHER]


@dataclass(frozen=True)
class CategoryList:
    key: str
    name: str
    first_year: int
    last_year: int | None
    concern: dict[str, str]  # concern type code -> published category
    concern_order: tuple[str, ...]

    def applies_to(self, financial_year: int) -> bool:
        return self.first_year <= financial_year and (
            self.last_year is None or financial_year <= self.last_year
        )

    def concern_category(self, code: str | None) -> str:
        return self.concern.get(code or "", OTHER)

    def years(self) -> str:
        first = f"{self.first_year}/{(self.first_year + 1) % 100:02d}"
        if self.last_year is None:
            return f"from {first}"
        return f"{first} to {self.last_year}/{(self.last_year + 1) % 100:02d}"

    def describe(self) -> list[str]:
        """The list in words, for the notes of a download."""
        lines = [f"Category list: {self.name} (version {self.key}, used for {self.years()})."]
        grouped: dict[str, list[str]] = {}
        for code, category in self.concern.items():
            grouped.setdefault(category, []).append(code.replace("_", " "))
        for category in self.concern_order:
            members = ", ".join(grouped.get(category, [])) or "none"
            lines.append(f"Type of concern '{category}' counts: {members}.")
        lines.append(
            "Any other type of concern, sector or gender counts as 'Other' or 'Unknown or not specified'."
        )
        return lines


HOME_OFFICE_TO_2023 = CategoryList(
    key="home-office-2021",
    name="Home Office Prevent statistics, types of concern 2021/22 to 2023/24",
    first_year=2000,
    last_year=2023,
    concern={
        "islamist": "Islamist",
        "extreme_right_wing": "Extreme right-wing",
        "left_anarchist_single_issue": "Left-wing, anarchist or single-issue",
        "mixed_unclear_unstable": "Mixed, unclear or unstable",
        "no_clear_ideology": "Mixed, unclear or unstable",
        "conflicted": "Conflicted",
        "school_massacre": "School massacre",
        "incel": "Incel",
        "vulnerability_no_ideology": "Vulnerability present but no ideology or counter-terrorism risk",
        "no_risk": "No risk present",
        "other": OTHER,
        "not_sure": OTHER,
    },
    concern_order=(
        "Islamist",
        "Extreme right-wing",
        "Left-wing, anarchist or single-issue",
        "Mixed, unclear or unstable",
        "Conflicted",
        "School massacre",
        "Incel",
        "Vulnerability present but no ideology or counter-terrorism risk",
        "No risk present",
        OTHER,
    ),
)

HOME_OFFICE_FROM_2024 = CategoryList(
    key="home-office-pcmt-2024",
    name="Home Office Prevent statistics, Prevent Case Management Tracker types of concern from 2024/25",
    first_year=2024,
    last_year=None,
    concern={
        "islamist": "Islamist",
        "extreme_right_wing": "Extreme right-wing",
        "left_anarchist_single_issue": "Left-wing, anarchist or single-issue",
        "no_clear_ideology": "No clear ideology",
        "mixed_unclear_unstable": "No clear ideology",
        "conflicted": "No clear ideology",
        "school_massacre": "School massacre",
        "incel": "Incel",
        "vulnerability_no_ideology": "No clear ideology",
        "no_risk": "No risk present",
        "other": OTHER,
        "not_sure": OTHER,
    },
    concern_order=(
        "Islamist",
        "Extreme right-wing",
        "Left-wing, anarchist or single-issue",
        "No clear ideology",
        "School massacre",
        "Incel",
        "No risk present",
        OTHER,
    ),
)

# Newest first; the first that applies to a year is used.
CATEGORY_LISTS = (HOME_OFFICE_FROM_2024, HOME_OFFICE_TO_2023)


def category_list(financial_year: int) -> CategoryList:
    return next(found for found in CATEGORY_LISTS if found.applies_to(financial_year))
