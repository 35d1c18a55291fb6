"""The demo plans transcribed from the source documents are in the shape the loader expects,
within the model's limits, and keep what the sources say. No database is needed."""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Iterator, Mapping
from typing import Any, NotRequired, get_origin, get_type_hints

import pytest

from demo.plans import barking_dagenham, city_of_london, schema, tower_hamlets, westminster
from demo.plans.schema import DemoStrategy

MODULES: list[types.ModuleType] = [tower_hamlets, barking_dagenham, city_of_london, westminster]

# The values plans.models allows; test_allowed_values_match_the_models checks them against the
# models when Django is configured.
NATIONAL_OBJECTIVES = {
    "prevent2011_ideology",
    "prevent2011_support",
    "prevent2011_sectors",
    "prevent2023_ideology",
    "prevent2023_intervene",
    "prevent2023_rehabilitate",
    "contest_pursue",
    "contest_prevent",
    "contest_protect",
    "contest_prepare",
}
KINDS = {"action", "project"}
RAGS = {"red", "amber", "green", "complete"}
STATUSES = {"draft", "active", "closed"}

ACTION_LIMITS = {
    "title": 600,
    "reference": 30,
    "timescale": 200,
    "lead_officer": 300,
    "lead_agency": 300,
    "recommendation": 200,
}
OBJECTIVE_LIMITS = {"reference": 60, "title": 600}
STRATEGY_LIMITS = {"title": 300, "source": 500}

FORBIDDEN_MARKUP = ["<li>", "<p>", "&amp;", "</", "<b>", "<i>", "<ul"]


# --- Walking the data ----------------------------------------------------------------------------


def strategies() -> Iterator[tuple[types.ModuleType, Mapping[str, Any]]]:
    for module in MODULES:
        for strategy in module.STRATEGIES:
            yield module, strategy


