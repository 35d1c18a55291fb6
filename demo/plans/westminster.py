"""Westminster: Prevent delivery in Westminster 2017-18, transcribed from the report
"Overview of Prevent Delivery" to the Business Planning and Transport Policy and Scrutiny
Committee, 15 November 2017. The outputs the report gives are recorded as progress
updates dated the day of the committee; their commentary quotes the report but their
RAG is invented, so they, like every other update here, are marked demo=True."""

from __future__ import annotations

import datetime as dt

from demo.plans.schema import DemoPartnership, DemoStrategy, DemoUpdate

PARTNERSHIP: DemoPartnership = {"name": "Westminster", "slug": "westminster", "code": "WM"}

REPORT_DATE = dt.date(2017, 11, 15)


def _update(on: dt.date, rag: str, commentary: str) -> DemoUpdate:
    return {"update_date": on, "rag": rag, "commentary": commentary, "demo": True}


SUMMARY = (
    "The purpose of this report is to outline the work that is undertaken to deliver the Prevent Strategy "
    "within Westminster.\n\n"
    "Local delivery of the Prevent Strategy is threat led and focused on local needs and vulnerabilities. As "
    "is evident from recent media reporting, it is important to consider that vulnerability to "
    "radicalisation and extremism is not limited to any particular part of Westminster’s diverse "
    "communities. As such, much of the work of the Prevent Team covers the whole of the City, for example "
    "projects that are available to all educational institutions. Vulnerability to radicalisation and "
    "extremism is very rarely seen in isolation and those individuals are often vulnerable to other harms, "
    "such as involvement with gangs or forms of exploitation. In terms of specific projects, every effort is "
    "made that these are made available to individuals and communities that will most benefit from that "
    "intervention.\n\n"
    "The objectives of the Prevent Strategy are to:\n"
    "Respond to the ideological challenge we face from terrorism and aspects of extremism, and the threat "
    "that we face from those who promote these views.\n"
    "Work with institutions where there are risks of radicalisation to be addressed.\n"
    "Provide practical help in order to safeguard vulnerable people from being drawn into terrorism and "
    "ensure that they are given appropriate advice and support."
)

