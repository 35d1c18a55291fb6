"""The Prevent duty self-assessment framework as data, one entry per version. A migration
loads each version once (`load_frameworks`); a new version is a new entry here and a new
migration calling `load_frameworks` again, never an edit of a version already loaded, so
an assessment keeps naming the framework it used.

The headings are those of the Home Office's "Prevent duty toolkit for local authorities"
(updated 12 February 2024: multi-agency partnership group, local risk assessment, partnership
plan, referral pathway, Channel panel, training programme, reducing permissive environments,
communications and engagement) and of the partnerships' own documents (the seeds), which
add information sharing and split engagement from communications. Each benchmark says what
"good" looks like. Where the wording quotes a source document, `source` names it; where no
source could be found, `source` is empty and the statement is marked as the partnership's
to edit (`partnership_to_edit`).

The ratings are the framework's too: ordered from worst to best; those with `shortfall`
true are below "Met", and offer to create a plan action."""

from __future__ import annotations

from typing import Any, TypedDict


class BenchmarkData(TypedDict):
    code: str
    statement: str
    good: str
    source: str


class HeadingData(TypedDict):
    code: str
    title: str
    benchmarks: list[BenchmarkData]


class RatingData(TypedDict):
    code: str
    label: str
    shortfall: bool


class FrameworkData(TypedDict):
    name: str
    version: str
    published_on: str
    source: str
    ratings: list[RatingData]
    headings: list[HeadingData]


TOOLKIT = "Home Office, Prevent duty toolkit for local authorities (updated 12 February 2024)"
TOWER_HAMLETS = "London Borough of Tower Hamlets, Prevent Delivery Plan 2018-19"
BARKING = "Barking and Dagenham Prevent Strategy and Delivery Plan 2017/2019 (Cabinet, 11 July 2017)"
CITY = "City of London, City Prevent Strategy 2017-18"
CITY_SCP = "City of London, Safer City Partnership Strategic Plan 2016-2017"
WESTMINSTER = "Westminster City Council, Overview of Prevent Delivery (scrutiny committee, 15 November 2017)"

# Ends "what good looks like" where no source gives the wording: gone from a partnership's own.
UNSOURCED_NOTE = "(Wording written for the product: the partnership's to edit.)"

RATINGS: list[RatingData] = [
    {"code": "not_met", "label": "Not met", "shortfall": True},
    {"code": "partly_met", "label": "Partly met", "shortfall": True},
    {"code": "met", "label": "Met", "shortfall": False},
    {"code": "exceeded", "label": "Exceeded", "shortfall": False},
]


def _b(code: str, statement: str, good: str, source: str = "") -> BenchmarkData:
    return {"code": code, "statement": statement, "good": good, "source": source}


