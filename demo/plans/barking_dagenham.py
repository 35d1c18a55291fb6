"""Barking and Dagenham: Prevent Strategy and Delivery Plan 2017/2019, transcribed from the
report to Cabinet of 11 July 2017. The delivery plan's action table (Appendix 1) is not
in the published report, so the only actions here are commitments the report text itself
states, each quoting its paragraph. The source gives no RAG values: every progress update
is invented for the demo and marked demo=True."""

from __future__ import annotations

import datetime as dt

from demo.plans.schema import DemoPartnership, DemoStrategy, DemoUpdate

PARTNERSHIP: DemoPartnership = {"name": "Barking and Dagenham", "slug": "barkingdagenham", "code": "BD"}


def _update(on: dt.date, rag: str, commentary: str) -> DemoUpdate:
    return {"update_date": on, "rag": rag, "commentary": commentary, "demo": True}


SUMMARY = (
    "A new Prevent Strategy and Delivery Plan has been developed by the Borough's multiagency Prevent "
    "Strategy and Steering Group with oversight from the Community Safety Partnership.\n\n"
    "The Strategy and Delivery Plan takes account of the Council's legal duties to prevent extremism and "
    "extremist violence. It follows the Local Authority Prevent Duty Guidance, Channel Duty Guidance and the "
    "Counter Terrorism Local Profile to put forward four local priorities with actions to deliver these "
    "within the lifespan of the Strategy.\n\n"
    "The Prevent Strategy sits alongside a wider range of strategies and priorities within the Council's "
    "broader cohesion agenda. 2017 will see the publication of an Equality and Diversity Strategy for the "
    "Borough and the development of a separate Cohesion Strategy."
)