STRATEGIES: list[DemoStrategy] = [
    {
        "title": "Prevent delivery in Westminster 2017-18",
        "period_start": dt.date(2017, 4, 1),
        "period_end": dt.date(2018, 3, 31),
        "status": "active",
        "source": (
            "Westminster City Council, Overview of Prevent Delivery: report of the Director of Public "
            "Protection & Licensing to the Business Planning and Transport Policy and Scrutiny Committee, 15 "
            "November 2017"
        ),
        "summary": SUMMARY,
        "objectives": [
            {
                "reference": "3.5",
                "title": "Delivering Prevent in Westminster's Communities",
                "description": (
                    "Engaging with Westminster's communities and also the voluntary and community sector "
                    "forms a key part of the Prevent Team's work. Many of the individuals or families who "
                    "would benefit most from Prevent projects are from our hardest to reach communities. "
                    "Furthermore, in order to effectively deliver these projects, it is necessary to partner "
                    "with local community organisations and groups.\n\n"
                    "Westminster Prevent Team commission a range of projects in order to support and empower "
                    "Westminster's communities. These projects are designed to address the Prevent Strategy "
                    "objectives (above) but often also address wider needs and vulnerabilities."
                ),
                "actions": [
                    {
                        "title": (
                            "Prevent parenting programme: 'Strengthening Families, Strengthening Communities'"
                        ),
                        "reference": "3.5.4",
                        "description": (
                            "A Prevent parenting programme has been commissioned over the last three years. "
                            "In addition to self-referring to the parenting programme, parents can be put "
                            "forward for participation by support services. Furthermore, the Prevent Team "
                            "conduct community engagement visits and attend parent coffee mornings in "
                            "schools to raise awareness of the parenting programme and invite interested "
                            "parents to sign up to take part.\n\n"
                            "The programme is an adapted version of the Race Equality Foundation's "
                            "'Strengthening Families, Strengthening Communities' course. Over the past year, "
                            "we have delivered 9 series of this programme to 122 parents across Westminster. "
                            "The programme seeks to aid parents in building stronger relationships with "
                            "their children by developing their current parenting approaches and equipping "
                            "them with new skills, tools and techniques to use within their homes. In "
                            "addition to exploring issues around radicalisation the programme considers a "
                            "range of challenges of concern to Westminster's parents and families, "
                            "including: gangs, internet safety, hate crime, balancing competing cultural "
                            "expectations and British Values. The programme also works to raise parents' "
                            "awareness of behavioural changes that may indicate that young people are in "
                            "need of support, and of the availability of local support services and how to "
                            "access them.\n\n"
                            "Feedback from parents has been overwhelmingly positive."
                        ),
                        "outputs": (
                            "Over the past year, we have delivered 9 series of this programme to 122 parents "
                            "across Westminster"
                        ),
                        "lead_agency": "Westminster Prevent Team",
                        "national_objective": "prevent2011_support",
                        "updates": [
                            _update(
                                REPORT_DATE,
                                "green",
                                (
                                    'Reported to committee (3.5.4): "Over the past year, we have delivered 9 '
                                    'series of this programme to 122 parents across Westminster."'
                                ),
                            ),
                        ],
                    },
                    {
                        "title": "Fathers for Futures",
                        "reference": "3.5.6",
                        "description": (
                            "Whilst the parenting programme has always been available to both mothers and "
                            "fathers, participants have been overwhelmingly female. Therefore this year, a "
                            "project is being developed called Fathers for Futures. The objectives of the "
                            "project are similar to those of the parenting programme, namely to improve the "
                            "confidence, parenting skills and awareness of Fathers in relation to the "
                            "vulnerabilities experienced by their children. However, a key part of the "
                            "project will be to proactively engage with local fathers to encourage "
                            "participation on the course."
                        ),
                        "timescale": "this year",
                        "target_date": None,
                        "lead_agency": "Westminster Prevent Team",
                        "national_objective": "prevent2011_support",
                        "updates": [
                            _update(
                                dt.date(2017, 9, 29),
                                "amber",
                                (
                                    "Demo update: Project design agreed; outreach to fathers has started but "
                                    "sign-up is slow."
                                ),
                            ),
                            _update(
                                dt.date(2018, 2, 16),
                                "green",
                                "Demo update: First course running with 11 fathers.",
                            ),
                        ],
                    },
                    {
                        "title": "Gangs and Radicalisation Project",
                        "reference": "3.5.7",
                        "description": (
                            "Youth engagement, outside educational settings, was previously identified as "
                            "within the Prevent programme and was a key area of focus for the team last "
                            "year. As part of our work to address this we developed a Gangs and "
                            "Radicalisation Project, which reached 92 young people across four local youth "
                            "projects. We partnered with the youth projects to deliver sessions for young "
                            "people aged 16-24. The project recognises that the same vulnerabilities that "
                            "can lead to young people joining gangs - like isolation, frustration and lack "
                            "of purpose - can also make them more of a target for extremist views. The young "
                            "people were first given a chance to discuss and explore their grievances. They "
                            "then had the chance to listen to the stories of people, who have turned to "
                            "gangs, crime or extremism as an answer - and the negative impact that's had on "
                            "their lives. They then also learned the impact that such life choices had on "
                            "their families, for example by listening to someone who lost her son fighting "
                            "in Syria."
                        ),
                        "outputs": "Reached 92 young people across four local youth projects",
                        "lead_agency": "Westminster Prevent Team",
                        "partners": "Four local youth projects",
                        "national_objective": "prevent2011_support",
                        "updates": [
                            _update(
                                REPORT_DATE,
                                "complete",
                                (
                                    "Reported to committee (3.5.7): the Gangs and Radicalisation Project "
                                    '"reached 92 young people across four local youth projects."'
                                ),
                            ),
                        ],
                    },
                    {
                        "title": (
                            "Work with the London Network on prevent related matters and reassurance activity"
                        ),
                        "reference": "3.5.8",
                        "description": (
                            "Following this year's terrorist incidents the prevent team worked with the "
                            "London Network on prevent related matters, providing guidance on Pan-London "
                            "areas of focus. They also enhanced local engagement based on need and areas of "
                            "concern, delivering reassurance activity as required."
                        ),
                        "lead_agency": "Westminster Prevent Team",
                        "partners": "London Network",
                        "national_objective": "contest_prevent",
                        "updates": [
                            _update(
                                dt.date(2017, 7, 7),
                                "green",
                                (
                                    "Demo update: Reassurance visits made to community venues after the June "
                                    "incidents."
                                ),
                            ),
                        ],
                    },
                ],
            },
            {
                "reference": "3.6",
                "title": "Delivering Prevent in Westminster's Educational Institutions",
                "actions": [
                    {
                        "title": "Training packages for Westminster's educational institutions",
                        "reference": "3.6.1",
                        "description": (
                            "A set of training packages for Westminster's educational institutions have been "
                            "developed and delivered over the last two years. This training includes an "
                            "overview of Prevent and the safeguarding measures available to help support "
                            "individuals at risk of radicalisation or extremism. Versions are available and "
                            "have been delivered to educational settings from Early Years to "
                            "universities.\n\n"
                            "Since April 2016 the Prevent Team delivered training to over 1800 staff in 53 "
                            "institutions. The product has been adapted a number of times based on changes "
                            "in legislation and on feedback. Overall, the feedback throughout the year has "
                            "been very positive."
                        ),
                        "outputs": (
                            "Since April 2016 the Prevent Team delivered training to over 1800 staff in 53 "
                            "institutions"
                        ),
                        "lead_agency": "Westminster Prevent Team",
                        "national_objective": "prevent2011_sectors",
                        "owned_by_demo_owner": True,
                        "updates": [
                            _update(
                                REPORT_DATE,
                                "green",
                                'Reported to committee (3.6.2): "Since April 2016 the Prevent Team delivered '
                                'training to over 1800 staff in 53 institutions."',
                            ),
                        ],
                    },
                    {
                        "title": (
                            "Support, advice and training to Higher and Further Education Institutions with "
                            "the pan-London HE/FE Prevent Co-ordinators"
                        ),
                        "reference": "3.6.3",
                        "description": (
                            "Much of the support and training provided to the Higher and Further Education "
                            "Institutions in Westminster is delivered by the two pan-London HE/FE Prevent "
                            "Co-ordinators. The Prevent Team locally have worked closely with them and "
                            "assisted with providing support, advice and training to this sector. With a "
                            "dedicated officer working across educational institutions, the intention is to "
                            "improve our links with this sector."
                        ),
                        "lead_officer": "Pan-London HE/FE Prevent Co-ordinators",
                        "partners": "Westminster Prevent Team",
                        "national_objective": "prevent2011_sectors",
                    },
                    {
                        "title": "Prevent pages on the Council website",
                        "reference": "3.6.4",
                        "description": (
                            "A series of pages are available on the Council website have been built in order "
                            "to provide information on Prevent. This includes a suite of projects, lesson "
                            "plans and guidance documents that have been put together for educational "
                            "institutions."
                        ),
                        "lead_agency": "Westminster Prevent Team",
                        "national_objective": "prevent2011_sectors",
                        "owned_by_demo_owner": True,
                        "updates": [
                            _update(
                                dt.date(2017, 10, 6),
                                "green",
                                "Demo update: Lesson plans page refreshed for the new school year.",
                            ),
                        ],
                    },
                    {
                        "title": (
                            "Projects commissioned to support schools in the delivery of Prevent locally"
                        ),
                        "reference": "3.6.5",
                        "description": (
                            "A number of projects are also commissioned to support schools in the delivery "
                            "of Prevent locally."
                        ),
                        "lead_agency": "Westminster Prevent Team",
                        "national_objective": "prevent2011_sectors",
                        "owned_by_demo_owner": True,
                    },
                ],
            },
            {
                "reference": "3.7",
                "title": "Safeguarding vulnerable individuals",
                "description": (
                    "Through the Channel and wider Prevent safeguarding processes, we continue to work "
                    "closely with different Council departments and agencies to support and safeguard "
                    "individuals potentially vulnerable to extremism or radicalisation."
                ),
                "actions": [
                    {
                        "title": "New integrated referral process with Children and Family Services",
                        "reference": "3.7.2",
                        "description": (
                            "We are currently developing a new integrated referral process with Children and "
                            "Family Services to ensure those with the necessary skills, knowledge and "
                            "experience are able to efficiently review and manage referrals on vulnerable "
                            "young people. This will include a social worker embedded within the prevent "
                            "team."
                        ),
                        "lead_agency": "Westminster Prevent Team",
                        "partners": "Children and Family Services",
                        "national_objective": "prevent2011_support",
                        "updates": [
                            _update(
                                dt.date(2017, 12, 15),
                                "amber",
                                (
                                    "Demo update: Process mapped with Children and Family Services; social "
                                    "worker post not yet filled."
                                ),
                            ),
                            _update(
                                dt.date(2018, 3, 16),
                                "green",
                                "Demo update: Social worker now embedded in the team; new process in trial.",
                            ),
                        ],
                    },
                    {
                        "title": (
                            "Workshops to raise awareness of Prevent for council staff, contractors and "
                            "partners"
                        ),
                        "reference": "3.7.3",
                        "description": (
                            "The Prevent Team deliver workshops to staff in order to raise awareness of "
                            "Prevent. They also provide support and advice to departments around the other "
                            "requirements of the Prevent duty. Training has been delivered to members of "
                            "staff from Council departments, contractors and other external partners.\n\n"
                            "When delivering training on Prevent, whether to frontline staff or teachers in "
                            "institutions, an emphasis is placed on the importance of a proportionate "
                            "response to something that gives cause for concern; encouraging staff to use "
                            "their professional judgment and to follow their existing safeguarding referral "
                            "processes. In the case of children or young people, this is through their "
                            "designated safeguarding lead and in to Access to Children's Services. For "
                            "adults, it is in to Adult Social Care."
                        ),
                        "lead_agency": "Westminster Prevent Team",
                        "national_objective": "prevent2011_support",
                        "updates": [
                            _update(
                                dt.date(2017, 10, 27),
                                "green",
                                "Demo update: Workshops held for two council departments and a contractor.",
                            ),
                        ],
                    },
                ],
            },
        ],
    }
]
