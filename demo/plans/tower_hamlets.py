"""Tower Hamlets: Prevent Delivery Plan 2018-19, transcribed from the London Borough of
Tower Hamlets' published plan. Text is the source's own; [REDACTED] marks text redacted
in the published version. The source gives no RAG values, so every progress update here
is invented for the demo and marked demo=True."""

from __future__ import annotations

import datetime as dt

from demo.plans.schema import DemoAction, DemoPartnership, DemoStrategy, DemoUpdate

PARTNERSHIP: DemoPartnership = {"name": "Tower Hamlets", "slug": "towerhamlets", "code": "TH"}


def _update(on: dt.date, rag: str, commentary: str) -> DemoUpdate:
    return {"update_date": on, "rag": rag, "commentary": commentary, "demo": True}


SUMMARY = (
    "In committing ourselves to building One Tower Hamlets, the Tower Hamlets Partnership has made a "
    "public commitment to treating people with fairness and respect, regardless of their differences, "
    "and to live safely within the borough. From our local research we have found that people get on "
    "well together and feel it is a borough where they feel safe to live and work. [REDACTED]\n\n"
    "[REDACTED] We feel that a strong local leadership and active community participation is required "
    "to address the threat of people becoming radicalised and the risk of local people supporting "
    "terrorism. Currently we are focused on providing understanding and support to individuals as part "
    "of a comprehensive safeguarding structure, and linkages with other vulnerabilities, particularly "
    "mental health.\n\n"
    "Tower Hamlets Peer Review 2018, Key Recommendations:\n"
    "1. Develop performance management framework for Prevent\n"
    "2. Ensure key services within the council are trained in Prevent, including the Workshop to Raise "
    "Awareness of Prevent (WRAP training) as part of the corporate Learning and Development offer\n"
    '3. Develop network of council "Prevent Champions" to help wider buy-in\n'
    "4. Better understand referral data to help target activity\n"
    "5. Develop standalone communications strategy for Prevent, outside of broader branding\n"
    "6. Establish Community Reference Group\n"
    "The recommendations from the Peer Review (2018) will shape and steer this delivery plan and the "
    "Prevent work streams for 2018-19."
)

# --- Commissioned projects ("Projects" table), in table order -------------------------------------

PROJECT_A: DemoAction = {
    "title": "Commissioned project A (name not published)",
    "kind": "project",
    "reference": "Project A",
    "outcomes": (
        "Delivery of educational resources that will help build critical-thinking skills in young people."
    ),
    "outputs": (
        "2 hour workshops, delivered 1-4 weeks apart. Young people complete a homework task between "
        "workshops one and two and complete a workbook throughout the sessions which is theirs to take "
        "home, consolidating their learning and providing extra information and sign-posting information."
    ),
    "timescale": "March 2019",
    "target_date": dt.date(2019, 3, 31),
    "national_objective": "prevent2011_support",
    "updates": [
        _update(
            dt.date(2018, 7, 6), "green", "Demo update: First workshops delivered; workbooks well received."
        ),
        _update(
            dt.date(2018, 12, 14),
            "green",
            "Demo update: Second round of workshops under way in two more schools.",
        ),
    ],
}

PROJECT_B: DemoAction = {
    "title": "Commissioned project B (name not published)",
    "kind": "project",
    "reference": "Project B",
    "outcomes": (
        "Increased awareness of gang involvement, drugs, violence, extremism and radicalisation\n"
        "Young people are empowered with skills and confidence to resist being pulled into gangs"
    ),
    "outputs": "25 x 2 hour training sessions:",
    "timescale": "March 2019",
    "target_date": dt.date(2019, 3, 31),
    "national_objective": "prevent2011_support",
    "updates": [
        _update(
            dt.date(2018, 9, 21),
            "amber",
            "Demo update: Sessions started later than planned while venues were agreed; 6 of 25 delivered.",
        ),
        _update(dt.date(2019, 1, 11), "green", "Demo update: Back on track; 18 of 25 sessions delivered."),
    ],
}

