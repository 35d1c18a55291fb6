"""Writes the demo: partnerships, demo users, the plans transcribed from the source
documents and fictional Channel cases, all through the action functions so the audit
log records them."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts import actions as account_actions
from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from cases.models import Referral
from demo import channel, channel_consent, channel_panels, channel_plan, channel_search, channel_support
from demo import community as demo_community
from demo import measures as demo_measures
from demo import partners as demo_partners
from demo import performance_assessment as demo_performance_assessment
from demo import performance_board_pack as demo_board_pack
from demo import performance_equality as demo_performance_equality
from demo import performance_history as demo_history
from demo import performance_indicators as demo_indicators
from demo import performance_returns as demo_performance_returns
from demo import performance_statistics as demo_performance_statistics
from demo import projects as demo_projects
from demo import training as demo_training
from demo import training_history as demo_training_history
from demo import training_rules as demo_training_rules
from demo import venues as demo_venues
from demo.plans import barking_dagenham, city_of_london, tower_hamlets, westminster
from demo.plans.schema import DemoAction, DemoStrategy
from performance import summaries
from plans import actions as plan_actions
from plans.models import Objective

MODULES: tuple[ModuleType, ...] = (tower_hamlets, city_of_london, barking_dagenham, westminster)
ADMIN_EMAIL = "admin@preventhub.demo"

# (mailbox, role, job title, agency)
DEMO_PEOPLE: tuple[tuple[str, Role, str, str], ...] = (
    ("coordinator", Role.COORDINATOR, "Prevent Coordinator", "Council"),
    ("chair", Role.CHAIR, "Channel Panel Chair", "Council"),
    ("police", Role.POLICE, "Police Prevent Officer", "Police"),
    ("panel", Role.PANEL_MEMBER, "Children's Social Care representative", "Children's Social Care"),
    (
        "provider",
        Role.PROVIDER,
        "Intervention Provider (mentor)",
        "Home Office approved Intervention Provider",
    ),
    ("referrer", Role.REFERRER, "Designated Safeguarding Lead", "Secondary school"),
    ("owner", Role.ACTION_OWNER, "Prevent Education Officer", "Council"),
    ("steering", Role.STEERING, "Steering Group member", "Community Safety Partnership"),
    ("partnerlead", Role.PARTNER_LEAD, "Designated Safeguarding Lead", "School"),
    ("projectprovider", Role.PROJECT_PROVIDER, "Project Manager", "Commissioned project provider"),
    ("venues", Role.VENUE_OFFICER, "Lettings and Venues Officer", "Council"),
    ("funder", Role.FUNDER, "Prevent Adviser (funder)", "Home Office"),
)
# One person in two partnerships, so the partnership switcher can be seen in the demo.
SECOND_MEMBERSHIPS = (("steering@westminster.demo", "cityoflondon", Role.STEERING),)


def demo_email(mailbox: str, slug: str) -> str:
    return f"{mailbox}@{slug}.demo"


def sign_ins() -> list[tuple[str, str]]:
    rows = [(ADMIN_EMAIL, "System administrator")]
    for module in MODULES:
        slug = module.PARTNERSHIP["slug"]
        for mailbox, role, _, _ in DEMO_PEOPLE:
            rows.append((demo_email(mailbox, slug), f"{role.label}, {module.PARTNERSHIP['name']}"))
    rows.append(
        (
            demo_performance_statistics.REGIONAL_EMAIL,
            f"{Role.REGIONAL.label}, {demo_performance_statistics.REGION_NAME} region",
        )
    )
    return rows


def is_loaded() -> bool:
    return Partnership.objects.filter(slug=tower_hamlets.PARTNERSHIP["slug"]).exists()


@transaction.atomic
def load(report: Callable[[str], None] = print) -> None:
    password_hash = make_password(settings.DEMO_PASSWORD)
    account_actions.create_user(
        actor=None,
        email=ADMIN_EMAIL,
        full_name="Demo system administrator",
        password_hash=password_hash,
        is_demo_account=True,
        is_system_administrator=True,
    )
    moving: dict[Partnership, Referral] = {}
    coordinators: dict[Partnership, User] = {}
    for module in MODULES:
        details = module.PARTNERSHIP
        partnership = account_actions.create_partnership(actor=None, **details)
        people: dict[Role, User] = {}
        for mailbox, role, job_title, agency in DEMO_PEOPLE:
            user = account_actions.create_user(
                actor=None,
                email=demo_email(mailbox, details["slug"]),
                full_name=f"Demo {job_title.lower()}, {details['name']}",
                job_title=job_title,
                password_hash=password_hash,
                is_demo_account=True,
            )
            account_actions.grant_role(
                actor=None, user=user, partnership=partnership, role=role, agency=agency
            )
            people[role] = user
        coordinator = Viewer(people[Role.COORDINATOR], partnership, frozenset({Role.COORDINATOR}))
        owner = Viewer(people[Role.ACTION_OWNER], partnership, frozenset({Role.ACTION_OWNER}))
        for strategy in module.STRATEGIES:
            _load_strategy(strategy, coordinator=coordinator, owner=owner)
        channel.load(partnership, people)
        moving[partnership] = channel_support.load(partnership, people)
        demo_partners.load(partnership, people)
        demo_training.load(partnership, people)
        demo_training_rules.load(partnership, people)
        # Two years of training, all finished, for the dashboard's trends: before the plans'
        # measures and the quarterly returns, which count training.
        demo_training_history.load_training(partnership, people)
        channel_plan.load(partnership, people)
        channel_panels.load(partnership, people)
        channel_consent.load(partnership, people)
        # Two years of older referrals, all closed, for the dashboard's trends.
        demo_history.load_channel(partnership, people)
        # Last: it allocates the demo's open cases, those above included.
        channel_search.load(partnership, people)
        demo_venues.load(partnership, people)
        demo_community.load(partnership, people)
        demo_projects.load(partnership, people)
        # After the records they count (partners, training): the plans' measures.
        demo_measures.load(partnership, people)
        demo_indicators.load(partnership, people)
        demo_performance_returns.load(partnership, people)
        demo_performance_assessment.load(partnership, people)
        demo_performance_equality.load(partnership, people)
        # After the plans' measures, which count the events of the plans' own periods.
        demo_history.load_engagement(partnership, people)
        coordinators[partnership] = people[Role.COORDINATOR]
        cases = Referral.objects.filter(partnership=partnership).count()
        report(f"Loaded {details['name']}: {len(module.STRATEGIES)} plan(s), {cases} fictional referrals")
    channel_support.offer_transfers(moving, coordinators)
    demo_performance_statistics.load(list(coordinators))
    for email, slug, role in SECOND_MEMBERSHIPS:
        account_actions.grant_role(
            actor=None,
            user=User.objects.get(email=email),
            partnership=Partnership.objects.get(slug=slug),
            role=role,
        )
    # Last: every indicator's values, from the records loaded above.
    for partnership in coordinators:
        summaries.refresh(partnership)
    demo_board_pack.load(coordinators)


def _load_strategy(data: DemoStrategy, *, coordinator: Viewer, owner: Viewer) -> None:
    strategy = plan_actions.create_strategy(
        viewer=coordinator,
        title=data["title"],
        period_start=data["period_start"],
        period_end=data["period_end"],
        status=data["status"],
        source=data["source"],
        summary=data.get("summary", ""),
    )
    for objective_data in data["objectives"]:
        objective = plan_actions.add_objective(
            viewer=coordinator,
            strategy=strategy,
            title=objective_data["title"],
            reference=objective_data.get("reference", ""),
            description=objective_data.get("description", ""),
        )
        for action_data in objective_data.get("actions", []):
            _load_action(action_data, objective, coordinator=coordinator, owner=owner)
        for area_data in objective_data.get("areas_of_focus", []):
            area = plan_actions.add_objective(
                viewer=coordinator,
                strategy=strategy,
                parent=objective,
                title=area_data["title"],
                reference=area_data.get("reference", ""),
                description=area_data.get("description", ""),
            )
            for action_data in area_data.get("actions", []):
                _load_action(action_data, area, coordinator=coordinator, owner=owner)


def _load_action(data: DemoAction, objective: Objective, *, coordinator: Viewer, owner: Viewer) -> None:
    values = {
        key: value
        for key, value in data.items()
        if key not in ("title", "updates", "owned_by_demo_owner") and value not in (None, "")
    }
    owned = data.get("owned_by_demo_owner", False)
    action = plan_actions.add_action(
        viewer=coordinator,
        objective=objective,
        title=data["title"],
        owner=owner.user if owned else None,
        **values,
    )
    for update in data.get("updates", []):
        plan_actions.record_progress_update(
            viewer=owner if owned else coordinator,
            action=action,
            update_date=update["update_date"],
            rag=update["rag"],
            commentary=update["commentary"],
            is_demo=update["demo"],
        )
