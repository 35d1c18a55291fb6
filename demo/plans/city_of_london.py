"""City of London: the City Prevent Strategy 2017-18 and the Safer City Partnership
Strategic Plan 2016-2017, transcribed from the City of London's published documents.
Neither source gives RAG values: every progress update is invented for the demo and
marked demo=True."""

from __future__ import annotations

import datetime as dt

from demo.plans.schema import DemoObjective, DemoPartnership, DemoStrategy, DemoUpdate

PARTNERSHIP: DemoPartnership = {"name": "City of London", "slug": "cityoflondon", "code": "CL"}


def _update(on: dt.date, rag: str, commentary: str) -> DemoUpdate:
    return {"update_date": on, "rag": rag, "commentary": commentary, "demo": True}


# =================================================================================================
# City Prevent Strategy 2017-18
# =================================================================================================

PREVENT_SUMMARY = (
    "Prevent is about protecting our communities and vulnerable individuals from the threat posed by violent "
    "extremists. To help achieve this goal the City of London Corporation will continue to work closely with "
    "the City of London Police (CoLP) our communities and other partners to reduce the risk of individuals "
    "being drawn into extremism or acts of terrorism.\n\n"
    "For the coming year one of the Safer City Partnership's (SCP) priorities is to actively prevent people "
    "from being drawn into terrorism. We will do this by:\n"
    "promoting understanding of the risks associated with radicalisation\n"
    "ensuring that staff understand the risk and know how to deal with concerns\n"
    "communicate and promote the value of Prevent to our communities\n"
    "support our resident and business communities in relation to Prevent.\n\n"
    "We shall also continue to identify opportunities to disrupting individuals or organisations who are "
    "seeking to promote extremism, for example by making it harder for them to access and book meeting "
    "venues."
)