PROJECT_C: DemoAction = {
    "title": "Commissioned project C (name not published)",
    "kind": "project",
    "reference": "Project C",
    "outcomes": "Build understanding and resistance to extremism from within the family unit",
    "timescale": "March 2019",
    "target_date": dt.date(2019, 3, 31),
    "national_objective": "prevent2011_support",
}

PROJECT_D: DemoAction = {
    "title": "Commissioned project D (name not published)",
    "kind": "project",
    "reference": "Project D",
    "outcomes": (
        "Improved relations and engagement with female community.\n"
        "Awareness of internet radicalisation threat"
    ),
    "outputs": "39 workshops delivered in the community",
    "timescale": "March 2019",
    "target_date": dt.date(2019, 3, 31),
    "national_objective": "prevent2011_ideology",
    "updates": [
        _update(dt.date(2018, 10, 12), "green", "Demo update: 17 community workshops delivered to date."),
        _update(dt.date(2019, 3, 22), "green", "Demo update: 36 workshops delivered; final sessions booked."),
    ],
}

PROJECT_E: DemoAction = {
    "title": "Commissioned project E (name not published)",
    "kind": "project",
    "reference": "Project E",
    "description": "[REDACTED] [REDACTED] [REDACTED] [REDACTED]\n\nAlso contributes to Objective 3.",
    "outcomes": (
        "Produce a network of community activists to build a local narrative to challenge extremist "
        "ideologies. organisations and individuals are supported to"
    ),
    "outputs": (
        "Train young leaders\n"
        "Create safe space discussions\n"
        "Training for activists and organisations\n"
        "Local campaigns"
    ),
    "timescale": "March 2019",
    "target_date": dt.date(2019, 3, 31),
    "lead_agency": "[REDACTED] [REDACTED]",
    "national_objective": "prevent2011_ideology",
    "updates": [
        _update(
            dt.date(2018, 9, 14),
            "amber",
            "Demo update: Young leaders recruited; safe space discussions not yet started.",
        ),
    ],
}

PROJECT_F: DemoAction = {
    "title": "Commissioned project F (name not published)",
    "kind": "project",
    "reference": "Project F",
    "description": "[REDACTED]",
    "outcomes": (
        "Specialist engagement activities and interventions targeted at 14-30 year olds considered at risk "
        "of exposure to or involvement in extremism."
    ),
    "outputs": "500+ reached\n300 Workshops",
    "timescale": "March 2019",
    "target_date": dt.date(2019, 3, 31),
    "lead_agency": "[REDACTED] [REDACTED]",
    "national_objective": "prevent2011_support",
    "updates": [
        _update(
            dt.date(2018, 11, 30), "green", "Demo update: 310 young people reached and 170 workshops held."
        ),
    ],
}

PROJECT_G: DemoAction = {
    "title": "Commissioned project G (name not published)",
    "kind": "project",
    "reference": "Project G",
    "description": "[REDACTED]",
    "outcomes": (
        "Empower families and communities to recognise the signs of radicalisation and respond effectively."
    ),
    "outputs": (
        "2-3hr workshops delivered in community settings such as schools, community centres and Mosques"
    ),
    "timescale": "March 2019",
    "target_date": dt.date(2019, 3, 31),
    "lead_agency": "[REDACTED] [REDACTED] [REDACTED]",
    "national_objective": "prevent2011_support",
    "updates": [
        _update(
            dt.date(2018, 8, 24), "green", "Demo update: Workshops running in schools and community centres."
        ),
        _update(
            dt.date(2019, 2, 15),
            "green",
            "Demo update: Mosque-based workshops added at the request of parents.",
        ),
    ],
}

# --- Objective 1 ----------------------------------------------------------------------------------

