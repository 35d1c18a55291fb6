"""The lists the Home Office statistics use, and the Vulnerability Assessment Framework,
as first loaded. They are data, not code: a list changes by a data migration, not a
release of the logic. Labels marked "Configuration (unverified)" in docs/domain.md ("Types
of concern and referral sectors") are best current knowledge and are meant to be checked
against the published data tables."""

CONCERN_TYPES = [
    ("islamist", "Islamist"),
    ("extreme_right_wing", "Extreme right-wing"),
    ("left_anarchist_single_issue", "Left-wing, anarchist or single-issue"),
    ("no_clear_ideology", "No clear ideology"),
    ("mixed_unclear_unstable", "Mixed, unclear or unstable"),
    ("conflicted", "Conflicted"),
    ("school_massacre", "School massacre"),
    ("incel", "Incel"),
    ("vulnerability_no_ideology", "Vulnerability present but no ideology or counter-terrorism risk"),
    ("no_risk", "No risk present"),
    ("other", "Other"),
    # Added by migration 0013: the referrer does not know. Counted as "Other" (COUNTED_AS).
    ("not_sure", "Not sure"),
]

# Types of concern the Home Office statistics have no category for, and the one they are
# counted in (cases.statistics.breakdown).
COUNTED_AS = {"not_sure": "other"}

SECTORS = [
    ("education", "Education"),
    ("police", "Police"),
    ("local_authority", "Local authority"),
    ("health", "Health"),
    ("prisons_probation", "Prisons and probation"),
    ("community", "Community"),
    ("friends_family", "Friends and family"),
    ("other", "Other"),
]

SUPPORT_SERVICES = [
    ("early_help", "Early Help"),
    ("childrens_social_care", "Children's social care"),
    ("adult_social_care", "Adult social care"),
    ("mental_health", "Mental health services"),
    ("youth_justice", "Youth justice service"),
    ("education_support", "School or college support"),
    ("housing", "Housing"),
    ("substance_misuse", "Drug and alcohol services"),
    ("police_safeguarding", "Police safeguarding (not Prevent)"),
    ("other", "Another service"),
]

# Support documented in the Channel guidance: docs/domain.md, "Support and Intervention Providers".
INTERVENTION_TYPES = [
    ("ideological_mentoring", "Theological or ideological mentoring"),
    ("life_skills", "Life skills"),
    ("anger_management", "Anger management"),
    ("cognitive_behavioural", "Cognitive and behavioural therapy"),
    ("education_skills", "Education skills"),
    ("education_careers", "Education and careers advice"),
    ("mental_health", "Mental and emotional health"),
    ("substance_misuse", "Drug and alcohol support"),
    ("housing", "Housing"),
    ("employment", "Routes into employment"),
    ("diversionary", "Diversionary activity, such as sport"),
    ("family_support", "Family support, including online safety for parents"),
    ("other", "Other support"),
]

# Vulnerability Assessment Framework (Home Office, 23 October 2012): 22 factors, 13 of
# engagement, 6 of intent and 3 of capability, as migration 0002 first loaded them. The
# framework itself is now cases/frameworks/vaf-2012.json (cases/framework_data.py), which
# holds the same factors; these stay for the historical migration. Factor names beyond the 12 engagement
# factors confirmed by a training page are UNVERIFIED against the published PDF
# (docs/domain.md, "Vulnerability Assessment Framework").
VAF_NAME = "Vulnerability Assessment Framework"
VAF_VERSION = "2012"
VAF_FACTORS = {
    "engagement": [
        "Feelings of grievance and injustice",
        "Feeling under threat",
        "Need for identity, meaning and belonging",
        "Desire for status",
        "Desire for excitement and adventure",
        "Need to dominate and control others",
        "Susceptibility to indoctrination",
        "Desire for political or moral change",
        "Opportunistic involvement",
        "Family or friends' involvement in extremism",
        "Being at a transitional time of life",
        "Being influenced or controlled by a group",
        "Relevant mental health issues",
    ],
    "intent": [
        "Over-identification with a group or ideology",
        "'Them and us' thinking",
        "Dehumanisation of the enemy",
        "Attitudes that justify offending",
        "Harmful means to an end",
        "Harmful objectives",
    ],
    "capability": [
        "Individual knowledge, skills and competencies",
        "Access to networks, funding or equipment",
        "Criminal capability",
    ],
}


def load(apps: object) -> None:
    get_model = apps.get_model  # type: ignore[attr-defined]
    for model_name, entries in (
        ("ConcernType", CONCERN_TYPES),
        ("ReferralSector", SECTORS),
        ("SupportService", SUPPORT_SERVICES),
    ):
        model = get_model("cases", model_name)
        for position, (code, label) in enumerate(entries, start=1):
            model.objects.get_or_create(
                partnership=None, code=code, defaults={"label": label, "position": position}
            )
    framework_model = get_model("cases", "AssessmentFramework")
    factor_model = get_model("cases", "AssessmentFactor")
    framework, created = framework_model.objects.get_or_create(
        name=VAF_NAME, version=VAF_VERSION, defaults={"is_current": True}
    )
    if created:
        for dimension, names in VAF_FACTORS.items():
            for position, name in enumerate(names, start=1):
                factor_model.objects.create(
                    framework=framework, dimension=dimension, position=position, name=name
                )


def load_intervention_types(apps: object) -> None:
    model = apps.get_model("cases", "InterventionType")  # type: ignore[attr-defined]
    for position, (code, label) in enumerate(INTERVENTION_TYPES, start=1):
        model.objects.get_or_create(
            partnership=None, code=code, defaults={"label": label, "position": position}
        )