PREVENT_OBJECTIVES: list[DemoObjective] = [
    {
        "title": "Engaging with Corporate staff",
        "description": (
            "All departments within the City of London Corporation have a role in helping deliver or support "
            "the Prevent agenda. It is for this reason we have developed a network where each department has "
            "a designated Prevent lead.\n\n"
            "We asked these Prevent leads for their views on the risk of radicalisation in the City of "
            "London and what could be done about it. In response, they said that there was a potential risk "
            "of radicalisation from all areas in and around the City - those living, working and visiting "
            "the City and also the threat of radicalisation through the internet and social media. However "
            "education and training, especially with the aid of relevant case studies, would help to raise "
            "awareness and provide a better understanding of the reporting process. Asked what they thought "
            "discouraged people from finding out about Prevent, it was suggested that some members of staff "
            "struggled to find the time to participate or did not think it was relevant to them or their "
            "area of work."
        ),
        "actions": [
            {
                "title": "Continue to run face to face Prevent training on a quarterly basis",
                "description": (
                    "Having run monthly Workshops Raising Awareness of Prevent (WRAP) sessions for members "
                    "of staff, including departmental and bespoke sessions, we will continue to run face to "
                    "face Prevent training on a quarterly basis."
                ),
                "national_objective": "prevent2011_support",
                "owned_by_demo_owner": True,
                "updates": [
                    _update(
                        dt.date(2017, 6, 30),
                        "green",
                        "Demo update: Quarterly WRAP session held with 24 staff.",
                    ),
                    _update(
                        dt.date(2017, 9, 29),
                        "green",
                        "Demo update: Second quarterly session held; bespoke session run for housing staff.",
                    ),
                ],
            },
            {
                "title": "Launching an e-learning module",
                "description": (
                    "We will also be launching an e-learning module so that all staff will be able to access "
                    "the training as well as refresh their understanding of Prevent."
                ),
                "national_objective": "prevent2011_support",
                "owned_by_demo_owner": True,
                "updates": [
                    _update(
                        dt.date(2017, 7, 28),
                        "amber",
                        (
                            "Demo update: Module content agreed; launch waiting on the learning platform "
                            "upgrade."
                        ),
                    ),
                    _update(
                        dt.date(2017, 11, 17),
                        "complete",
                        "Demo update: E-learning module live for all staff.",
                    ),
                ],
            },
            {
                "title": "Consider the use of screen savers, posters, and table talkers in key locations",
                "description": (
                    "We will also consider the use of screen savers, posters, and table talkers in key "
                    "locations."
                ),
                "national_objective": "contest_prevent",
            },
            {
                "title": "Run insight lunch discussion sessions on the subject of Prevent",
                "description": (
                    "We will also run insight lunch discussion sessions on the subject of Prevent."
                ),
                "national_objective": "contest_prevent",
                "updates": [
                    _update(
                        dt.date(2017, 10, 13),
                        "red",
                        "Demo update: No sessions held yet; no speaker confirmed.",
                    ),
                ],
            },
            {
                "title": (
                    "Build on the progress made in establishing a Prevent network across the organisation"
                ),
                "description": (
                    "We will also build on the progress made in establishing a Prevent network across the "
                    "organisation to help us promote a better understanding of this work and relating it to "
                    "individual departments."
                ),
                "national_objective": "prevent2011_sectors",
            },
        ],
    },
    {
        "title": "Engaging with the resident community",
        "description": (
            "We recognise the importance of engaging with the local community groups as they can be "
            "invaluable in providing a wealth of knowledge and expertise. We can also gain an insight and "
            "learn to understand the most effective messages and approaches to take. Feedback clearly shows "
            "communities want to work with us across a range of issues and there are obvious benefits in "
            "improving two way communications."
        ),
        "actions": [
            {
                "title": (
                    "Developing strong and constructive relationships with our resident and community groups"
                ),
                "description": (
                    "We are developing strong and constructive relationships with our resident and community "
                    "groups to encourage the sharing of information and to work against the distribution of "
                    "extremist ideology."
                ),
                "national_objective": "prevent2011_ideology",
            },
            {
                "title": "Continue to engage with the Mansell Street Islamic Women's Group",
                "description": (
                    "We will continue to engage with the Mansell Street Islamic Women's Group who welcome "
                    "the opportunity to share their thoughts and aspirations about their community as well "
                    "as attending Mansell Street and Middlesex Street residents' meetings."
                ),
                "national_objective": "prevent2011_ideology",
                "updates": [
                    _update(
                        dt.date(2017, 8, 25),
                        "green",
                        (
                            "Demo update: Attended the group's summer meeting and both estates' residents' "
                            "meetings."
                        ),
                    ),
                ],
            },
            {
                "title": "Utilise these existing relations and structures within our communities",
                "description": (
                    "We will continue to utilise these existing relations and structures within our "
                    "communities to counter extremism and radicalisation.\n\n"
                    "These links will also help ensure we can provide appropriate advice and guidance during "
                    "periods of heightened concern or following a major incident and strengthen communities' "
                    "confidence in terms of reporting concerns and issues to us."
                ),
                "national_objective": "prevent2011_ideology",
            },
        ],
    },
    {
        "title": "Engaging with nurseries, schools, colleges and universities",
        "description": (
            "With the ongoing risk to children and young people of being influenced and radicalised, we must "
            "work to ensure that we have clear channels of communication with all our education "
            "establishments and their designated prevent coordinators. There are a wide range of facilities "
            "within the City and we will work to build effective working relationships with them all.\n\n"
            "There are five schools within the City providing education from primary level up to sixth form. "
            "There are also two higher education facilities, one dedicated to Music and Drama and another "
            "which provides a range of courses for various subjects. There are six universities with offices "
            "based in the City of London and four Universities based on its borders. It is also worth noting "
            "that the City of London has an interest beyond its borders in respect of students who attend "
            "schools in neighbouring boroughs and also the schools it supports outside of the City."
        ),
        "actions": [
            {
                "title": (
                    "Ensure that nurseries, schools, higher and further education establishments are "
                    "provided with the support they need"
                ),
                "description": (
                    "We will continue to ensure that nurseries, schools, higher and further education "
                    "establishments are provided with the support they need to comply with their duties "
                    "under Prevent."
                ),
                "national_objective": "prevent2011_sectors",
            },
            {
                "title": "Continue to provide WRAP sessions and support for higher education staff",
                "description": (
                    "We will continue to provide WRAP sessions and support for higher education staff based "
                    "in and around the borders of the City."
                ),
                "national_objective": "prevent2011_sectors",
                "updates": [
                    _update(
                        dt.date(2017, 12, 8),
                        "green",
                        "Demo update: WRAP sessions delivered at two higher education providers this term.",
                    ),
                ],
            },
            {
                "title": (
                    "Facilitate dialogue to ensure that policies and procedures are in place for the "
                    "management of events on campus"
                ),
                "description": (
                    "We will also continue to facilitate dialogue to ensure that policies and procedures are "
                    "in place for the management of events on campus and the use of all university premises."
                ),
                "national_objective": "prevent2011_sectors",
            },
            {
                "title": "Hold regular meetings with designated Prevent Coordinators",
                "description": (
                    "While continuing to hold regular meetings with designated Prevent Coordinators we shall "
                    "also seek to expand the network where appropriate."
                ),
                "national_objective": "prevent2011_sectors",
            },
            {
                "title": "Help provide advice on producing robust safeguarding policies",
                "description": (
                    "We shall continue to help provide advice on producing robust safeguarding policies."
                ),
                "national_objective": "prevent2011_sectors",
            },
            {
                "title": "Assist Prevent Coordinators in providing training to all staff",
                "description": (
                    "We will continue to assist Prevent Coordinators in providing training to all staff, "
                    "providing them with the knowledge and confidence to identify children and young people "
                    "at risk of being drawn to terrorism, challenge extremist ideas and ensure that they "
                    "know how to refer children and young people for further help."
                ),
                "national_objective": "prevent2011_sectors",
            },
        ],
    },
    {
        "title": "Engaging with health providers",
        "description": (
            "People vulnerable to being radicalised will often come to the attention of services and "
            "agencies providing health care. They will also have an important role in helping address an "
            "individual's vulnerability. This is especially the case with regard to mental health services. "
            "NHS Trusts and NHS Foundation Trusts are specified authorities under the Counter-Terrorism and "
            "Security Act 2015 and have their own systems by which Prevent is incorporated within their "
            "safeguarding structures and training. However, while we enjoy links to our main NHS partners we "
            "recognise there is more we can do to support and complement each other's work."
        ),
        "actions": [
            {
                "title": "Establish a network of our key NHS based Prevent contacts",
                "description": (
                    "We will establish a network of our key NHS based Prevent contacts to allow for joint "
                    "working."
                ),
                "national_objective": "prevent2011_sectors",
                "updates": [
                    _update(
                        dt.date(2017, 9, 22),
                        "amber",
                        "Demo update: Contacts identified at three trusts; first meeting not yet arranged.",
                    ),
                ],
            },
            {
                "title": "Extend our reach out into the broader health field",
                "description": (
                    "We will also seek to extend our reach out into the broader health field, including "
                    "voluntary and community organisations, to ensure that practitioners and other staff "
                    "know how to act upon concerns and are kept informed of developments within the City of "
                    "London."
                ),
                "national_objective": "prevent2011_sectors",
            },
        ],
    },
    {
        "title": "Engaging with the business community",
        "description": (
            "The Government's overall counter-terrorism strategy does not place a duty on businesses to "
            "focus on stopping people becoming radicalised. However, managing the risks and safeguarding "
            "vulnerable people working as well as living in the City plays an important role in reducing "
            "risk.\n\n"
            "Following meetings with representatives from the business community we have found that many had "
            "some understanding of the Prevent Duty, but there was also a clear appetite for more "
            "information and support. Businesses were clearly concerned about potential reputational damage "
            "but also keen to play a role in helping tackle extremism and recognised this could relate to "
            "both business premises and individuals."
        ),
        "actions": [
            {
                "title": "A carefully tailored approach in our engagement with the business community",
                "description": (
                    "We will be applying a carefully tailored approach in our engagement with the business "
                    "community making full use of networks, such as the City of London Crime Prevention "
                    "Association and the Livery Companies."
                ),
                "partners": "City of London Crime Prevention Association; the Livery Companies",
                "national_objective": "prevent2011_sectors",
            },
            {
                "title": "Produce more business friendly materials and run specific training",
                "description": (
                    "Existing WRAP training materials are, understandably, focussed very much at public "
                    "services. Our intention is to produce more business friendly materials and run specific "
                    "training aimed at those working in the City's private sector. We recognise that need "
                    "will vary from sector to sector and will work with businesses representatives to "
                    "produce appropriate materials and tools that can be shared and delivered at scale."
                ),
                "national_objective": "prevent2011_sectors",
                "updates": [
                    _update(
                        dt.date(2017, 11, 3),
                        "amber",
                        (
                            "Demo update: Draft business briefing tested with two firms; changes needed "
                            "before wider use."
                        ),
                    ),
                    _update(
                        dt.date(2018, 2, 23),
                        "green",
                        "Demo update: Business briefing launched; sessions booked with three sector groups.",
                    ),
                ],
            },
        ],
    },
    {
        "title": "Engaging with the voluntary sector",
        "description": (
            "A charity's funds, facilities and name are precious assets and can be vulnerable to "
            "exploitation for terrorist purposes. Those who seek to abuse charities may see them as "
            "vulnerable targets because of the high level of public trust and confidence there is in the "
            "charitable sector. In November 2016 we ran a specialist workshop designed to provide an "
            "understanding of the Prevent Strategy in the voluntary sector. We also arranged for the City of "
            "London Police's National Fraud Intelligence Bureau to provide guidance and advice on how to "
            "protect an organisation from the threat of terrorism and the current cyber threats circulating "
            "in the charitable sector."
        ),
        "actions": [
            {
                "title": "Continue to engage with the voluntary sector",
                "description": (
                    "We will continue to engage with the voluntary sector with the help of the City of "
                    "London Voluntary Sector Forum whose members include registered charities, trusts, "
                    "foundations, community interest companies and social enterprises who are based or "
                    "deliver services in the City."
                ),
                "partners": "City of London Voluntary Sector Forum",
                "national_objective": "prevent2011_sectors",
            },
            {
                "title": (
                    "Explore the demand for specific materials to support this sector in tackling extremism"
                ),
                "description": (
                    "We will also explore the demand for specific materials to support this sector in "
                    "tackling extremism."
                ),
                "national_objective": "prevent2011_sectors",
            },
        ],
    },
    {
        "title": "Engaging with faith communities",
        "description": (
            "There are a large number of places of worship in the City of London in addition to services for "
            "members of faith groups and support facilities that meet the needs of the local community. "
            "These include voluntary and charitable groups, local churches, a synagogue, and prayer "
            "rooms.\n\n"
            "Over the last year there has been additional engagement with our Faith communities to establish "
            "a Faith Network; this being one of the recommendations contained within Lord Toby Harris's "
            "report London's preparedness to respond to a major terrorist incident. We have been grateful "
            "for the support and input we have received and have used it to shape our engagement strategy "
            "going forward. We will work to engage more consistently across a range of issues and improve "
            "our two way communication. This is essential for two reasons, to ensure we can provide advice "
            "and guidance in the event of a terrorist attack or major incident, and also to allow faith "
            "groups to have the confidence to report concerns and issues to us."
        ),
        "actions": [
            {
                "title": "Attend and support events and meetings throughout the year",
                "description": "Attend and support events and meetings throughout the year.",
                "national_objective": "prevent2011_sectors",
            },
            {
                "title": "Include our faith group network as part of our general communication work",
                "description": (
                    "We will include our faith group network as part of our general communication work."
                ),
                "national_objective": "prevent2011_sectors",
            },
            {
                "title": "Ensure that representatives know who to contact over concerns",
                "description": (
                    "Ensure that representatives know who to contact over concerns linked to community "
                    "concerns and tensions."
                ),
                "national_objective": "prevent2011_sectors",
            },
            {
                "title": "Access and knowledge to Argus and Griffin training packages",
                "description": (
                    "We will also be working with faith and community leaders to ensure that where "
                    "appropriate they have access and knowledge to Argus and Griffin training packages as "
                    "well as providing them with up to date intelligence and warning of emerging threats."
                ),
                "national_objective": "contest_protect",
                "updates": [
                    _update(
                        dt.date(2018, 1, 19),
                        "green",
                        "Demo update: Griffin session held for faith leaders at a City church.",
                    ),
                ],
            },
        ],
    },
    {
        "title": "Safeguarding vulnerable people",
        "description": (
            "It is vital that we have clear and robust safeguarding arrangements in place if we are to "
            "identify and support those at risk of radicalisation. The evidence available clearly shows that "
            "many of those that come to notice are faced with a number of vulnerability issues. Within the "
            "City of London Corporation the Prevent duty is well embedded within our current safeguarding "
            "processes. However, we need to work to maintain this situation and adapt as new challenges "
            "emerge."
        ),
        "actions": [
            {
                "title": (
                    "Continue to work in partnership with the City of London Police and colleagues across "
                    "our community services to identify and manage risk"
                ),
                "description": (
                    "Adult and children's services will continue to work in partnership with the City of "
                    "London Police and colleagues across our community services to identify and manage risk."
                ),
                "lead_agency": "Adult and children's services",
                "partners": "City of London Police",
                "national_objective": "prevent2011_support",
            },
            {
                "title": "Report all Channel Panel activity into the City and Hackney Safeguarding Boards",
                "description": (
                    "We will continue to report all Channel Panel activity into the City and Hackney "
                    "Safeguarding Boards as well as the CONTEST steering group."
                ),
                "national_objective": "prevent2011_support",
                "updates": [
                    _update(
                        dt.date(2017, 7, 14),
                        "green",
                        "Demo update: Quarterly Channel report made to both Safeguarding Boards.",
                    ),
                    _update(
                        dt.date(2017, 10, 20),
                        "green",
                        (
                            "Demo update: Quarterly Channel report made; also taken to the CONTEST steering "
                            "group."
                        ),
                    ),
                ],
            },
            {
                "title": "Actively promote WRAP training to all colleagues",
                "description": (
                    "We will actively promote WRAP training to all colleagues with the provision of bespoke "
                    "training upon request for colleagues working in safeguarding environments."
                ),
                "national_objective": "prevent2011_support",
            },
        ],
    },
]