OBJECTIVE_1_ACTIONS: list[DemoAction] = [
    {
        "title": (
            "Prevent Education Officer to continue curriculum development work with primary and secondary "
            "schools across the borough"
        ),
        "outcomes": (
            "Educational institutions across the borough are confident in undertaking responsibilities "
            "related to Prevent duty.\n"
            "Develop and enhance curriculum materials for schools"
        ),
        "outputs": (
            "Universal provision of support\n"
            "Safeguarding leads are trained as Home Office certified WRAP facilitators\n"
            "Train the Teacher workshops (2 per term) to provide resilience within the school"
        ),
        "timescale": "March 2019",
        "target_date": dt.date(2019, 3, 31),
        "lead_officer": "Prevent Education Officer",
        "national_objective": "prevent2011_sectors",
        "owned_by_demo_owner": True,
        "updates": [
            _update(
                dt.date(2018, 6, 29),
                "green",
                (
                    "Demo update: Curriculum materials shared with primary schools; first Train the Teacher "
                    "workshop held."
                ),
            ),
            _update(
                dt.date(2018, 10, 5),
                "green",
                (
                    "Demo update: Secondary materials revised after teacher feedback; two workshops held "
                    "this term."
                ),
            ),
            _update(
                dt.date(2019, 1, 18),
                "green",
                "Demo update: Eight safeguarding leads now trained as WRAP facilitators.",
            ),
        ],
    },
    {
        "title": "Deliver ongoing training and guidance for educational establishments",
        "outcomes": (
            "Educational institutions confidently undertake responsibilities related to the Prevent duty and "
            "stop children and young people from being drawn into terrorism."
        ),
        "outputs": (
            "Schools signposted to 'Educate to Hate'\n"
            "WRAP Training sessions delivered in colleges and other educational institutions"
        ),
        "timescale": "March 2019",
        "target_date": dt.date(2019, 3, 31),
        "lead_officer": "Prevent Education Officer",
        "national_objective": "prevent2011_sectors",
        "owned_by_demo_owner": True,
        "updates": [
            _update(
                dt.date(2018, 7, 13),
                "amber",
                "Demo update: College WRAP sessions slower to book than planned; two held so far.",
            ),
            _update(
                dt.date(2018, 11, 2),
                "green",
                "Demo update: Sessions booked with all colleges for the spring term; schools signposted.",
            ),
        ],
    },
    {
        "title": "Review the strategy on unregistered 'schools'",
        "outcomes": (
            "The safeguarding aspects of unregistered education providers are better managed.\n"
            "Increased awareness of parents and carers about the dangers relating to unregistered education "
            "providers.\n"
            "LBTH has a comprehensive picture of establishments in the borough to inform planning and "
            "delivery."
        ),
        "outputs": (
            "Establish and disseminate a Standard Operating Procedure (SOP) regarding the management of "
            "unregistered educational providers\n"
            "Scope and develop a 'madrasa network' in conjunction with Muslim Children's Safeguarding "
            "Co-ordinator\n"
            "Reinforce understanding of prevent risks in elective home education network\n"
            "Provide analytical support to further understand incidents with unregistered providers."
        ),
        "timescale": "September 2018",
        "target_date": dt.date(2018, 9, 30),
        "lead_officer": (
            "Prevent Education Officer / Principal Attendance & Welfare Advisor / Muslim Children's "
            "Safeguarding Co-ordinator"
        ),
        "national_objective": "prevent2011_sectors",
        "owned_by_demo_owner": True,
        "updates": [
            _update(dt.date(2018, 7, 20), "amber", "Demo update: Draft SOP written and out for comment."),
            _update(
                dt.date(2018, 10, 12),
                "red",
                (
                    "Demo update: SOP not yet signed off and madrasa network scoping delayed; new date to be "
                    "agreed."
                ),
            ),
        ],
    },
    {
        "title": "Action not named in the source plan",
        "description": (
            "The source row gives outcomes, timescale and lead but no action text (and no outputs)."
        ),
        "outcomes": (
            "Education establishments are supported and able to confidently undertake responsibilities "
            "related to Prevent duty.\n"
            "Education establishments are able to undertake risk assessments when receiving enrolment "
            "requests from offenders."
        ),
        "timescale": "September 2018",
        "target_date": dt.date(2018, 9, 30),
        "lead_officer": "HE/FE co-ordinator",
        "national_objective": "prevent2011_sectors",
    },
    PROJECT_A,
    PROJECT_B,
]

