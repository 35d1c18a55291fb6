from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from govuk.pages import Done, form_page, posted
from govuk.paging import keyset_page
from govuk.related import action_links
from plans import access, actions, queries
from plans import measures as plan_measures
from plans.access import PLAN_EDITORS, PLAN_READERS
from plans.forms import (
    ActionFilterForm,
    ActionForm,
    ActionListFilterForm,
    ObjectiveForm,
    ProgressUpdateForm,
    StrategyForm,
)
from plans.models import Action, Objective, Rag, StrategyStatus

PAGE_SIZE = 50


@partnership_view(*PLAN_READERS)
def strategy_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    on = queries.today()
    strategies = list(access.strategies(viewer).order_by("-period_start", "title"))
    summaries = queries.rag_summaries_by_strategy(access.actions(viewer), on)
    empty = queries.RagSummary()
    rows = [(strategy, summaries.get(strategy.pk, empty)) for strategy in strategies]
    active = queries.RagSummary()
    for strategy, summary in rows:
        if strategy.status == StrategyStatus.ACTIVE:
            active.add(summary)
    return render(
        request,
        "plans/strategy_list.html",
        {
            "rows": rows,
            "active_summary": active,
            "chart": queries.rag_chart(active, title="RAG status of actions in active plans"),
            "can_edit": access.can_edit_plans(viewer),
        },
    )


@partnership_view(*PLAN_READERS)
def strategy_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    on = queries.today()
    strategy = access.get_strategy(viewer, uuid)
    objectives = list(strategy.objectives.all())
    areas: dict[int, list[Objective]] = {}
    for objective in objectives:
        if objective.parent_id:
            areas.setdefault(objective.parent_id, []).append(objective)
    filter_form = ActionFilterForm(request.GET, leads=queries.lead_officers(strategy))
    filters = queries.ActionFilters()
    if filter_form.is_valid():
        filters = queries.ActionFilters(
            rags=tuple(filter_form.cleaned_data["rag"]),
            lead=filter_form.cleaned_data["lead"],
            overdue=filter_form.cleaned_data["overdue"],
        )
    plan_actions = Action.objects.filter(strategy=strategy)
    summary = queries.rag_summary(plan_actions, on)
    filtered = filters.apply(plan_actions, on).only(*queries.TABLE_COLUMNS)
    by_id = {objective.pk: objective for objective in objectives}
    page = keyset_page(request, filtered, keys=("sort_key",), size=PAGE_SIZE, noun="actions")
    measures = plan_measures.shown_by_action(page.items)
    links = action_links(viewer, [action.pk for action in page.items])
    for action in page.items:
        setattr(action, "shown_measures", measures.get(action.pk, []))  # noqa: B010 - read by action_tables
        setattr(action, "shown_links", links.get(action.pk, []))  # noqa: B010 - read by action_tables
    return render(
        request,
        "plans/strategy_detail.html",
        {
            "strategy": strategy,
            "objectives": [(o, areas.get(o.pk, [])) for o in objectives if not o.parent_id],
            "summary": summary,
            "chart": queries.rag_chart(summary, title=f"RAG status of actions in {strategy.title}"),
            "filter_form": filter_form,
            "filters": filters,
            "matching": filtered.count() if filters.active else summary.total,
            "page": page,
            "rows": [
                (action, by_id[action.objective_id], queries.overdue_reasons(action, on))
                for action in page.items
            ],
            "can_edit": access.can_edit_plans(viewer),
            "has_measures": plan_measures.plan_has_measures(strategy),
        },
    )


@partnership_view(*PLAN_READERS)
def overdue_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    on = queries.today()
    overdue = queries.overdue_actions(access.actions(viewer), access.strategies(viewer), on)
    page = keyset_page(
        request, overdue, keys=("strategy_id", "sort_key"), size=PAGE_SIZE, noun="overdue actions"
    )
    return render(
        request,
        "plans/overdue_list.html",
        {
            "page": page,
            "total": overdue.count(),
            "rows": [(action, queries.overdue_reasons(action, on)) for action in page.items],
        },
    )


