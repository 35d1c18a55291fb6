"""The figures training offers to plans' measures (govuk.measures): completions of a
course in a period, people with a valid completion as a percentage of a group, and
sessions held. Each is one aggregate query (and one for the words), whatever the data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from accounts.models import Partnership
from govuk.measures import Figure, MeasureSource, Parameter, Unit, long_date, period_words
from lib.dates import add_months
from lib.errors import Refused
from partners.measures import organisation_choices, sector_choices
from partners.models import Contact, Organisation, StaffCount, StaffGroup
from training import compliance
from training.models import Completion, Course, RequirementRule, Session, SessionStatus

# How deep "an organisation and those under it" reaches: a council, its services and
# their teams; a trust, its schools.
LEVELS = 3

PEOPLE = "people"
STAFF_COUNT = "staff_count"


def course_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = Course.objects.filter(Q(partnership=None) | Q(partnership=partnership), active=True)
    return [(str(pk), title) for pk, title in rows.values_list("pk", "title")]


def staff_group_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = StaffGroup.objects.filter(Q(partnership=None) | Q(partnership=partnership), active=True)
    return [(str(pk), label) for pk, label in rows.values_list("pk", "label")]


def denominator_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    return [
        (PEOPLE, "People known in the register (contacts in post on the date)"),
        (STAFF_COUNT, "Staff numbers recorded for the staff group (the latest count on or before the date)"),
    ]


def _under(organisation_id: str, path: str) -> Q:
    """`path` (a lookup to an organisation) is the organisation or one under it."""
    condition = Q(**{f"{path}_id": organisation_id})
    for level in range(1, LEVELS):
        condition |= Q(**{f"{path}{'__parent' * level}_id": organisation_id})
    return condition


def _scope(partnership: Partnership, params: Mapping[str, str], person: str) -> tuple[Q, list[str]]:
    """The people the parameters narrow to (`person` is the lookup to a contact, "" for
    contacts themselves), and the words that say so."""
    prefix = f"{person}__" if person else ""
    condition = Q()
    words: list[str] = []
    if params.get("organisation"):
        condition &= _under(params["organisation"], f"{prefix}organisation")
        name = Organisation.objects.filter(pk=params["organisation"]).values_list("name", flat=True).first()
        words.append(f"at {name} (and the organisations under it)")
    if params.get("sector"):
        condition &= Q(**{f"{prefix}organisation__sector_id": params["sector"]})
        label = dict(sector_choices(partnership)).get(params["sector"], "")
        words.append(f"in the sector {label}")
    if params.get("staff_group"):
        condition &= Q(**{f"{prefix}staff_group_id": params["staff_group"]})
        group = StaffGroup.objects.filter(pk=params["staff_group"]).values_list("label", flat=True).first()
        words.append(f"in the staff group {group or ''}")
    return condition, words


def _course_words(partnership: Partnership, params: Mapping[str, str]) -> str:
    if not params.get("course"):
        return "any course"
    return Course.objects.filter(pk=params["course"]).values_list("title", flat=True).first() or "the course"


def completions(partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date) -> Figure:
    """Completions recorded with a date in the period (a person who completed twice counts twice)."""
    rows = Completion.objects.filter(partnership=partnership, completed_on__range=(start, end))
    if params.get("course"):
        rows = rows.filter(course_id=params["course"])
    condition, words = _scope(partnership, params, "person")
    number = rows.filter(condition).aggregate(number=Count("pk"))["number"]
    noun = "completion" if number == 1 else "completions"
    text = " ".join(
        [f"{number} {noun} of {_course_words(partnership, params)}", *words, period_words(start, end)]
    )
    return Figure.count(number, text)


def valid_on(partnership: Partnership, on: dt.date, course_id: str | None) -> Q:
    """A completion that counts on `on`: completed by then and, for a course that expires,
    within its validity (a WRAP completion valid for 36 months counts for 36 months)."""
    courses = Course.objects.filter(Q(partnership=None) | Q(partnership=partnership))
    if course_id:
        courses = courses.filter(pk=course_id)
    condition = Q(completed_on__lte=on)
    expiring = Q()
    for pk, months in courses.exclude(validity_months=None).values_list("pk", "validity_months"):
        expiring |= Q(course_id=pk, completed_on__gt=add_months(on, -int(months or 0)))
    lasting = Q(course__validity_months=None)
    if course_id:
        condition &= Q(course_id=course_id)
    return condition & (lasting | expiring)


def _in_post(on: dt.date) -> Q:
    return (Q(started_on__isnull=True) | Q(started_on__lte=on)) & (
        Q(left_on__isnull=True) | Q(left_on__gt=on)
    )


def _needs_a_group(params: Mapping[str, str]) -> None:
    if params.get("denominator") == STAFF_COUNT and not params.get("staff_group"):
        raise Refused("Select a staff group: staff numbers are recorded by staff group", field="staff_group")
    if not any(params.get(name) for name in ("organisation", "sector", "staff_group")):
        raise Refused("Select an organisation, a sector or a staff group to count", field="organisation")


def trained_percentage(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """People in post on the period's last day with a valid completion then, as a
    percentage of the people known in the group (contacts in post), or of the staff
    numbers last recorded for the staff group."""
    on = end
    condition, words = _scope(partnership, params, "")
    valid = Completion.objects.filter(valid_on(partnership, on, params.get("course")), person=OuterRef("pk"))
    people = (
        Contact.objects.filter(partnership=partnership)
        .filter(condition)
        .filter(_in_post(on))
        .annotate(holds_valid=Exists(valid))
        .aggregate(known=Count("pk"), trained=Count("pk", filter=Q(holds_valid=True)))
    )
    course = _course_words(partnership, params)
    scope = " ".join(words)
    if params.get("denominator") == STAFF_COUNT:
        denominator = _staff_count(partnership, params, on)
        which = f"of {denominator} staff recorded in the staff numbers on or before {long_date(on)}"
    else:
        denominator = people["known"]
        which = f"of {denominator} people known in the register in post on {long_date(on)}"
    text = f"{people['trained']} {scope} with a valid completion of {course} on {long_date(on)}, {which}"
    return Figure.percentage(people["trained"], denominator, text)


def _staff_count(partnership: Partnership, params: Mapping[str, str], on: dt.date) -> int:
    """The latest count on or before `on` of the staff group at each organisation in scope, summed."""
    counts = StaffCount.objects.filter(
        organisation__partnership=partnership, staff_group_id=int(params["staff_group"]), counted_on__lte=on
    )
    if params.get("organisation"):
        counts = counts.filter(_under(params["organisation"], "organisation"))
    if params.get("sector"):
        counts = counts.filter(organisation__sector_id=params["sector"])
    later = StaffCount.objects.filter(
        organisation=OuterRef("organisation"),
        staff_group=OuterRef("staff_group"),
        counted_on__gt=OuterRef("counted_on"),
        counted_on__lte=on,
    )
    total = counts.filter(~Exists(later)).aggregate(total=Sum("number"))["total"]
    return int(total or 0)


def organisations_reached(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """Organisations with at least one of their people completing in the period ("1,800
    staff in 53 institutions": the 53)."""
    rows = Completion.objects.filter(partnership=partnership, completed_on__range=(start, end))
    if params.get("course"):
        rows = rows.filter(course_id=params["course"])
    condition, words = _scope(partnership, params, "person")
    number = rows.filter(condition).aggregate(number=Count("person__organisation", distinct=True))["number"]
    noun = "organisation" if number == 1 else "organisations"
    text = " ".join(
        [
            f"{number} {noun} with a completion of {_course_words(partnership, params)}",
            *words,
            period_words(start, end),
        ]
    )
    return Figure.count(number, text)


def sessions_held(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """Sessions marked held that started in the period."""
    rows = Session.objects.filter(
        partnership=partnership, status=SessionStatus.HELD, starts_at__date__range=(start, end)
    )
    if params.get("course"):
        rows = rows.filter(course_id=params["course"])
    words = []
    if params.get("organisation"):
        rows = rows.filter(_under(params["organisation"], "host"))
        name = Organisation.objects.filter(pk=params["organisation"]).values_list("name", flat=True).first()
        words.append(f"hosted by {name} (or an organisation under it)")
    number = rows.aggregate(number=Count("pk"))["number"]
    noun = "session" if number == 1 else "sessions"
    text = " ".join(
        [f"{number} {noun} of {_course_words(partnership, params)} held", *words, period_words(start, end)]
    )
    return Figure.count(number, text)


def rule_choices(partnership: Partnership) -> Sequence[tuple[str, str]]:
    rows = RequirementRule.objects.filter(partnership=partnership, active=True)
    return [(str(pk), name) for pk, name in rows.values_list("pk", "name")]


def rule_compliance(
    partnership: Partnership, params: Mapping[str, str], start: dt.date, end: dt.date
) -> Figure:
    """The share of a requirement rule's audience trained on the period's last day, rounded
    down like its compliance page. For a period not yet over, today's figure as the page
    shows it (read from the compliance summary); for an earlier period, counted from the
    records (`_rule_figures_on`), since the summary keeps only each person's latest
    completion and today's audience, which would give every past quarter today's figure."""
    rule = RequirementRule.objects.get(partnership=partnership, pk=params["rule"])
    today = compliance.today()
    if end >= today:
        on = today
        figures = compliance.by_rule([rule], on=on)[0].figures
    else:
        on = end
        figures = _rule_figures_on(rule, on)
    percent = figures.percent
    return Figure(
        None if percent is None else Decimal(str(percent)),
        f"people under the rule {rule.name} with a valid completion on {long_date(on)}, "
        "of the people recorded in its audience and any staff declared beyond them",
        figures.trained,
        figures.denominator,
    )


def _rule_figures_on(rule: RequirementRule, on: dt.date) -> compliance.Figures:
    """The rule's audience in post on `on`, and those of them who then held a completion of
    one of its courses that still counted: completed by `on` and, under a refresher, not
    yet due again (training.compliance.dates_for), with the staff declared then beyond the
    people recorded (training.compliance.unrecorded). A few queries."""
    valid = Completion.objects.filter(
        person=OuterRef("pk"), course_id__in=rule.courses.values("pk"), completed_on__lte=on
    )
    if rule.refresher_months:
        valid = valid.filter(completed_on__gt=_lapsed_by(on, rule.refresher_months))
    rows = (
        compliance.audience(rule)
        .filter(_in_post(on))
        .annotate(holds_valid=Exists(valid))
        .values("organisation_id")
        .annotate(audience=Count("pk"), trained=Count("pk", filter=Q(holds_valid=True)))
        .values_list("organisation_id", "audience", "trained")
        .order_by()
    )
    figures = compliance.Figures()
    recorded = {}
    for organisation_id, audience, trained in rows:
        figures.audience += audience
        figures.trained += trained
        recorded[(rule.pk, organisation_id)] = audience
    beyond = compliance.unrecorded([rule], on=on, recorded=recorded)
    figures.unrecorded = sum(number for number, _ in beyond.values())
    return figures


def _lapsed_by(on: dt.date, months: int) -> dt.date:
    """The last completion date whose refresher falls due on or before `on`. Adding months
    shortens a month's end (31 December and six months is 30 June), so the day is found
    forward from `on` less the months rather than taken from it."""
    last = add_months(on, -months)
    while add_months(last + dt.timedelta(days=1), months) <= on:
        last += dt.timedelta(days=1)
    return last


COURSE = Parameter("course", "Course", course_choices, hint="Leave empty to count any course.")
ORGANISATION = Parameter(
    "organisation", "Organisation", organisation_choices, hint="The organisation and those under it."
)
SECTOR = Parameter("sector", "Sector", sector_choices)
STAFF_GROUP = Parameter("staff_group", "Staff group", staff_group_choices)

MEASURES = (
    MeasureSource(
        code="training.rule_compliance",
        label="Compliance with a training requirement",
        unit=Unit.PERCENTAGE,
        parameters=(Parameter("rule", "Requirement", rule_choices, required=True),),
        compute=rule_compliance,
        hint="As the requirement's compliance page counts it, on the last day of the period (or today); "
        "an earlier period counts the people in post then and the completions dated by then.",
    ),
    MeasureSource(
        code="training.completions",
        label="Completions of a course",
        unit=Unit.COUNT,
        parameters=(COURSE, ORGANISATION, SECTOR, STAFF_GROUP),
        compute=completions,
        hint="Completions dated in the period; someone who completed twice counts twice.",
    ),
    MeasureSource(
        code="training.trained_percentage",
        label="Percentage of a group with a valid completion",
        unit=Unit.PERCENTAGE,
        parameters=(
            COURSE,
            ORGANISATION,
            SECTOR,
            STAFF_GROUP,
            Parameter(
                "denominator",
                "Out of",
                denominator_choices,
                hint="People known in the register unless you choose the staff numbers.",
            ),
        ),
        compute=trained_percentage,
        hint="Counted on the last day of the period (or today, if that is sooner); a completion counts "
        "while it is valid.",
        check=_needs_a_group,
    ),
    MeasureSource(
        code="training.organisations_reached",
        label="Organisations whose staff completed a course",
        unit=Unit.COUNT,
        parameters=(COURSE, SECTOR),
        compute=organisations_reached,
        hint="Organisations with at least one completion dated in the period.",
    ),
    MeasureSource(
        code="training.sessions_held",
        label="Sessions held of a course",
        unit=Unit.COUNT,
        parameters=(COURSE, ORGANISATION),
        compute=sessions_held,
        hint="Sessions marked as held that started in the period.",
    ),
)