# --- Objective 2 ----------------------------------------------------------------------------------

OBJECTIVE_2_ACTIONS: list[DemoAction] = [
    {
        "title": "Support the development of the East London Network",
        "outcomes": (
            "External partnerships are strengthened. Improved cross-borough response and resilience across "
            "East London"
        ),
        "outputs": (
            "Participate in the East London Co-ordinator Network\n"
            "Continued commitment to Prevent network and other working groups"
        ),
        "timescale": "Ongoing",
        "target_date": None,
        "lead_officer": "Prevent Co-Ordinator",
        "national_objective": "prevent2011_ideology",
        "updates": [
            _update(
                dt.date(2018, 6, 15), "green", "Demo update: Attended both network meetings this quarter."
            ),
            _update(
                dt.date(2018, 12, 7),
                "green",
                "Demo update: Hosted the December network meeting in the borough.",
            ),
        ],
    },
    {
        "title": "Develop a Partnership Community Engagement Plan",
        "outcomes": (
            "Collaborative partnership working between the local authority and the local community Key "
            "influencers and community leaders are engaged and carry forward the Prevent message to local "
            "people."
        ),
        "outputs": "Partnership Community Engagement Plan",
        "timescale": "July 2018",
        "target_date": dt.date(2018, 7, 31),
        "lead_officer": "Cohesion Engagement and Commissioning Manager / Prevent Co-Ordinator",
        "national_objective": "prevent2011_ideology",
        "updates": [
            _update(
                dt.date(2018, 5, 25), "amber", "Demo update: Draft plan shared with partners for comment."
            ),
            _update(dt.date(2018, 7, 27), "complete", "Demo update: Plan agreed by the Prevent Board."),
        ],
    },
    {
        "title": (
            "Establish a Community Reference Group to involve the local community in shaping and delivering "
            "the Prevent Duty"
        ),
        "recommendation": "Peer Review Rec 6",
        "outcomes": (
            "Increased engagement and involvement with the voluntary and charitable sector, and key groups, "
            "including youth and women. Community are empowered to take ownership of local Prevent delivery "
            "and are able to challenge extremist ideology."
        ),
        "outputs": "Prevent Advisory Group\nFit-for-purpose and relevant Prevent activity in the community",
        "timescale": "July 2018",
        "target_date": dt.date(2018, 7, 31),
        "lead_officer": "Prevent Co-Ordinator/ Cohesion Engagement and Commissioning Manager",
        "national_objective": "prevent2011_ideology",
        "updates": [
            _update(
                dt.date(2018, 6, 22),
                "amber",
                "Demo update: Terms of reference drafted; members being approached.",
            ),
            _update(
                dt.date(2018, 8, 31),
                "red",
                (
                    "Demo update: First meeting postponed; membership not yet confirmed, including youth and "
                    "women."
                ),
            ),
            _update(
                dt.date(2018, 11, 16),
                "amber",
                "Demo update: Membership confirmed; first meeting set for January.",
            ),
        ],
    },
    {
        "title": (
            "Host two Community Roundtable events between the home office, community organisations and local "
            "residents"
        ),
        "outcomes": (
            "Dialogue between the Home Office, the Prevent Team and the local community. Increase in "
            "community members and stakeholders' knowledge and understanding of the Prevent agenda."
        ),
        "outputs": (
            "Roundtable event in a local space with 50 attendees.\n"
            "Prevent myths and stereotypes are dispelled"
        ),
        "timescale": "September 2018 March 2019",
        "target_date": dt.date(2019, 3, 31),
        "lead_officer": "Prevent Co-Ordinator",
        "national_objective": "prevent2011_ideology",
        "updates": [
            _update(
                dt.date(2018, 9, 21),
                "green",
                "Demo update: First roundtable held in a local venue with 46 attendees.",
            ),
            _update(dt.date(2019, 2, 22), "green", "Demo update: Second roundtable booked for March."),
        ],
    },
    {
        "title": "Develop a Youth Outreach Plan to engage young people",
        "outcomes": (
            "Young people are engaged, have increased resilience to hate narratives and are able to "
            "challenge terrorist recruitment and ideologies. Appropriate engagement activities with young "
            "people"
        ),
        "outputs": "Youth Outreach Plan",
        "timescale": "September 2018",
        "target_date": dt.date(2018, 9, 30),
        "lead_officer": "Head of Integrated Youth and Community Service / Youth Engagement Officer",
        "national_objective": "prevent2011_ideology",
        "updates": [
            _update(dt.date(2018, 7, 6), "green", "Demo update: Consultation with youth forums complete."),
            _update(dt.date(2018, 10, 5), "complete", "Demo update: Youth Outreach Plan published."),
        ],
    },
    PROJECT_D,
    PROJECT_E,
]

