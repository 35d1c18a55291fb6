"""Requirement rules: the list, and the coordinator's forms to create, edit, deactivate
and reactivate them. A rule's compliance page is in views/compliance.py."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import Viewer, partnership_view
from govuk.pages import Done, button, form_page, posted
from training import access, compliance
from training.access import AGGREGATE_READERS, TRAINING_EDITORS
from training.actions import rules as actions
from training.forms.rules import RuleForm


@partnership_view(*AGGREGATE_READERS)
def rule_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    rules = list(
        access.rules(viewer)
        .select_related("sector", "organisation", "staff_group", "network")
        .prefetch_related("courses")
    )
    organisation_ids = compliance.scope(viewer)
    rows = compliance.by_rule(rules, on=compliance.today(), organisation_ids=organisation_ids)
    return render(
        request,
        "training/rule_list.html",
        {
            "rows": [(row, compliance.summary(row.rule, list(row.rule.courses.all()))) for row in rows],
            "can_edit": access.can_edit(viewer),
            "own_only": organisation_ids is not None,
        },
    )


def _data(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    courses = list(values.pop("courses"))
    return {"courses": courses, **values}


@partnership_view(*TRAINING_EDITORS)
def rule_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        rule = actions.create_rule(viewer=viewer, **_data(data))
        return Done(rule.get_absolute_url(), f"Rule {rule.name} created")

    return form_page(
        request,
        RuleForm(posted(request), viewer=viewer),
        save=save,
        template="training/rule_form.html",
        context={"rule": None},
    )


@partnership_view(*TRAINING_EDITORS)
def rule_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    rule = access.get_rule(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_rule(viewer=viewer, rule=rule, **_data(data))
        return Done(rule.get_absolute_url(), "Rule saved")

    initial = {name: getattr(rule, name) for name in actions.RULE_FIELDS}
    initial["organisation"] = rule.organisation.uuid if rule.organisation else None
    initial["network"] = rule.network.uuid if rule.network else None
    initial["sector"] = rule.sector_id
    initial["staff_group"] = rule.staff_group_id
    initial["courses"] = [course.uuid for course in rule.courses.all()]
    return form_page(
        request,
        RuleForm(posted(request), viewer=viewer, initial=initial),
        save=save,
        template="training/rule_form.html",
        context={"rule": rule},
    )


@partnership_view(*TRAINING_EDITORS)
def rule_active(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    rule = access.get_rule(viewer, uuid)

    def press() -> Done:
        actions.set_rule_active(viewer=viewer, rule=rule, active=not rule.active)
        return Done(rule.get_absolute_url(), f"Rule {'deactivated' if rule.active else 'made active again'}")

    return button(request, press=press, back=rule.get_absolute_url())