PREVENT_DUTY_2024: FrameworkData = {
    "name": "Prevent duty self-assessment",
    "version": "2024",
    "published_on": "2024-02-12",
    "source": TOOLKIT,
    "ratings": RATINGS,
    "headings": [
        {
            "code": "board",
            "title": "Partnership board",
            "benchmarks": [
                _b(
                    "board.group",
                    "A multi-agency partnership group oversees Prevent delivery.",
                    '"The Prevent Strategy and Steering Group, which is accountable to the Community Safety '
                    "Partnership, is responsible for delivery of the Strategy. The Steering Group has "
                    "representation from the Local Authority, Police, probation, health, education services "
                    'and the voluntary and community sector."',
                    BARKING,
                ),
                _b(
                    "board.reporting",
                    "The partnership reports Prevent and Channel activity to its safeguarding boards.",
                    '"We will continue to report all Channel Panel activity into the City and Hackney '
                    'Safeguarding Boards as well as the CONTEST steering group."',
                    CITY,
                ),
            ],
        },
        {
            "code": "risk",
            "title": "Risk assessment and the counter-terrorism local profile (CTLP)",
            "benchmarks": [
                _b(
                    "risk.ctlp",
                    "The counter-terrorism local profile informs a shared local risk assessment.",
                    '"The Counter Terrorism Local Profile (CTLP) produced by CoLP helps us to identify the '
                    'risk of radicalisation and take necessary measures to understand and manage the risk."',
                    CITY,
                ),
                _b(
                    "risk.shared",
                    "Risk and threat are shared with partners to achieve buy-in.",
                    'Peer review finding: "Some sharing of risk and threat to LA stakeholders to achieve '
                    'buy-in across the council"; the plan aims that "Local risk and impact of terrorist '
                    'activity is shared and responded to collectively".',
                    TOWER_HAMLETS,
                ),
            ],
        },
        {
            "code": "plan",
            "title": "Action plan",
            "benchmarks": [
                _b(
                    "plan.owned",
                    "A partnership plan addresses the local risk, each action with an owner.",
                    '"Each action within the Delivery Plan has been assigned to the relevant senior officer '
                    'of the relevant agency/partner."',
                    BARKING,
                ),
                _b(
                    "plan.performance",
                    "A performance management framework measures the plan's impact.",
                    'Peer Review Rec 1, "Develop performance management framework for Prevent": "Impact is '
                    'measured and informs future planning and delivery of Prevent."',
                    TOWER_HAMLETS,
                ),
            ],
        },
        {
            "code": "referral",
            "title": "Referral pathway",
            "benchmarks": [
                _b(
                    "referral.pathway",
                    "Staff know the referral pathway and are confident to refer.",
                    '"Staff are aware of their responsibilities and duties with regard to Prevent and are '
                    'confident about making referrals and/or responding to concerns."',
                    TOWER_HAMLETS,
                ),
                _b(
                    "referral.screening",
                    "New referrals are screened by the police and the council within agreed timeframes.",
                    '"Strengthen the multi-agency pre-screening process as part of the Channel Process to '
                    'filter and review new referrals within the nationally mandated timeframes."',
                    CITY_SCP,
                ),
            ],
        },
        {
            "code": "channel",
            "title": "Channel panel",
            "benchmarks": [
                _b(
                    "channel.panel",
                    "A multi-agency Channel panel, chaired by the local authority, assesses each case.",
                    "\"Each Channel Panel is chaired by the Council's Head of Community Safety. Permanent "
                    "membership of the panel includes officers from Children's and mental health services.\"",
                    WESTMINSTER,
                ),
                _b(
                    "channel.support",
                    "Each adopted case receives a support package tailored to the person.",
                    '"A bespoke package of support will be tailored for that individual, based on their '
                    'particular needs and circumstances."',
                    WESTMINSTER,
                ),
            ],
        },
        {
            "code": "training",
            "title": "Training",
            "benchmarks": [
                _b(
                    "training.key_services",
                    "Key services are trained in Prevent, with WRAP in the corporate learning offer.",
                    'Peer Review Rec 2: "Ensure key services within the council are trained in Prevent, '
                    "including the Workshop to Raise Awareness of Prevent (WRAP training) as part of the "
                    'corporate Learning and Development offer".',
                    TOWER_HAMLETS,
                ),
                _b(
                    "training.compliance",
                    "Training compliance is monitored against targets for each audience.",
                    "Each requirement rule meets its target percentage and refreshers are kept up to date. "
                    + UNSOURCED_NOTE,
                ),
            ],
        },
        {
            "code": "venues",
            "title": "Venues and IT",
            "benchmarks": [
                _b(
                    "venues.lettings",
                    "Venue hire and lettings procedures keep extremists from using public venues.",
                    '"Robust hall hire procedures which prevent extremists from using venues to promote '
                    'terrorist ideology."',
                    TOWER_HAMLETS,
                ),
                _b(
                    "venues.it",
                    "Public IT and networks filter terrorist and extremist material.",
                    "Library and public computers filter terrorist content, and misuse is reported. "
                    + UNSOURCED_NOTE,
                ),
            ],
        },
        {
            "code": "engagement",
            "title": "Engagement",
            "benchmarks": [
                _b(
                    "engagement.community",
                    "Communities are involved in shaping and delivering Prevent.",
                    'Peer Review Rec 6: "Establish a Community Reference Group to involve the local '
                    'community in shaping and delivering the Prevent Duty."',
                    TOWER_HAMLETS,
                ),
                _b(
                    "engagement.partners",
                    "Partner organisations meet the Prevent duty and show it in their duty checks.",
                    '"It is critical that the borough has robust, compliant, and up-to-date policies and '
                    'procedures."',
                    BARKING,
                ),
            ],
        },
        {
            "code": "communications",
            "title": "Communications",
            "benchmarks": [
                _b(
                    "communications.strategy",
                    "A communications strategy explains Prevent and counters misconceptions.",
                    'Peer Review Rec 5, "Develop standalone communications strategy for Prevent": '
                    '"Prevent is better understood and misconceptions are minimised."',
                    TOWER_HAMLETS,
                ),
            ],
        },
        {
            "code": "sharing",
            "title": "Information sharing",
            "benchmarks": [
                _b(
                    "sharing.agreements",
                    "Information sharing agreements are in place with the partners who need them.",
                    '"Developing additional information sharing agreements with external agencies such as '
                    'schools, universities, health and representative community groups."',
                    CITY_SCP,
                ),
                _b(
                    "sharing.protocols",
                    "Information is shared under robust protocols and the data held is kept secure.",
                    '"Establish robust information sharing protocols and agreements."',
                    BARKING,
                ),
            ],
        },
    ],
}

FRAMEWORKS: tuple[FrameworkData, ...] = (PREVENT_DUTY_2024,)


def load_frameworks(apps: Any, frameworks: tuple[FrameworkData, ...] = FRAMEWORKS) -> None:
    """Create each framework version not yet loaded (by name and version), from a migration
    (`apps` is its app registry) or the test suite (`django.apps.apps`)."""
    framework_model = apps.get_model("performance", "BenchmarkFramework")
    heading_model = apps.get_model("performance", "BenchmarkHeading")
    benchmark_model = apps.get_model("performance", "Benchmark")
    for data in frameworks:
        if framework_model.objects.filter(name=data["name"], version=data["version"]).exists():
            continue
        framework = framework_model.objects.create(
            name=data["name"],
            version=data["version"],
            published_on=data["published_on"],
            source=data["source"],
            ratings=data["ratings"],
        )
        for h_position, heading_data in enumerate(data["headings"], start=1):
            heading = heading_model.objects.create(
                framework=framework,
                code=heading_data["code"],
                title=heading_data["title"],
                position=h_position,
            )
            for b_position, item in enumerate(heading_data["benchmarks"], start=1):
                benchmark_model.objects.create(
                    heading=heading,
                    code=item["code"],
                    statement=item["statement"],
                    good=item["good"],
                    source=item["source"],
                    partnership_to_edit=not item["source"],
                    position=b_position,
                )