# --- Objective 3 ----------------------------------------------------------------------------------

OBJECTIVE_3_ACTIONS: list[DemoAction] = [
    {
        "title": (
            "Develop a standard operating procedure and protocol on the local authority response to "
            "extremist/hate speakers"
        ),
        "outcomes": (
            "Increased capacity of Community Engagement Coordinator to manage responses in the event of "
            "referrals.\n"
            "Robust hall hire procedures which prevent extremists from using venues to promote terrorist "
            "ideology."
        ),
        "outputs": (
            "Standard Operating Procedure / Protocol for dealing with extremists\n"
            "Updated Hall Hire Procedures"
        ),
        "timescale": "July 2018",
        "target_date": dt.date(2018, 7, 31),
        "lead_officer": "Counter Extremism Co-ordinator",
        "national_objective": "prevent2011_ideology",
        "updates": [
            _update(
                dt.date(2018, 6, 8), "amber", "Demo update: Protocol drafted; hall hire wording with legal."
            ),
            _update(
                dt.date(2018, 8, 10),
                "complete",
                "Demo update: Protocol agreed and updated hall hire procedures in use.",
            ),
        ],
    },
    {
        "title": (
            "Increase awareness of the link and impact of Mental Health and vulnerabilities to radicalisation"
        ),
        "outcomes": (
            "Staff are able to recognise and respond to the risks and vulnerabilities presented in adults "
            "with Mental Health conditions."
        ),
        "outputs": "Increased Channel referrals from Health Sector\nNumbers of staff trained in Prevent",
        "timescale": "March 2019",
        "target_date": dt.date(2019, 3, 31),
        "lead_officer": "Service Director, Adult Mental Health",
        "lead_agency": "ELFT",
        "national_objective": "prevent2011_sectors",
        "updates": [
            _update(
                dt.date(2018, 9, 14),
                "amber",
                (
                    "Demo update: Training dates set for community mental health teams; referral figures not "
                    "yet shared."
                ),
            ),
        ],
    },
    {
        "title": (
            "Develop and strengthen relations with key local statutory partners to deliver an integrated and "
            "holistic approach to Prevent in the community"
        ),
        "outcomes": (
            "Increased Inter-agency and partnership working and clear ownership of risk.\n"
            "Local risk and impact of terrorist activity is shared and responded to collectively.\n"
            "Holistic multi-agency approach to engaging with the community and responding to Prevent related "
            "issues."
        ),
        "outputs": (
            "Prevent representation at Local Safeguarding Children's Board (LSCB), Safeguarding Adult's "
            "Board (SAB) and Community Safety Partnership (CSP)"
        ),
        "timescale": "June 2018",
        "target_date": dt.date(2018, 6, 30),
        "lead_officer": "Prevent Co-ordinator / Adults and Children's Safeguarding Board Chairs",
        "national_objective": "prevent2011_sectors",
        "updates": [
            _update(
                dt.date(2018, 6, 29),
                "complete",
                "Demo update: Prevent now a standing item at the LSCB, SAB and CSP.",
            ),
        ],
    },
    {
        "title": (
            "Ensure Prevent is signposted within training for new Fire Brigade staff and refresher training "
            "for existing staff"
        ),
        "outcomes": (
            "Staff have basic knowledge of Prevent and are able to engage with the community on Prevent "
            "related matters."
        ),
        "outputs": "Yearly training programme incorporates the Prevent Agenda",
        "timescale": "March 2019",
        "target_date": dt.date(2019, 3, 31),
        "lead_officer": "Borough Commander",
        "lead_agency": "London Fire Brigade",
        "national_objective": "prevent2011_sectors",
    },
    {
        "title": (
            "Effective management of referral pathways is in place to support staff to be able to identify, "
            "signpost and make referrals"
        ),
        "outcomes": "Staff are aware of referral pathways and are able to make appropriate referrals",
        "outputs": "Increased Channel referrals from Probation\nNumbers of staff trained in Prevent",
        "timescale": "March 2019",
        "target_date": dt.date(2019, 3, 31),
        "lead_officer": "London Community Rehabilitation Company Manager",
        "lead_agency": "London Community Rehabilitation Company",
        "national_objective": "prevent2011_support",
        "updates": [
            _update(
                dt.date(2018, 10, 19),
                "green",
                "Demo update: Referral pathway briefing given at all team meetings.",
            ),
        ],
    },
    PROJECT_C,
    PROJECT_F,
    PROJECT_G,
]

