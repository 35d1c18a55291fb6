"""Every piece of free text plans take has a limit: the form refuses more and its hint says
how much, the model carries the same limit (a validator on text fields) and the action
functions refuse more from any caller, and an import's columns take what the forms take."""

from collections.abc import Callable

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.access import Viewer
from accounts.models import User
from conftest import action_titled, objective_titled
from govuk.testing import page
from lib.errors import Refused
from plans import actions, spreadsheets
from plans.forms import ActionForm, ImportForm, ObjectiveForm, ProgressUpdateForm, StrategyForm
from plans.models import Action, Objective, ProgressUpdate, Strategy, text_limit

pytestmark = pytest.mark.django_db

FORMS: list[tuple[type[forms.Form], type]] = [
    (StrategyForm, Strategy),
    (ObjectiveForm, Objective),
    (ActionForm, Action),
    (ProgressUpdateForm, ProgressUpdate),
    (ImportForm, Strategy),
]


def _text_fields(form: type[forms.Form]) -> dict[str, forms.CharField]:
    return {name: field for name, field in form.base_fields.items() if type(field) is forms.CharField}


@pytest.mark.parametrize(("form", "model"), FORMS, ids=[form.__name__ for form, _ in FORMS])
def test_every_free_text_field_takes_what_its_model_takes(form: type[forms.Form], model: type) -> None:
    fields = _text_fields(form)
    assert fields
    for name, field in fields.items():
        assert field.max_length == text_limit(model, name), f"{form.__name__}.{name}"


def _pages(plan: Strategy) -> dict[str, str]:
    action = action_titled("Host two community roundtables")
    return {
        "StrategyForm": "/plans/new/",
        "ObjectiveForm": f"/plans/{plan.uuid}/objectives/new/",
        "ActionForm": f"/plans/{plan.uuid}/actions/new/",
        "ProgressUpdateForm": f"/plans/actions/{action.uuid}/updates/new/",
        "ImportForm": "/plans/import/",
    }


@pytest.mark.parametrize(("form", "model"), FORMS, ids=[form.__name__ for form, _ in FORMS])
def test_the_hint_of_every_free_text_field_says_its_limit_once(
    form: type[forms.Form], model: type, plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    shown = page(sign_in(coordinator).get(_pages(plan)[form.__name__]).content)
    for name, field in _text_fields(form).items():
        hint = shown.by_id(f"id_{name}-hint").text
        assert hint.count(f"Up to {field.max_length:,} characters") == 1, (name, hint)


def test_a_form_refuses_one_character_more_than_its_limit_and_says_so(
    plan: Strategy, coordinator: User, sign_in: Callable[..., Client]
) -> None:
    objective = objective_titled("Engage communities")
    response = sign_in(coordinator).post(
        f"/plans/objectives/{objective.uuid}/edit/",
        {"title": "Engage communities", "description": "x" * 5001},
    )
    assert response.status_code == 200
    assert "Description must be 5,000 characters or fewer" in response.content.decode()
    assert Objective.objects.get(pk=objective.pk).description == ""


def test_the_import_columns_take_what_the_forms_take() -> None:
    form_field = {
        "objective_reference": ObjectiveForm.base_fields["reference"],
        "objective": ObjectiveForm.base_fields["title"],
        "area_of_focus": ObjectiveForm.base_fields["title"],
        **{name: ActionForm.base_fields[name] for name in _text_fields(ActionForm)},
    }
    for column in spreadsheets.IMPORT_COLUMNS:
        if column.key in form_field:
            assert column.max_length == form_field[column.key].max_length, column.heading  # type: ignore[attr-defined]
    checked = {column.key for column in spreadsheets.IMPORT_COLUMNS if column.max_length}
    assert checked >= set(form_field)


def test_the_model_refuses_text_past_its_limit(plan: Strategy) -> None:
    action = action_titled("Host two community roundtables")
    action.description = "x" * 10_001
    with pytest.raises(ValidationError) as refused:
        action.full_clean()
    assert "description" in refused.value.message_dict


@pytest.mark.parametrize(
    ("write", "message"),
    [
        (
            lambda viewer, plan: actions.update_strategy(viewer=viewer, strategy=plan, summary="x" * 5001),
            "Summary must be 5,000 characters or fewer",
        ),
        (
            lambda viewer, plan: actions.add_objective(
                viewer=viewer, strategy=plan, title="Objective", description="x" * 5001
            ),
            "Description must be 5,000 characters or fewer",
        ),
        (
            lambda viewer, plan: actions.add_action(
                viewer=viewer, objective=objective_titled("Target support"), title="A", partners="x" * 10_001
            ),
            "Partners must be 10,000 characters or fewer",
        ),
        (
            lambda viewer, plan: actions.update_action(
                viewer=viewer, action=action_titled("Host two community roundtables"), lead_officer="x" * 301
            ),
            "Lead officer must be 300 characters or fewer",
        ),
        (
            lambda viewer, plan: actions.record_progress_update(
                viewer=viewer,
                action=action_titled("Host two community roundtables"),
                update_date=plan.period_start,
                rag="green",
                commentary="x" * 5001,
            ),
            "Commentary must be 5,000 characters or fewer",
        ),
    ],
)
def test_the_actions_refuse_text_past_the_models_limit_from_any_caller(
    write: Callable[[Viewer, Strategy], object], message: str, plan: Strategy, coordinator_viewer: Viewer
) -> None:
    before = (Objective.objects.count(), Action.objects.count(), ProgressUpdate.objects.count())
    with pytest.raises(Refused) as refused:
        write(coordinator_viewer, plan)
    assert refused.value.message == message
    assert (Objective.objects.count(), Action.objects.count(), ProgressUpdate.objects.count()) == before
    plan.refresh_from_db()
    assert plan.summary == ""