@partnership_view(*PLAN_READERS)
def action_list(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    on = queries.today()
    filter_form = ActionListFilterForm(request.GET)
    filters = filter_form.filters(viewer.user.pk)
    listed = queries.listed_actions(access.actions(viewer), access.strategies(viewer), filters, on)
    page = keyset_page(request, listed, keys=("strategy_id", "sort_key"), size=PAGE_SIZE, noun="actions")
    return render(
        request,
        "plans/action_list.html",
        {
            "heading": _list_heading(filters),
            "filter_form": filter_form,
            "filters": filters,
            "total": listed.count(),
            "page": page,
            "rows": [(action, queries.listed_reasons(action, filters, on)) for action in page.items],
            "with_reasons": filters.overdue or filters.update_due,
        },
    )


def _list_heading(filters: queries.ActionFilters) -> str:
    """What the filtered list shows, such as "Your actions due an update this quarter"."""
    if not filters.active:
        return "All actions"
    noun = "overdue actions" if filters.overdue else "actions"
    heading = f"Your {noun}" if filters.owner_id is not None else noun.capitalize()
    qualifiers = []
    if filters.rags:
        labels = [Rag(rag).label.lower() for rag in filters.rags if rag != "none"]
        rated = [f"rated {' or '.join(labels)}"] if labels else []
        qualifiers.append(" or ".join(rated + (["not rated"] if "none" in filters.rags else [])))
    if filters.update_due:
        qualifiers.append("due an update this quarter")
    return " ".join([heading, " and ".join(qualifiers)]).strip()


@partnership_view(*PLAN_EDITORS)
def strategy_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        strategy = actions.create_strategy(viewer=viewer, **data)
        return Done(strategy.get_absolute_url(), f"{strategy.title} created")

    return form_page(
        request,
        StrategyForm(posted(request), initial={"status": "draft"}),
        save=save,
        template="plans/strategy_form.html",
        context={"strategy": None},
    )


@partnership_view(*PLAN_EDITORS)
def strategy_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    strategy = access.get_strategy(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_strategy(viewer=viewer, strategy=strategy, **data)
        return Done(strategy.get_absolute_url(), "Plan details saved")

    return form_page(
        request,
        StrategyForm(
            posted(request), initial={name: getattr(strategy, name) for name in actions.STRATEGY_FIELDS}
        ),
        save=save,
        template="plans/strategy_form.html",
        context={"strategy": strategy},
    )


@partnership_view(*PLAN_EDITORS)
def objective_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    strategy = access.get_strategy(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        objective = actions.add_objective(viewer=viewer, strategy=strategy, **data)
        kind = "Area of focus" if objective.parent_id else "Objective"
        return Done(strategy.get_absolute_url(), f"{kind} added")

    return form_page(
        request,
        ObjectiveForm(posted(request), strategy=strategy, initial={"parent": request.GET.get("parent")}),
        save=save,
        template="plans/objective_form.html",
        context={"strategy": strategy, "objective": None},
    )


@partnership_view(*PLAN_EDITORS)
def objective_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    objective = access.get_objective(viewer, uuid)
    strategy = objective.strategy

    def save(data: dict[str, Any]) -> Done:
        actions.update_objective(viewer=viewer, objective=objective, **data)
        return Done(strategy.get_absolute_url(), "Objective saved")

    return form_page(
        request,
        ObjectiveForm(
            posted(request),
            strategy=strategy,
            editing=True,
            initial={name: getattr(objective, name) for name in actions.OBJECTIVE_FIELDS},
        ),
        save=save,
        template="plans/objective_form.html",
        context={"strategy": strategy, "objective": objective},
    )


@partnership_view(*PLAN_EDITORS)
def action_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    strategy = access.get_strategy(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        values = dict(data)
        action = actions.add_action(viewer=viewer, objective=values.pop("objective"), **values)
        return Done(action.get_absolute_url(), "Action added")

    return form_page(
        request,
        ActionForm(
            posted(request),
            strategy=strategy,
            owners=actions.action_owner_choices(viewer),
            initial={"objective": request.GET.get("objective"), "kind": "action"},
        ),
        save=save,
        template="plans/action_form.html",
        context={"strategy": strategy, "action": None},
    )


@partnership_view(*PLAN_EDITORS)
def action_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    action = access.get_action(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.update_action(viewer=viewer, action=action, **data)
        return Done(action.get_absolute_url(), "Action saved")

    return form_page(
        request,
        ActionForm(
            posted(request),
            strategy=action.strategy,
            owners=actions.action_owner_choices(viewer),
            initial={name: getattr(action, name) for name in actions.ACTION_FIELDS},
        ),
        save=save,
        template="plans/action_form.html",
        context={"strategy": action.strategy, "action": action},
    )


@partnership_view(*PLAN_READERS)
def action_detail(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    on = queries.today()
    action = access.get_action(viewer, uuid)
    updates = list(action.updates.select_related("author").prefetch_related("evidence"))
    return render(
        request,
        "plans/action_detail.html",
        {
            "action": action,
            "updates": updates,
            "overdue_reasons": queries.overdue_reasons(action, on),
            "can_update": access.can_update(viewer, action),
            "can_edit": access.can_edit_plans(viewer),
            "can_audit": viewer.has_any(Role.COORDINATOR),
            "measures": plan_measures.shown_by_action([action]).get(action.pk, []),
            "links": action_links(viewer, [action.pk]).get(action.pk, []),
        },
    )


@partnership_view(*access.PLAN_UPDATERS)
def progress_update_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    action = access.get_updatable_action(viewer, uuid)

    def save(data: dict[str, Any]) -> Done:
        actions.record_progress_update(
            viewer=viewer,
            action=action,
            update_date=data["update_date"],
            rag=data["rag"],
            commentary=data["commentary"],
            evidence_files=data["evidence"],
        )
        return Done(action.get_absolute_url(), "Progress update recorded")

    return form_page(
        request,
        ProgressUpdateForm(posted(request), request.FILES or None, initial={"update_date": queries.today()}),
        save=save,
        template="plans/progress_update_form.html",
        context={"action": action},
    )


@partnership_view(*PLAN_READERS)
def evidence_download(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponseBase:
    attachment = access.get_evidence(viewer, uuid)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