# --- Objective 4 ----------------------------------------------------------------------------------

OBJECTIVE_4_ACTIONS: list[DemoAction] = [
    {
        "title": "Develop a comprehensive Prevent Communication Strategy",
        "recommendation": "Peer Review Rec 5",
        "outcomes": (
            "Prevent is better understood and misconceptions are minimised. Positive messages of Prevent "
            "activity are marketed effectively."
        ),
        "outputs": "Prevent Communication Strategy",
        "timescale": "August 2018",
        "target_date": dt.date(2018, 8, 31),
        "lead_officer": "Communications Manager",
        "national_objective": "prevent2011_ideology",
        "updates": [
            _update(dt.date(2018, 6, 15), "amber", "Demo update: Draft strategy in preparation."),
            _update(
                dt.date(2018, 9, 7),
                "red",
                "Demo update: Strategy not signed off by the August deadline; revised date October.",
            ),
            _update(dt.date(2018, 11, 9), "complete", "Demo update: Communication Strategy approved."),
        ],
    },
    {
        "title": (
            "Commission classroom based Prevent training for frontline Social Care staff and managers to "
            "include understanding of Prevent and the risks and vulnerabilities which need to be considered"
        ),
        "recommendation": "Peer Review Rec 2",
        "outcomes": (
            "Increased awareness of Prevent allows frontline staff to recognise, refer and support "
            "individuals and communities who are vulnerable to radicalisation and extremism. Frontline staff "
            "are clear about referral pathways for at risk individuals and increase appropriate referrals to "
            "Channel and other sources of intervention"
        ),
        "outputs": (
            "Classroom based training/workshops on Internet radicalisation & Prevent referrals\n"
            "Increase in appropriate referrals to Channel"
        ),
        "timescale": "July 2018 – March 2019",
        "target_date": dt.date(2019, 3, 31),
        "lead_officer": "Adult's Social Care Director / Children's Social Care Director",
        "national_objective": "prevent2011_support",
        "updates": [
            _update(
                dt.date(2018, 9, 28),
                "green",
                "Demo update: Training commissioned; first three workshops held.",
            ),
            _update(
                dt.date(2019, 1, 25),
                "green",
                (
                    "Demo update: Workshops continuing; referrals to Channel from social care are more "
                    "appropriate."
                ),
            ),
        ],
    },
    {
        "title": "Introduce Prevent Training as part of induction for Elected Members",
        "recommendation": "Peer Review Rec 2",
        "outcomes": (
            "Elected members are informed about the Prevent duty and confidently engage with the community "
            "on Prevent related matters."
        ),
        "outputs": (
            "Induction includes Wrap Training for all elected members within 3 months of appointment and "
            "refresher every 2 years."
        ),
        "timescale": "July 2018",
        "target_date": dt.date(2018, 7, 31),
        "lead_officer": "Prevent Co-Ordinator",
        "national_objective": "prevent2011_sectors",
        "updates": [
            _update(
                dt.date(2018, 7, 31),
                "complete",
                "Demo update: WRAP session added to the member induction programme.",
            ),
        ],
    },
    {
        "title": (
            "Increase awareness of front line Police staff and officers with regard Prevent and referral "
            "pathways"
        ),
        "outcomes": (
            "Staff are aware of their responsibilities and duties with regard to Prevent and are confident "
            "about making referrals and/or responding to concerns."
        ),
        "outputs": (
            "Front line staff provided with training either within a classroom setting or through e-learning "
            "material"
        ),
        "timescale": "March 2019",
        "target_date": dt.date(2019, 3, 31),
        "lead_officer": "Inspector (Local Operations/MPS)",
        "lead_agency": "MPS",
        "national_objective": "prevent2011_support",
    },
    {
        "title": (
            "Deliver training to all front line Local Authority staff with regard risk presented by "
            "potential increased AI Muhajiroun activity"
        ),
        "recommendation": "Peer Review Rec 2",
        "outcomes": (
            "Staff able to recognise AI Muhajiroun d'awah activity and undertake appropriate response in "
            "conjunction with Prevent team and MPS Local Operations team"
        ),
        "outputs": "Staff trained in ALM risk and threat\nDisruption of ALM activity",
        "timescale": "March 2019",
        "target_date": dt.date(2019, 3, 31),
        "lead_officer": "Inspector (Local Operations/MPS) / Prevent Co-ordinator",
        "national_objective": "prevent2011_ideology",
        "updates": [
            _update(
                dt.date(2018, 8, 17),
                "amber",
                "Demo update: Briefing content agreed; sessions not yet scheduled.",
            ),
            _update(
                dt.date(2018, 12, 14), "green", "Demo update: Briefings delivered to frontline services."
            ),
        ],
    },
    {
        "title": "Ensure all staff have received relevant training on Prevent",
        "recommendation": "Peer Review Rec 2",
        "outcomes": (
            "Frontline Youth Services staff have knowledge to deliver the Prevent Duty and make appropriate "
            "referrals\n"
            "Staff are trained and equipped with the skills to deliver sessions to young people."
        ),
        "outputs": (
            "4 x evening WRAP training sessions\n"
            "95% of Youth Services staff are WRAP trained\n"
            "Train the Trainer sessions for Youth Service staff"
        ),
        "timescale": "September 2018",
        "target_date": dt.date(2018, 9, 30),
        "lead_officer": "Head of Integrated Youth and Community Service",
        "national_objective": "prevent2011_sectors",
        "updates": [
            _update(
                dt.date(2018, 6, 29), "green", "Demo update: Two of the four evening WRAP sessions held."
            ),
            _update(
                dt.date(2018, 9, 28),
                "amber",
                "Demo update: All four sessions held but 88% of staff trained against the 95% target.",
            ),
        ],
    },
    {
        "title": (
            "Review existing assessment frameworks to ensure screening of youth offenders includes those at "
            "risk and vulnerable to radicalisation."
        ),
        "outcomes": (
            "Youth offenders who are at risk and vulnerable to radicalisation are identified during existing "
            "assessment processes and referred to Channel where appropriate."
        ),
        "outputs": (
            "Co-Offending Group Referral Form updated to include consideration of radicalisation.\n"
            "A Prevent screening tool to be developed to be used in conjunction with the Asset Plus Framework"
        ),
        "timescale": "September 2018",
        "target_date": dt.date(2018, 9, 30),
        "lead_officer": "Head of Integrated Youth and Community Service",
        "national_objective": "prevent2011_support",
        "updates": [
            _update(
                dt.date(2018, 7, 27),
                "green",
                "Demo update: Referral form updated; screening tool in testing.",
            ),
            _update(
                dt.date(2018, 9, 28), "complete", "Demo update: Screening tool in use alongside Asset Plus."
            ),
        ],
    },
    {
        "title": (
            "Develop mechanisms to ensure the Prevent Duty is included in existing Council policies and "
            "procedures"
        ),
        "outcomes": (
            "Policies and procedures incorporate Prevent agenda to mainstream Prevent into business as usual "
            "practice across the organisation"
        ),
        "outputs": "Updated policies which reflect the Prevent Duty",
        "timescale": "December 2018",
        "target_date": dt.date(2018, 12, 31),
        "lead_officer": "Cohesion Engagement and Commissioning Manager",
        "national_objective": "prevent2011_sectors",
        "updates": [
            _update(
                dt.date(2018, 10, 26),
                "amber",
                "Demo update: Policy review under way; HR and procurement policies still to be updated.",
            ),
        ],
    },
    {
        "title": "Develop a Performance Management Framework for Prevent",
        "recommendation": "Peer Review Rec 1 & 4",
        "outcomes": (
            "Impact is measured and informs future planning and delivery of Prevent.\n"
            "Increased understanding of referral data to support target activity\n"
            "Outcomes and outputs are recognised and reduction of risk is evidenced."
        ),
        "outputs": "Performance Management Framework and dashboard showcasing performance data",
        "timescale": "September 2018",
        "target_date": dt.date(2018, 9, 30),
        "lead_officer": "Prevent Co-ordinator",
        "national_objective": "prevent2011_sectors",
        "updates": [
            _update(
                dt.date(2018, 7, 13),
                "green",
                "Demo update: Measures agreed with partners; dashboard being built.",
            ),
            _update(dt.date(2018, 9, 28), "complete", "Demo update: Framework and dashboard in use."),
        ],
    },
    {
        "title": (
            'Develop staff network of "Prevent Champions" to carry forward the Prevent agenda and share '
            "information with colleagues and staff in the organisation"
        ),
        "recommendation": "Peer Review Rec 3",
        "outcomes": (
            "Staff Champions discuss and dispel myths about Prevent across the organisation.\n"
            "Workforce is equipped to recognise and respond to risk in the workplace."
        ),
        "outputs": "15 trained Prevent Champions",
        "timescale": "December 2018",
        "target_date": dt.date(2018, 12, 31),
        "lead_officer": "Prevent Co-ordinator",
        "national_objective": "prevent2011_sectors",
        "updates": [
            _update(
                dt.date(2018, 9, 7),
                "amber",
                "Demo update: Call for volunteers issued; 6 champions signed up.",
            ),
            _update(
                dt.date(2018, 12, 14),
                "red",
                "Demo update: 9 of 15 champions trained; second recruitment round needed.",
            ),
        ],
    },
]