# =================================================================================================
# Safer City Partnership Strategic Plan 2016-2017
# =================================================================================================

SAFER_CITY_SUMMARY = (
    "Our vision is for the City of London to remain a safe place to work, live, visit and socialise.\n\n"
    "We will achieve this by making the best possible use of the resources that we as a partnership can "
    "bring together to meet the needs of the City in relation to crime reduction and anti-social "
    "behaviour.\n\n"
    "To support the delivery of this strategy we will be developing an Implementation Plan to help measure "
    "our progress toward our objectives. This will provide the basis for our annual review in March 2017 and "
    "will help inform and refresh our strategy for the year ahead."
)

SAFER_CITY_OBJECTIVES: list[DemoObjective] = [
    {
        "reference": "Priority 1",
        "title": "Violence against the person",
        "description": (
            "Objective: Ensure those that live, work and visit the City are protected from violent crime\n\n"
            "Nationally and across Greater London there has been an increase in violent crime. The City has "
            "also witnessed a rise in this type of crime and given the harm to victims and the concerns of "
            "our communities this has been identified as a priority for the coming year. Violence against "
            "the person covers a wider variety of offences and incidents. The type of incidents covered "
            "range from where a victim may have experienced severe physical or mental harm through to those "
            "where there is little or no injury. The specific crime types include, sexual violence, domestic "
            "abuse and violence, violence with and without injury (the latter includes on-line harassment "
            "and internet stalking), and child sexual exploitation. Within the City, as in many areas, a "
            "significant proportion of our violent offences take place within the context of the Night Time "
            "Economy and so activities to tackle this problem also link to that priority area."
        ),
        "actions": [
            {
                "title": (
                    "Improve our understanding of the nature of violent crime within the City by undertaking "
                    "research and using all available data. This will support evidence based and targeted "
                    "responses."
                ),
                "description": (
                    "Working with our partners and external experts we will develop a more comprehensive "
                    "understanding of the scale and types of violence experienced within the City. For "
                    "example not all incidents come to the attention of the police or the medical services. "
                    "While we have an understanding of violence associated with the Night Time Economy and "
                    "excessive alcohol consumption scope exists to improve the picture around other areas "
                    "including human trafficking and modern slavery, Child Sexual Exploitation, domestic "
                    "violence and vulnerable people. This will be used to help inform improved "
                    "communications with business, residents and visitors."
                ),
            },
            {
                "title": (
                    "Increase understanding of the issues around domestic abuse and how to access help and "
                    "support"
                ),
                "description": (
                    "We will provide training for our partners, resident groups and City employers to "
                    "increase awareness of domestic abuse. This will include guidance on how incidents "
                    "should be handled while also promoting what services are available to help those "
                    "experiencing domestic abuse. Evidence demonstrates that improved handling of domestic "
                    "abuse cases can significantly reduce risk to individuals."
                ),
                "updates": [
                    _update(
                        dt.date(2016, 9, 30),
                        "green",
                        (
                            "Demo update: Awareness sessions run for two resident groups and an employers' "
                            "HR forum."
                        ),
                    ),
                ],
            },
            {
                "title": (
                    "Train City of London Corporation front line staff in risk assessment and safety "
                    "planning for domestic abuse"
                ),
                "description": (
                    "Use specialist trainers to ensure City of London staff who come into regular contact "
                    "with our communities understand the principles and application of risk assessment and "
                    "safety planning in the context of domestic abuse, stalking and harassment."
                ),
            },
            {
                "title": (
                    "Engage with those working and living in the City to raise awareness of abusive "
                    "behaviour and promote the range of services available to support victims."
                ),
                "description": (
                    "This will be a central part of our new communication approach and will see us make "
                    "improved use of our web presence and social media as well as making use of traditional "
                    "media. We will also work with colleagues to utilise existing communication channels, "
                    "such as residents' newsletters. Building on the success of the Party People and Eat, "
                    "Drink and Be Safe campaigns we shall advise people on how to reduce their vulnerability "
                    "and risk when out socialising, for example by only using licensed taxis. The "
                    "Partnership will run public engagement activities to raise awareness on abusive "
                    "behaviour, avoiding g violent crime and the support services available in the City."
                ),
            },
            {
                "title": "Develop a Strategy to tackle Violence Against Women and Girls (VAWG)",
                "description": (
                    "The Partnership is committed to tackling the issue of violence against women and girls "
                    "in the City. Internally, a City-wide VAWG strategy is under development by the Domestic "
                    "Abuse Forum and work with the City and Hackney Adult and Children's Safeguarding "
                    "Boards. Over the coming year this work will also call upon the expertise of community "
                    "and voluntary sector services. This strategy will be completed in early 2017"
                ),
                "timescale": "early 2017",
                "target_date": None,
                "lead_agency": "Domestic Abuse Forum",
                "partners": "City and Hackney Adult and Children's Safeguarding Boards",
                "updates": [
                    _update(
                        dt.date(2016, 10, 28),
                        "green",
                        "Demo update: Drafting group formed with voluntary sector services.",
                    ),
                    _update(
                        dt.date(2017, 2, 24),
                        "amber",
                        (
                            "Demo update: Draft strategy out for consultation; sign-off likely to slip past "
                            "March."
                        ),
                    ),
                ],
            },
        ],
    },
    {
        "reference": "Priority 2",
        "title": "Night Time Economy Crime and Nuisance",
        "description": (
            "Objective: To promotes a City that is safe and pleasant to socialise in\n\n"
            "The City's entertainment and hospitality sector has developed considerably over recent years. "
            "We are now a recognised Night Time Economy (NTE) destination with both the benefits and the "
            "challenges that brings. From a community safety perspective this raises concerns around "
            "violence, noise and anti-social behaviour. Serious and Organised Crime groups can seek "
            "opportunity within the NTE and this is often associated with both violence and drug dealing. "
            "There are also those who seek to commit theft from those out socialising. Building on "
            "established good work, such as the City's licensing scheme and work funded by the Late Night "
            "Levy, we intend to tackle these issues and help maintain the City as a safe and vibrant place "
            "to visit and enjoy."
        ),
        "actions": [
            {
                "title": "Improve our understanding of the nature and scope of the City's Night Time Economy",
                "description": (
                    "The Night Time Economy is a complex area and includes a wide range of differing "
                    "activities and venue. These present different risks and opportunities for crime and "
                    "nuisance. Over this year we will map the City's Night Time Economy policy area to help "
                    "provide a picture of the numbers of people coming into the City, the type of venues the "
                    "visit and the risk profiles associated with these. This would include looking at the "
                    "issue of the supply of drugs and we will continue our innovative work around "
                    "identifying the type of substance misuse we see in the City and looking at the Serious "
                    "and Organised Crime groups involved in their supply. We will also look at impact of the "
                    "changes in night time economy on the City and its residents."
                ),
            },
            {
                "title": (
                    "Promote the Safety Thirst scheme to more premises and maximise its potential as a "
                    "vehicle to promote community safety."
                ),
                "description": (
                    "Safety Thirst is the City's long running scheme to promote excellence within the "
                    "licensed trade. Premises who apply to scheme are evaluated against stringent criteria "
                    "and those who have shown a commitment to reducing crime and ASB, whilst helping to "
                    "ensure that there is a safe and pleasant environment for people to socialise in are "
                    "awarded a Safety Thirst certificate. For this year the aim is to engage up to 80 "
                    "premises."
                ),
                "updates": [
                    _update(
                        dt.date(2016, 7, 29), "amber", "Demo update: 31 premises engaged so far this year."
                    ),
                    _update(
                        dt.date(2016, 12, 16),
                        "green",
                        "Demo update: 68 premises engaged; awards evening held.",
                    ),
                ],
            },
            {
                "title": (
                    "Develop new approaches to address problems associated with our Night Time Economy "
                    "during periods of peak demand"
                ),
                "description": (
                    "We will explore the potential of Alcohol Recovery Centres and other initiatives to "
                    "protect vulnerable individuals and in doing so seek to reduce the demands placed on "
                    "emergency service resources. Building on the success of previous seasonal campaigns we "
                    "will also provide those working within the City with advice to help them avoid harms "
                    "(including being a victim of crime) when socialising in the City. There will also be "
                    "improved public communications highlighting how to avoid violence and that it will not "
                    "be tolerated. This year we will be utilising the partnership approaches promoted by the "
                    "Modern Crime Prevention Strategy to work more closely with Public Health colleagues and "
                    "others to reduce violence and other offences linked to alcohol consumption this will "
                    "include measures to help improve the safety of crowded places. The City of London "
                    "Corporation's Statement of Licensing Policy will requires all new applications to "
                    "include a noise management plans and effective dispersal policy to help prevent "
                    "nuisance and Anti-Social Behaviour."
                ),
            },
        ],
    },
    {
        "reference": "Priority 3",
        "title": "Acquisitive Crime",
        "description": (
            "Objective: Ensure that those who live, work and visit the City are protected against "
            "acquisitive crime\n\n"
            "There has been considerable success in tackling acquisitive crime within the City over recent "
            "years. Yet we are aware that the nature of this type of crime is evolving. Increasingly the "
            "threat comes from on-line fraud or is masked by those purporting to be legitimate companies. We "
            "intend to further improve our response to these emerging threats. However, we also want to "
            "maintain a focus on offences such as the theft of bags, phone and computers, which tend to "
            "occur in cafes, restaurants, bars and to a lesser extent on the street. Work in this area links "
            "closely to other priority areas such as the Night Time Economy and Violence Against the Person. "
            "It is also important to build the success achieved around reducing bicycle theft and improved "
            "security for motorcycles."
        ),
        "areas_of_focus": [
            {
                "title": (
                    "Helping Protect the City of London's Reputation as the world's leading financial centre "
                    "from the impact of acquisitive crime"
                ),
                "description": (
                    "Objective: Helping Protect the City of London's Reputation as the world's leading "
                    "financial centre from the impact of acquisitive crime\n\n"
                    "Criminals engaged in fraudulent investment businesses target elderly and vulnerable "
                    "consumers across the United Kingdom and encourage them to invest money in products that "
                    "are overpriced, fail to exist or simply fail to deliver the returns that are promised. "
                    "Often, to give fraudulent investment schemes some credibility, the criminals behind "
                    "them try and associate themselves with the City of London through the use of "
                    "prestigious City addresses in their literature or on their websites. Operation Broadway "
                    "is an initiative that has been running since summer 2014 and brings together a number "
                    "of partners to respond to this challenge."
                ),
                "actions": [
                    {
                        "title": "Continue to support the Operation Broadway initiative",
                        "description": (
                            "We will continue to support the Operation Broadway initiative to develop our "
                            "intelligence picture and undertake joint visits to identified premises. We will "
                            "also be working to identify the funding for an additional Trading Standards "
                            "Officer to support this work across Greater London as Operation Broadway "
                            "displaces activity from with the City."
                        ),
                        "updates": [
                            _update(
                                dt.date(2016, 11, 25),
                                "amber",
                                (
                                    "Demo update: Joint visits continuing; funding for the extra Trading "
                                    "Standards Officer not yet found."
                                ),
                            ),
                        ],
                    },
                ],
            },
        ],
        "actions": [
            {
                "title": "Protecting our residents, City workers and businesses from on-line fraud.",
                "description": (
                    "We will be developing materials, and utilising our webpages and print literature, to "
                    "help inform different City communities on how they can protect themselves from on- line "
                    "fraud. We will also be providing training for front line staff (those who work with our "
                    "vulnerable residents and other groups) to ensure they understand the risks and how to "
                    "report concerns around such crimes."
                ),
            },
            {
                "title": (
                    "Utilise various events and forums to provide advice and guidance on how to prevent "
                    "acquisitive crime from taking place"
                ),
                "description": (
                    "This will include traditional activity such as bike frame marking but also make best "
                    "use of resident meetings, and engagement with businesses to provide information on "
                    "emerging trends as well as advice on how to avoid becoming a victim"
                ),
            },
            {
                "title": "Help promote the City as a safe place to cycle.",
                "description": (
                    "We will work alongside Road Safety colleagues to promote personal safety advice around "
                    "cycling alongside improved locking, the use of interior bike bays and secure bike "
                    "racks. We will target areas, such as gyms, which have been targeted by thieves"
                ),
            },
            {
                "title": "Work to reduce the theft of motorbikes and scooters",
                "description": (
                    "Using the latest data and adopting best practice approaches we will work with riders, "
                    "businesses and other partners to improve security around motorbikes, for example by the "
                    "use of ground anchors and other measures."
                ),
            },
            {
                "title": (
                    "Raising awareness of associated risks of cyber enable crime through City of London "
                    "Police"
                ),
                "description": (
                    "It is widely distinguished that the City of London Police are the National Policing "
                    "Lead for Economic Crime due to the nature of the build-up of the City. The Partnership "
                    "therefore makes it a key theme of its strategic plan to help aid the City of London "
                    "Police in addressing the challenges of cyber enabled crime in the City.\n\n"
                    "Economic cybercrime is evolving rapidly, at a scale and speed that has not been seen "
                    "before. The Partnership is enthusiastic to raise awareness of associated risks of this "
                    "crime by working closely with businesses in the City. This would be seen to be a "
                    "pre-emptive and open dialogue with businesses to prevent and raise awareness of cyber "
                    "enabled crime."
                ),
                "partners": "City of London Police",
            },
            {
                "title": "Reduce acquisitive crime within the NTE over the Christmas and other peak periods",
                "description": (
                    "Linking with activity aimed at those enjoying our night time economy we will run "
                    "specific campaigns to encourage people to look after their personal belongings and "
                    "themselves while out socialising in the City. This will also provide the opportunity to "
                    "work with colleagues promoting public health messages"
                ),
                "updates": [
                    _update(
                        dt.date(2017, 1, 13),
                        "complete",
                        "Demo update: Christmas campaign ran through December in bars and restaurants.",
                    ),
                ],
            },
        ],
    },
    {
        "reference": "Priority 4",
        "title": "Anti-Social Behaviour",
        "description": (
            "Objective: Reduce the causes and opportunities for Anti-Social Behaviour (ASB)\n\n"
            "Anti-Social Behaviour is a concern to both our residents and those who work in or visit the "
            "City. Work undertaken by the City of London Police and surveys of our residents have "
            "highlighted specific concerns for us to address. We are aware that many of the issues around "
            "ASB in the City have been noise linked to licensed premises, drunk or rowdy behaviour, rough "
            "sleeping and inconsiderate road use. There are also other issues which may particularly impact "
            "on the most vulnerable.\n\n"
            "Tackling ASB is a national and City of London priority so while we have seen a reduction of "
            "reported incidents over the past two years we are committed to doing more. We shall continue "
            "the work of Operation Fennel, which works to reduce begging, and Operation Acton, which deploy "
            "a problem solving approach to deal with persistent rough sleepers. The creation of a Joint "
            "Contact and Control Room provides the opportunity to bring together and improve the City's "
            "handling and response to ASB."
        ),
        "actions": [
            {
                "title": "Improve data sharing and the management of ASB issues",
                "description": (
                    "Over the coming year we will work to improve how we collect, share and use data, "
                    "particularly in regard to cases involving vulnerable individuals. The recently "
                    "established City Community Multi Agency Risk Assessment Conference (CCM) approach has "
                    "already demonstrated potential and will be further developed over the coming year. We "
                    "shall also work to identify all settings where ASB issues can emerge and bring together "
                    "all relevant data. This will help us to put in place the resources to help prevent and "
                    "respond to problems."
                ),
            },
            {
                "title": "Improve the use of enforcement powers to tackle persistent offending behaviours",
                "description": (
                    "The Partnership will work together to improve the use of available enforcement powers "
                    "to improve our response to those who persist in committing ASB and offending "
                    "behaviours. Persistent begging will be targeted with individuals in need offered "
                    "support to address underlying issues. Those who sleep rough in the City will be "
                    "supported to get them off the streets and into secure accommodation, alongside outreach "
                    "activities to tackle substance misuse and mental health issues."
                ),
            },
            {
                "title": (
                    "Implement the City of London Community Remedy, a community-based restorative practice "
                    "programme allowing out-of-court punishment to perpetrators of low-level crime"
                ),
                "description": (
                    "The Partnership previously has established the City of London Community Remedy, a "
                    "community-based restorative practice programme. This involves victims of crime deciding "
                    "on an out-of-court punishment for perpetrator(s) of low-level crime and anti-social "
                    "behaviour. The Partnership remains dedicated to implementing this programme further as "
                    "and when appropriate.\n\n"
                    "The Community Safety Team will be at the forefront of this programme, working with the "
                    "City of London Police. By implementing this further and increasing its usage, the "
                    "Community Remedy will positively impact on those who visit, live and work in the City "
                    "of London. It will also allow for swift justice to be delivered to victims and bring "
                    "first time low level offenders rapidly to account."
                ),
                "lead_agency": "Community Safety Team",
                "partners": "City of London Police",
                "updates": [
                    _update(
                        dt.date(2016, 10, 14),
                        "green",
                        "Demo update: Community Remedy used in four cases this quarter.",
                    ),
                ],
            },
            {
                "title": (
                    "Provide training on existing and new legislations and trends to all relevant staff and "
                    "partners"
                ),
                "description": (
                    "The Partnership will continue to provide refreshment seminars on existing and new "
                    "legislations and trend to all the partners, in order for them to successfully carry out "
                    "their duties. Over recent years there have been many changes in the law and also "
                    "developing experience in using different remedies. We will work to ensure that relevant "
                    "Corporation, City Police and other colleagues are aware of emerging challenges and the "
                    "appropriate responses to deal with these. There will be specific work undertaken on how "
                    "to identify those who may be vulnerable or at particular risk. Work will also be "
                    "undertaken to improve our residents and day time population's understanding of what "
                    "constitutes ASB and how to report it."
                ),
            },
        ],
    },
    {
        "reference": "Priority 5",
        "title": "Supporting the Counter Terrorism Strategy Through Delivery of the Prevent Strategy",
        "description": (
            "Objective: Meet our commitment to help protect vulnerable individuals from extremist "
            "ideologies.\n\n"
            "Prevent forms part of CONTEST, the United Kingdom's Counter Terrorism Strategy. Other elements "
            "being Pursue, Protect and Prepare. is the element of the Government's Counter—Terrorism "
            "Strategy which seeks to protect vulnerable individuals from being radicalised. The "
            "Counter-Terrorism and Security Act (2015) places a duty on the City of London Corporation and "
            "other public bodies to have 'due regard to the need to prevent people from being drawn into "
            "terrorism'. The National Prevent Strategy outlines three strands to an effective local "
            "response. Ideology: challenging radical ideology and disrupting the ability of extremist groups "
            "to promote it. Supporting Vulnerable Victims: Building upon existing multi-agency and "
            "safeguarding frameworks to identify and support people at risk of radicalisation. Working with "
            "other sectors. To co-operate with those working in education, faith, health, criminal justice "
            "and voluntary sector settings to ensure they are no ungoverned spaces in which extremism is "
            "allowed to flourish unchallenged.\n\n"
            "While the City of London is designated by the Government as a non-priority area we are "
            "committed to helping protect our communities. A significant focus of our attention will be on "
            "providing training to those coming into contact with our communities. Over the coming year we "
            "will be undertaking a programme of work to meet this objective and so help keep the City safe "
            "while supporting our communities. While the recent focus has often been on young people we know "
            "that a wide range of individuals are vulnerable to exploitation by those peddling extremist "
            "ideologies.\n\n"
            "Prevent provides an opportunity to intervene to support individuals before any criminality has "
            "occurred. There is a clear focus on safeguarding the individual and helping address the issues "
            "which are making them vulnerable."
        ),
        "actions": [
            {
                "title": "Increase engagement and confidence amongst partners and our communities on Prevent",
                "description": (
                    "As part of our communications work we will be promoting an understanding of Prevent "
                    "within our communities and with our partners. It is important that there is an accurate "
                    "understanding of Prevent and its referral process, known as Channel, and how this fits "
                    "alongside other safeguarding approaches.\n\n"
                    "This will include public facing events with our various communities and the development "
                    "of specific materials to highlight Prevent and how advice and support can be accessed."
                ),
                "national_objective": "contest_prevent",
                "updates": [
                    _update(
                        dt.date(2016, 11, 4),
                        "amber",
                        "Demo update: Leaflet drafted; first public event postponed to the new year.",
                    ),
                ],
            },
            {
                "title": (
                    "Improve processes to identify and support vulnerable people at risk of radicalisation"
                ),
                "description": (
                    "This work will be led by the Community Safety Team and City of London Police. They will "
                    "strengthen the multi-agency pre-screening process as part of the Channel Process to "
                    "filter and review new referrals within the nationally mandated timeframes.\n\n"
                    "The City of London Police and the Community Safety Team will also be developing "
                    "additional information sharing agreements with external agencies such as schools, "
                    "universities, health and representative community groups to deter and support those at "
                    "the risk of radicalisation.\n\n"
                    "We will also improve our connections with key partners such as the City of London "
                    "Health and Wellbeing Board and City Hackney Children Safeguarding Boards to ensure our "
                    "work is mutually supportive."
                ),
                "lead_agency": "Community Safety Team and City of London Police",
                "national_objective": "prevent2011_support",
                "updates": [
                    _update(
                        dt.date(2016, 8, 26),
                        "green",
                        (
                            "Demo update: Pre-screening meeting now held weekly; referrals reviewed within "
                            "timeframes."
                        ),
                    ),
                    _update(
                        dt.date(2017, 2, 10),
                        "green",
                        (
                            "Demo update: Information sharing agreement signed with one university; two more "
                            "in draft."
                        ),
                    ),
                ],
            },
            {
                "title": "Significantly boost Prevent Training",
                "description": (
                    "In the coming year we will be making training available to all Corporation and partner "
                    "agency staff. This will make use of the Workshop Raising Awareness of Prevent (WRAP) "
                    "package developed by the Home Office to provide an overview of the Prevent Strategy and "
                    "ways of identifying individuals vulnerable to radicalisation, as well as those who "
                    "radicalise. We will also be developing e-learning materials to help reach all staff "
                    "within the City of London Corporation and make it available to our partners and others "
                    "in the City."
                ),
                "national_objective": "prevent2011_support",
                "owned_by_demo_owner": True,
                "updates": [
                    _update(
                        dt.date(2016, 6, 24),
                        "green",
                        "Demo update: Monthly WRAP sessions scheduled for Corporation staff.",
                    ),
                    _update(
                        dt.date(2016, 12, 9),
                        "amber",
                        "Demo update: WRAP sessions running; e-learning materials delayed into 2017.",
                    ),
                    _update(
                        dt.date(2017, 3, 24),
                        "green",
                        "Demo update: WRAP offered to partner agencies; e-learning module in testing.",
                    ),
                ],
            },
        ],
    },
]

STRATEGIES: list[DemoStrategy] = [
    {
        "title": "City Prevent Strategy 2017-18",
        "period_start": dt.date(2017, 4, 1),
        "period_end": dt.date(2018, 3, 31),
        "status": "active",
        "source": "City of London Corporation, City Prevent Strategy 2017 - 18",
        "summary": PREVENT_SUMMARY,
        "objectives": PREVENT_OBJECTIVES,
    },
    {
        "title": "Safer City Partnership Strategic Plan 2016-17",
        "period_start": dt.date(2016, 4, 1),
        "period_end": dt.date(2017, 3, 31),
        "status": "closed",
        "source": (
            "Safer City Partnership (the City of London's community safety partnership), Safer City "
            "Partnership Strategic Plan 2016-2017"
        ),
        "summary": SAFER_CITY_SUMMARY,
        "objectives": SAFER_CITY_OBJECTIVES,
    },
]