STRATEGIES: list[DemoStrategy] = [
    {
        "title": "Prevent Strategy and Delivery Plan 2017/2019",
        "period_start": dt.date(2017, 4, 1),
        "period_end": dt.date(2019, 3, 31),
        "status": "active",
        "source": (
            "London Borough of Barking and Dagenham, report of the Cabinet Member for Equalities and "
            "Cohesion to Cabinet, 11 July 2017: Barking and Dagenham Prevent Strategy and Delivery Plan "
            "2017/2019. The delivery plan itself (Appendix 1) is not included in the published report."
        ),
        "summary": SUMMARY,
        "objectives": [
            {
                "reference": "Priority 1",
                "title": (
                    "To work in partnership to understand the risk of radicalisation in Barking and Dagenham"
                ),
                "description": (
                    "To ensure that all young people, parents and carers, and staff in public and other "
                    "services (e.g. local authority, schools, NHS, voluntary organisations) are aware of the "
                    "potential issues around extremism and radicalisation in Barking and Dagenham and our "
                    "local response."
                ),
                "areas_of_focus": [
                    {
                        "title": (
                            "To increase the understanding of partners of the local threats and "
                            "vulnerabilities in relation to extremism and terrorism."
                        ),
                        "actions": [
                            {
                                "title": "Employ a Community Coordinator",
                                "reference": "Report 9.2",
                                "description": (
                                    "In supporting the Government's Counter Extremism Strategy, the Council "
                                    "have been offered funding for a period of 12 months to employ a "
                                    "Community Coordinator. Their role will be to promote cohesion, develop "
                                    "an understanding of the drivers, prevalence, and wider harms of "
                                    "extremism in Barking and Dagenham, to share this knowledge with the "
                                    "Council and Home Office, and shape local strategies such as the "
                                    "Community Cohesion, Hate Crime and Prevent Strategies as well as the "
                                    "Borough Manifesto."
                                ),
                                "national_objective": "contest_prevent",
                                "updates": [
                                    _update(
                                        dt.date(2017, 10, 20),
                                        "amber",
                                        (
                                            "Demo update: Post advertised; recruitment taking longer than "
                                            "planned."
                                        ),
                                    ),
                                    _update(
                                        dt.date(2018, 1, 26),
                                        "green",
                                        (
                                            "Demo update: Community Coordinator in post and mapping local "
                                            "networks."
                                        ),
                                    ),
                                ],
                            },
                        ],
                    },
                    {
                        "title": (
                            "To ensure there is understanding of the Prevent strategy across the specified "
                            "authorities identified by the 'Prevent Duty'."
                        ),
                        "actions": [
                            {
                                "title": (
                                    "Continued efforts to provide training to General Practices and "
                                    "associated colleagues"
                                ),
                                "reference": "Report 9.5",
                                "description": (
                                    "There are established links with mental health teams including Home "
                                    "Treatment teams in providing support to the Channel Panel. There will "
                                    "be continued efforts to provide training to General Practices and "
                                    "associated colleagues over the coming year."
                                ),
                                "timescale": "over the coming year",
                                "target_date": None,
                                "national_objective": "prevent2011_sectors",
                                "owned_by_demo_owner": True,
                                "updates": [
                                    _update(
                                        dt.date(2017, 9, 29),
                                        "amber",
                                        (
                                            "Demo update: Sessions offered to all practices; take-up so far "
                                            "is low."
                                        ),
                                    ),
                                    _update(
                                        dt.date(2018, 3, 23),
                                        "green",
                                        "Demo update: Training delivered at two GP locality meetings.",
                                    ),
                                ],
                            },
                            {
                                "title": (
                                    "Awareness training and training about how to make referrals through the "
                                    "Channel programme"
                                ),
                                "reference": "Report 9.2",
                                "description": (
                                    "Beyond the immediate staffing resources to deliver Prevent and related "
                                    "programmes, statutory guidance puts an expectation on local authority "
                                    "staff and its contractors to understand Prevent and to be able to "
                                    "recognise key signs of vulnerability to being drawn into terrorism. To "
                                    "meet this expectation relevant staff have completed awareness training "
                                    "and training about how to make referrals through the Channel programme. "
                                    "The training programme is ongoing to improve knowledge and awareness "
                                    "across the partnership."
                                ),
                                "national_objective": "prevent2011_sectors",
                                "owned_by_demo_owner": True,
                            },
                        ],
                    },
                    {
                        "title": (
                            "To increase the representation of faith and community groups at the Prevent "
                            "Strategy and Steering Group."
                        ),
                    },
                ],
                "actions": [
                    {
                        "title": (
                            "Delivery of the Strategy will be monitored annually through the Community "
                            "Safety Partnership"
                        ),
                        "reference": "Report 3.2",
                        "description": (
                            "Delivery of the Strategy will be monitored annually through the Community "
                            "Safety Partnership. Separately, the Cabinet Member for Equalities and Cohesion "
                            "will periodically review progress."
                        ),
                        "lead_agency": "Community Safety Partnership",
                        "partners": "Cabinet Member for Equalities and Cohesion",
                        "national_objective": "contest_prevent",
                        "updates": [
                            _update(
                                dt.date(2018, 3, 16),
                                "green",
                                (
                                    "Demo update: First annual progress report taken to the Community Safety "
                                    "Partnership."
                                ),
                            ),
                        ],
                    },
                    {
                        "title": "Set target completion dates for each of the actions",
                        "reference": "Report 3.1",
                        "description": (
                            "Each action within the Delivery Plan has been assigned to the relevant senior "
                            "officer of the relevant agency/partner. Once the programme of action is agreed, "
                            "the Prevent Strategy and Steering Group will set target completion dates for "
                            "each of the actions. This will give partners flexibility to re-prioritise "
                            "actions in light of the current context and imperative to respond to those "
                            "incidents and their aftermath."
                        ),
                        "lead_agency": "Prevent Strategy and Steering Group",
                        "national_objective": "contest_prevent",
                        "updates": [
                            _update(
                                dt.date(2017, 9, 15),
                                "complete",
                                (
                                    "Demo update: Target dates agreed for every action at the September "
                                    "Steering Group."
                                ),
                            ),
                        ],
                    },
                    {
                        "title": (
                            "The robustness of the local Prevent Strategy and Delivery Plan will be reviewed"
                        ),
                        "reference": "Report 1.10",
                        "description": (
                            "Following recent events Cabinet should be assured that the robustness of the "
                            "local Prevent Strategy and Delivery Plan will be reviewed to ensure that our "
                            "risk-based approach is proportionate and appropriate with necessary "
                            "actions/responses to deal with local and sub-regional issues.\n\n"
                            "(9.1) For this reason, the report proposes that Cabinet delegates authority to "
                            "the Strategic Director of Service Development and Integration, with the "
                            "Community Safety Partnership, to review the Strategy and Delivery Plan "
                            "considering new levels of risk in the borough and make appropriate changes in "
                            "response."
                        ),
                        "lead_officer": "Strategic Director of Service Development and Integration",
                        "partners": (
                            "Community Safety Partnership; Cabinet Member for Equalities and Cohesion"
                        ),
                        "national_objective": "contest_prevent",
                    },
                ],
            },
            {
                "reference": "Priority 2",
                "title": (
                    "To work with partners and residents to identify and address potential vulnerabilities "
                    "related to extremism or radicalisation"
                ),
                "description": (
                    "In implementing the Prevent Duty, we are ensuring that partners adopt a complete "
                    "approach to preventing people from being drawn into terrorism. When a potential "
                    "extremism or radicalisation issue is identified, we need to ensure there is compliance "
                    "with the referral pathway and escalation process. Furthermore, we need to ensure that "
                    "individuals/agencies/organisations involved in the referral are supported through the "
                    "process to manage the concern or issue. Lastly, vulnerabilities related to the concern "
                    "or issue need to be addressed through existing mechanisms or otherwise."
                ),
                "areas_of_focus": [
                    {
                        "title": (
                            "To develop links with the voluntary and community sector to empower them to "
                            "support the local Prevent programme."
                        ),
                    },
                    {
                        "title": (
                            "To develop an early intervention and identification process which raises "
                            "potential concerns of extremism or radicalisation."
                        ),
                    },
                    {
                        "title": (
                            "To ensure that partners consider a complete approach when implementing the "
                            "Prevent duty."
                        ),
                    },
                    {
                        "title": (
                            "To support partners to embed the Prevent Duty across all relevant organisations."
                        ),
                    },
                ],
            },
            {
                "reference": "Priority 3",
                "title": (
                    "To put in place mechanisms that prevent individuals from being drawn into terrorism and "
                    "ensure that they are given appropriate advice and support"
                ),
                "description": (
                    "The focus of this priority is to ensure that individuals who may be at risk of being "
                    "drawn into terrorism are provided with comprehensive support. Where people are "
                    "identified as at risk, we will assess the nature of that risk and develop appropriate "
                    "support interventions in response."
                ),
                "areas_of_focus": [
                    {
                        "title": (
                            "To continue to ensure that support offered by partners is appropriate for each "
                            "individual."
                        )
                    },
                    {
                        "title": (
                            "To ensure that information is shared between partners to address any concerns."
                        )
                    },
                    {
                        "title": (
                            "To identify third sector capacity to increase the range of support available."
                        )
                    },
                ],
            },
            {
                "reference": "Priority 4",
                "title": (
                    "To deliver a programme to limit and disrupt the activities of extremist individuals who "
                    "seek to spread or incite violence for a political, ideological, racial or religious "
                    "cause"
                ),
                "description": (
                    "The Council has the statutory duty to work in partnership towards the reduction and "
                    "prevention of crime. We will look at the range of tools and powers to address issues of "
                    "extremist activities wherever they present.\n\n"
                    "In addition, we must continue to ensure that our staff are adequately supported to "
                    "recognise extremist activity and associated material as part of detection when "
                    "undertaking their day-to-day tasks within the community."
                ),
                "areas_of_focus": [
                    {
                        "title": (
                            "To continue to respond to actions of those promoting violent extremism wherever "
                            "it may present."
                        ),
                        "actions": [
                            {
                                "title": (
                                    "Ensuring that there is a pathway to report any concerns of extremist "
                                    "speakers to the police"
                                ),
                                "reference": "Report 9.7",
                                "description": (
                                    "The strategy identifies the need to ensure extremist speakers are not "
                                    "provided with a platform to promote their rhetoric. Ensuring that there "
                                    "is a pathway to report any concerns of extremist speakers to the police "
                                    "will be key in ensuring this."
                                ),
                                "national_objective": "prevent2011_ideology",
                                "owned_by_demo_owner": True,
                                "updates": [
                                    _update(
                                        dt.date(2017, 11, 24),
                                        "amber",
                                        (
                                            "Demo update: Draft reporting pathway shared with venue managers "
                                            "for comment."
                                        ),
                                    ),
                                    _update(
                                        dt.date(2018, 2, 9),
                                        "green",
                                        (
                                            "Demo update: Pathway agreed with the police and circulated to "
                                            "venue staff."
                                        ),
                                    ),
                                ],
                            },
                            {
                                "title": (
                                    "Work in libraries to confirm that internet filtering on websites is in "
                                    "place"
                                ),
                                "reference": "Report 9.7",
                                "description": (
                                    "In addition, work has already been completed in libraries to confirm "
                                    "that internet filtering on websites is in place and we have taken all "
                                    "reasonable steps to ensure such premises cannot be used to access "
                                    "extremist material."
                                ),
                                "national_objective": "prevent2011_ideology",
                                "updates": [
                                    _update(
                                        dt.date(2017, 7, 11),
                                        "complete",
                                        (
                                            "Reported to Cabinet: work has already been completed in "
                                            "libraries to confirm that internet filtering on websites is in "
                                            "place."
                                        ),
                                    ),
                                ],
                            },
                        ],
                    },
                    {
                        "title": (
                            "To develop positive relationships with our community by using Prevent projects."
                        )
                    },
                    {
                        "title": (
                            "To ensure that staff are aware of the actions of potential extremists or "
                            "terrorists and know how to respond."
                        ),
                    },
                ],
            },
        ],
    }
]
