"""The national courses and the confidence questions every partnership starts with. Validity
periods are local policy (no national refresher interval was found in the sources), so the
seeded values are a starting point each partnership may change on its own courses."""

from django.db import migrations

# (code, title, kind, provider, validity in months or None, description)
COURSES = (
    (
        "prevent-awareness",
        "Prevent duty training: Awareness course",
        "elearning",
        "Home Office",
        24,
        "The entry course, 30 to 40 minutes: what Prevent is, susceptibility, and Notice, Check, Share.",
    ),
    (
        "prevent-referrals",
        "Prevent duty training: Referrals course",
        "elearning",
        "Home Office",
        24,
        "For designated safeguarding leads and others who make referrals; the Awareness course first.",
    ),
    (
        "channel-awareness",
        "Channel awareness",
        "elearning",
        "Home Office",
        24,
        "How Channel panels work; for panel members and those who attend panels.",
    ),
    (
        "prevent-refresher",
        "Prevent duty training: Refresher",
        "elearning",
        "Home Office",
        24,
        "",
    ),
    (
        "wrap",
        "Workshop to Raise Awareness of Prevent (WRAP)",
        "face_to_face",
        "Home Office accredited facilitator",
        36,
        "The classroom workshop, delivered by an accredited facilitator.",
    ),
    (
        "train-the-teacher",
        "Train the Teacher workshop",
        "face_to_face",
        "Local Prevent team",
        None,
        "",
    ),
    ("briefing", "Prevent briefing", "briefing", "Local Prevent team", None, ""),
)

QUESTIONS = (
    "How confident are you that you understand what Prevent is and why it exists?",
    "How confident are you that you would recognise someone who may be susceptible to radicalisation?",
    "How confident are you that you know how to share a concern and who to share it with?",
)


def seed(apps, schema_editor):
    Course = apps.get_model("training", "Course")
    Question = apps.get_model("training", "ConfidenceQuestion")
    for position, (code, title, kind, provider, validity, description) in enumerate(COURSES):
        Course.objects.create(
            code=code,
            title=title,
            kind=kind,
            provider=provider,
            validity_months=validity,
            description=description,
            position=position,
        )
    for position, text in enumerate(QUESTIONS):
        Question.objects.create(text=text, position=position)


def unseed(apps, schema_editor):
    apps.get_model("training", "Course").objects.filter(partnership=None).delete()
    apps.get_model("training", "ConfidenceQuestion").objects.filter(partnership=None).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