STRATEGIES: list[DemoStrategy] = [
    {
        "title": "Prevent Delivery Plan 2018-19",
        "period_start": dt.date(2018, 4, 1),
        "period_end": dt.date(2019, 3, 31),
        "status": "active",
        "source": (
            "London Borough of Tower Hamlets, Prevent Delivery Plan 2018-19 (published with redactions)"
        ),
        "summary": SUMMARY,
        "objectives": [
            {
                "reference": "Objective 1",
                "title": (
                    "Target social, peer and educational support and advice to individuals identified as at "
                    "risk of involvement in extremist activity and violence"
                ),
                "actions": OBJECTIVE_1_ACTIONS,
            },
            {
                "reference": "Objective 2",
                "title": (
                    "Increase our engagement with our community to strengthen community leadership, enabling "
                    "key individuals and organisations to challenge extremist ideology"
                ),
                "actions": OBJECTIVE_2_ACTIONS,
            },
            {
                "reference": "Objective 3",
                "title": (
                    "Strengthen positive social networks and institutions to increase their capacity to "
                    "challenge extremism and violence and disrupt networks and organisations which are "
                    "sympathetic to extremism and terrorism"
                ),
                "actions": OBJECTIVE_3_ACTIONS,
            },
            {
                "reference": "Objective 4",
                "title": (
                    "Mainstream Prevent across all Directorates, increase Prevent awareness and ensure an "
                    "effective safeguarding response for those who are vulnerable to extremism from all "
                    "services."
                ),
                "actions": OBJECTIVE_4_ACTIONS,
            },
        ],
    }
]