def objectives_and_areas(strategy: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for objective in strategy["objectives"]:
        yield objective
        yield from objective.get("areas_of_focus", [])


def actions(strategy: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for group in objectives_and_areas(strategy):
        yield from group.get("actions", [])


def all_actions() -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    for _, strategy in strategies():
        for action in actions(strategy):
            yield strategy, action


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def module_text(module: types.ModuleType) -> str:
    return "\n".join(strings(module.STRATEGIES))


# --- Checking a dict against a TypedDict ---------------------------------------------------------


def type_matches(value: Any, hint: Any) -> bool:
    origin = getattr(hint, "__origin__", None)
    if hint is str:
        return isinstance(value, str)
    if hint is bool:
        return isinstance(value, bool)
    if hint is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if isinstance(hint, types.UnionType):
        return any(type_matches(value, arm) for arm in hint.__args__)
    if hint is type(None):
        return value is None
    if origin is list:
        return isinstance(value, list)
    if isinstance(hint, type) and issubclass(hint, dict):
        return isinstance(value, dict)
    raise AssertionError(f"Unexpected type hint {hint!r}")


def required_keys(shape: type) -> set[str]:
    # The schema module postpones annotations, so the TypedDict's own __required_keys__
    # cannot see NotRequired; read it from the resolved hints instead.
    hints = get_type_hints(shape, include_extras=True)
    return {key for key, hint in hints.items() if get_origin(hint) is not NotRequired}


def assert_conforms(data: Any, shape: type, where: str) -> None:
    assert isinstance(data, dict), f"{where} is not a dict"
    hints = get_type_hints(shape)
    unknown = set(data) - set(hints)
    assert not unknown, f"{where} has keys {shape.__name__} does not define: {sorted(unknown)}"
    missing = required_keys(shape) - set(data)
    assert not missing, f"{where} lacks required keys {sorted(missing)}"
    for key, value in data.items():
        assert type_matches(value, hints[key]), f"{where}.{key} has the wrong type: {value!r}"


# --- Shape ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_every_module_defines_a_partnership_and_strategies(module: types.ModuleType) -> None:
    assert_conforms(module.PARTNERSHIP, schema.DemoPartnership, f"{module.__name__}.PARTNERSHIP")
    assert isinstance(module.STRATEGIES, list)
    assert module.STRATEGIES


def test_partnership_slugs_and_codes_are_the_agreed_ones() -> None:
    assert {(m.PARTNERSHIP["slug"], m.PARTNERSHIP["code"]) for m in MODULES} == {
        ("towerhamlets", "TH"),
        ("barkingdagenham", "BD"),
        ("cityoflondon", "CL"),
        ("westminster", "WM"),
    }


def test_every_dict_conforms_to_the_schema() -> None:
    for module, strategy in strategies():
        where = f"{module.__name__}:{strategy['title']}"
        assert_conforms(strategy, schema.DemoStrategy, where)
        for objective in strategy["objectives"]:
            assert_conforms(objective, schema.DemoObjective, f"{where}/{objective['title'][:40]}")
            for area in objective.get("areas_of_focus", []):
                assert_conforms(area, schema.DemoArea, f"{where}/{area['title'][:40]}")
        for action in actions(strategy):
            action_where = f"{where}/{action['title'][:40]}"
            assert_conforms(action, schema.DemoAction, action_where)
            for update in action.get("updates", []):
                assert_conforms(update, schema.DemoUpdate, f"{action_where}/update")


def test_outputs_hold_one_output_per_line_without_bullets() -> None:
    for _, action in all_actions():
        for line in action.get("outputs", "").splitlines():
            assert line.strip(), f"Blank output line in {action['title']!r}"
            assert not line.lstrip().startswith(("•", "-", "*")), line


# --- Allowed values and limits -------------------------------------------------------------------


def test_every_choice_value_is_one_the_models_allow() -> None:
    for module, strategy in strategies():
        assert strategy["status"] in STATUSES, (module.__name__, strategy["status"])
        for action in actions(strategy):
            assert action.get("kind", "action") in KINDS, action["title"]
            if "national_objective" in action:
                assert action["national_objective"] in NATIONAL_OBJECTIVES, action["title"]
            for update in action.get("updates", []):
                assert update["rag"] in RAGS, (action["title"], update["rag"])


def test_allowed_values_match_the_models() -> None:
    from plans.models import ActionKind, NationalObjective, Rag, StrategyStatus

    assert set(NationalObjective.values) == NATIONAL_OBJECTIVES
    assert set(ActionKind.values) == KINDS
    assert set(Rag.values) == RAGS
    assert set(StrategyStatus.values) == STATUSES


def test_text_fits_the_model_field_lengths() -> None:
    for module, strategy in strategies():
        for field, limit in STRATEGY_LIMITS.items():
            assert len(strategy.get(field, "")) <= limit, (module.__name__, field)
        for group in objectives_and_areas(strategy):
            for field, limit in OBJECTIVE_LIMITS.items():
                assert len(group.get(field, "")) <= limit, (group["title"][:40], field)
        for action in actions(strategy):
            for field, limit in ACTION_LIMITS.items():
                assert len(action.get(field, "")) <= limit, (action["title"][:40], field)


def test_partnership_fields_fit_their_limits() -> None:
    for module in MODULES:
        assert 0 < len(module.PARTNERSHIP["name"]) <= 200
        assert 0 < len(module.PARTNERSHIP["slug"]) <= 60
        assert 0 < len(module.PARTNERSHIP["code"]) <= 6


# --- Dates and updates ---------------------------------------------------------------------------


def test_every_strategy_period_ends_after_it_starts() -> None:
    for _, strategy in strategies():
        assert strategy["period_start"] < strategy["period_end"], strategy["title"]


def test_every_update_is_marked_demo_and_dated_within_its_strategy_period() -> None:
    for strategy, action in all_actions():
        for update in action.get("updates", []):
            assert update["demo"] is True, action["title"]
            assert strategy["period_start"] <= update["update_date"] <= strategy["period_end"], (
                action["title"],
                update["update_date"],
            )


def test_updates_are_listed_oldest_first() -> None:
    for _, action in all_actions():
        dates = [update["update_date"] for update in action.get("updates", [])]
        assert dates == sorted(dates), action["title"]


def test_update_commentary_is_marked_as_demo_or_quotes_the_source() -> None:
    for _, action in all_actions():
        for update in action.get("updates", []):
            commentary = update["commentary"]
            assert commentary.strip()
            assert commentary.startswith(("Demo update:", "Reported to committee", "Reported to Cabinet")), (
                commentary
            )


def test_target_dates_fall_on_the_last_day_of_a_month() -> None:
    for _, action in all_actions():
        target = action.get("target_date")
        if target is not None:
            assert (target + dt.timedelta(days=1)).day == 1, action["title"]


def test_ongoing_actions_have_no_target_date() -> None:
    for _, action in all_actions():
        if action.get("timescale", "").lower() == "ongoing":
            assert action.get("target_date") is None, action["title"]


# --- Tower Hamlets -------------------------------------------------------------------------------


def tower_hamlets_plan() -> DemoStrategy:
    (plan,) = tower_hamlets.STRATEGIES
    return plan


def test_tower_hamlets_has_one_strategy_for_2018_19() -> None:
    plan = tower_hamlets_plan()
    assert plan["title"] == "Prevent Delivery Plan 2018-19"
    assert (plan["period_start"], plan["period_end"]) == (dt.date(2018, 4, 1), dt.date(2019, 3, 31))
    assert plan["status"] == "active"


def test_tower_hamlets_has_the_four_local_strategic_objectives() -> None:
    objectives = tower_hamlets_plan()["objectives"]
    assert [o["reference"] for o in objectives] == [f"Objective {n}" for n in range(1, 5)]
    assert objectives[0]["title"].startswith("Target social, peer and educational support")
    assert objectives[3]["title"].startswith("Mainstream Prevent across all Directorates")


def test_tower_hamlets_has_every_action_of_the_four_objective_tables() -> None:
    plan = tower_hamlets_plan()
    counts = [
        sum(1 for a in objective.get("actions", []) if a.get("kind", "action") == "action")
        for objective in plan["objectives"]
    ]
    assert counts == [4, 5, 5, 10]
    assert sum(1 for a in actions(plan) if a.get("kind", "action") == "action") == 24


def test_tower_hamlets_has_the_seven_commissioned_projects() -> None:
    projects = [a for a in actions(tower_hamlets_plan()) if a.get("kind") == "project"]
    assert len(projects) == 7
    assert sorted(p["title"] for p in projects) == [
        f"Commissioned project {letter} (name not published)" for letter in "ABCDEFG"
    ]
    assert all(p["timescale"] == "March 2019" and p["target_date"] == dt.date(2019, 3, 31) for p in projects)


def test_tower_hamlets_project_naming_two_objectives_sits_under_the_first() -> None:
    objectives = tower_hamlets_plan()["objectives"]
    (project_e,) = [a for a in objectives[1]["actions"] if a["title"].startswith("Commissioned project E")]
    assert "Also contributes to Objective 3" in project_e["description"]


def test_tower_hamlets_keeps_the_redactions() -> None:
    text = module_text(tower_hamlets)
    assert "[REDACTED]" in text
    assert "[REDACTED]" in tower_hamlets_plan()["summary"]
    projects = [a for a in actions(tower_hamlets_plan()) if a.get("kind") == "project"]
    assert sum(1 for p in projects if "[REDACTED]" in p.get("lead_agency", "")) == 3


def test_tower_hamlets_row_without_action_text_is_titled_as_such() -> None:
    first = tower_hamlets_plan()["objectives"][0]["actions"]
    (unnamed,) = [a for a in first if a["title"] == "Action not named in the source plan"]
    assert "no action text" in unnamed["description"]
    assert unnamed["lead_officer"] == "HE/FE co-ordinator"


def test_tower_hamlets_peer_review_markers_move_to_recommendation() -> None:
    plan = tower_hamlets_plan()
    recommendations = sorted(a["recommendation"] for a in actions(plan) if "recommendation" in a)
    assert recommendations == sorted(
        [
            "Peer Review Rec 6",
            "Peer Review Rec 5",
            "Peer Review Rec 2",
            "Peer Review Rec 2",
            "Peer Review Rec 2",
            "Peer Review Rec 2",
            "Peer Review Rec 1 & 4",
            "Peer Review Rec 3",
        ]
    )
    assert not any("Peer Review" in a["title"] for a in actions(plan))


def test_tower_hamlets_target_dates_follow_the_timescales() -> None:
    expected = {
        "March 2019": dt.date(2019, 3, 31),
        "September 2018": dt.date(2018, 9, 30),
        "September 2018 March 2019": dt.date(2019, 3, 31),
        "July 2018 – March 2019": dt.date(2019, 3, 31),
        "July 2018": dt.date(2018, 7, 31),
        "June 2018": dt.date(2018, 6, 30),
        "August 2018": dt.date(2018, 8, 31),
        "December 2018": dt.date(2018, 12, 31),
        "Ongoing": None,
    }
    for action in actions(tower_hamlets_plan()):
        assert action["target_date"] == expected[action["timescale"]], action["title"]


def test_tower_hamlets_updates_never_run_past_march_2019() -> None:
    for action in actions(tower_hamlets_plan()):
        for update in action.get("updates", []):
            assert update["update_date"] <= dt.date(2019, 3, 31)


def test_tower_hamlets_updates_show_a_mix_of_statuses_and_some_unrated_actions() -> None:
    plan = tower_hamlets_plan()
    latest = [a["updates"][-1]["rag"] for a in actions(plan) if a.get("updates")]
    unrated = [a for a in actions(plan) if not a.get("updates")]
    assert 3 <= len(unrated) <= 4
    assert {"red", "amber", "green", "complete"} <= set(latest)
    total = len(list(actions(plan)))
    assert 0.2 <= latest.count("complete") / total <= 0.3


def test_tower_hamlets_prevent_education_officer_actions_belong_to_the_demo_owner() -> None:
    for action in actions(tower_hamlets_plan()):
        led_by_officer = "Prevent Education Officer" in action.get("lead_officer", "")
        assert action.get("owned_by_demo_owner", False) == led_by_officer, action["title"]


# --- Other partnerships --------------------------------------------------------------------------


def test_barking_and_dagenham_has_the_four_priorities_with_their_areas_of_focus() -> None:
    (plan,) = barking_dagenham.STRATEGIES
    assert plan["title"] == "Prevent Strategy and Delivery Plan 2017/2019"
    assert "11 July 2017" in plan["source"]
    assert [o["reference"] for o in plan["objectives"]] == [f"Priority {n}" for n in range(1, 5)]
    assert [len(o["areas_of_focus"]) for o in plan["objectives"]] == [3, 4, 3, 3]


def test_barking_and_dagenham_actions_cite_a_report_paragraph() -> None:
    (plan,) = barking_dagenham.STRATEGIES
    references = {a["reference"] for a in actions(plan)}
    assert {"Report 9.5", "Report 9.7", "Report 3.2"} <= references
    assert all(r.startswith("Report ") for r in references)


def test_city_of_london_has_the_prevent_strategy_and_the_safer_city_plan() -> None:
    prevent, safer_city = city_of_london.STRATEGIES
    assert prevent["title"] == "City Prevent Strategy 2017-18"
    assert len(prevent["objectives"]) == 8
    assert safer_city["title"] == "Safer City Partnership Strategic Plan 2016-17"
    assert safer_city["status"] == "closed"
    assert [o["reference"] for o in safer_city["objectives"]] == [f"Priority {n}" for n in range(1, 6)]


def test_city_of_london_priority_five_is_transcribed_once() -> None:
    _, safer_city = city_of_london.STRATEGIES
    priority_5 = safer_city["objectives"][4]
    titles = [a["title"] for a in priority_5["actions"]]
    assert titles == [
        "Increase engagement and confidence amongst partners and our communities on Prevent",
        "Improve processes to identify and support vulnerable people at risk of radicalisation",
        "Significantly boost Prevent Training",
    ]
    assert priority_5["description"].count("Prevent forms part of CONTEST") == 1


def test_city_of_london_operation_broadway_sits_in_an_area_of_focus_under_priority_three() -> None:
    _, safer_city = city_of_london.STRATEGIES
    (area,) = safer_city["objectives"][2]["areas_of_focus"]
    assert area["title"].startswith("Helping Protect the City of London's Reputation")
    (broadway,) = area["actions"]
    assert "Operation Broadway" in broadway["title"]


def test_westminster_reports_its_published_outputs() -> None:
    (plan,) = westminster.STRATEGIES
    outputs = "\n".join(a.get("outputs", "") for a in actions(plan))
    assert "122 parents" in outputs
    assert "92 young people" in outputs
    assert "1800 staff in 53 institutions" in outputs
    committee_updates = [
        u["commentary"]
        for a in actions(plan)
        for u in a.get("updates", [])
        if u["update_date"] == dt.date(2017, 11, 15)
    ]
    assert any("9 series of this programme to 122 parents" in c for c in committee_updates)
    assert any("reached 92 young people across four local youth projects" in c for c in committee_updates)
    assert any("training to over 1800 staff in 53 institutions" in c for c in committee_updates)


def test_westminster_objectives_are_report_sections_three_five_to_three_seven() -> None:
    (plan,) = westminster.STRATEGIES
    assert [o["reference"] for o in plan["objectives"]] == ["3.5", "3.6", "3.7"]
    assert "15 November 2017" in plan["source"]
    assert all(a["reference"].startswith(("3.5.", "3.6.", "3.7.")) for a in actions(plan))


@pytest.mark.parametrize("module", MODULES[1:], ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_each_other_partnership_gives_the_demo_owner_two_or_three_actions(module: types.ModuleType) -> None:
    owned = [a for s in module.STRATEGIES for a in actions(s) if a.get("owned_by_demo_owner")]
    assert 2 <= len(owned) <= 3


# --- Text hygiene --------------------------------------------------------------------------------


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_no_text_keeps_html_markup_or_entities(module: types.ModuleType) -> None:
    text = module_text(module)
    for markup in FORBIDDEN_MARKUP:
        assert markup not in text, f"{markup!r} found in {module.__name__}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_no_text_names_the_report_authors_or_their_contact_details(module: types.ModuleType) -> None:
    text = module_text(module).lower()
    for personal in ["matthew", "bristow", "feild", "sutton", "chalmers", "@", "telephone", "x6032"]:
        assert personal not in text, f"{personal!r} found in {module.__name__}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_no_text_has_stray_whitespace(module: types.ModuleType) -> None:
    for text in strings(module.STRATEGIES):
        assert text == text.strip(), repr(text[:60])
        assert "  " not in text, repr(text[:60])
