from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from govuk.paging import keyset_page
from lib.errors import Refused
from plans import access, actions, queries
from plans.access import PLAN_EDITORS, PLAN_READERS
from plans.forms import ActionFilterForm, ActionForm, ObjectiveForm, ProgressUpdateForm, StrategyForm
from plans.models import Action, Objective, StrategyStatus

PAGE_SIZE = 50


def _refused(form: Any, refused: Refused) -> None:
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)


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


@partnership_view(*PLAN_EDITORS)
def strategy_create(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    form = StrategyForm(request.POST or None, initial={"status": "draft"})
    if request.method == "POST" and form.is_valid():
        try:
            strategy = actions.create_strategy(viewer=viewer, **form.cleaned_data)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, f"{strategy.title} created")
            return redirect("plans:strategy_detail", uuid=strategy.uuid)
    return render(request, "plans/strategy_form.html", {"form": form, "strategy": None})


@partnership_view(*PLAN_EDITORS)
def strategy_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    strategy = access.get_strategy(viewer, uuid)
    initial = {name: getattr(strategy, name) for name in actions.STRATEGY_FIELDS}
    form = StrategyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_strategy(viewer=viewer, strategy=strategy, **form.cleaned_data)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Plan details saved")
            return redirect("plans:strategy_detail", uuid=strategy.uuid)
    return render(request, "plans/strategy_form.html", {"form": form, "strategy": strategy})


@partnership_view(*PLAN_EDITORS)
def objective_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    strategy = access.get_strategy(viewer, uuid)
    form = ObjectiveForm(
        request.POST or None, strategy=strategy, initial={"parent": request.GET.get("parent")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            objective = actions.add_objective(viewer=viewer, strategy=strategy, **form.cleaned_data)
        except Refused as refused:
            _refused(form, refused)
        else:
            kind = "Area of focus" if objective.parent_id else "Objective"
            messages.success(request, f"{kind} added")
            return redirect("plans:strategy_detail", uuid=strategy.uuid)
    return render(
        request, "plans/objective_form.html", {"form": form, "strategy": strategy, "objective": None}
    )


@partnership_view(*PLAN_EDITORS)
def objective_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    objective = access.get_objective(viewer, uuid)
    strategy = objective.strategy
    initial = {name: getattr(objective, name) for name in actions.OBJECTIVE_FIELDS}
    form = ObjectiveForm(request.POST or None, strategy=strategy, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_objective(viewer=viewer, objective=objective, **form.cleaned_data)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Objective saved")
            return redirect("plans:strategy_detail", uuid=strategy.uuid)
    return render(
        request, "plans/objective_form.html", {"form": form, "strategy": strategy, "objective": objective}
    )


@partnership_view(*PLAN_EDITORS)
def action_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    strategy = access.get_strategy(viewer, uuid)
    form = ActionForm(
        request.POST or None,
        strategy=strategy,
        owners=actions.action_owner_choices(viewer),
        initial={"objective": request.GET.get("objective"), "kind": "action"},
    )
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        objective = values.pop("objective")
        try:
            action = actions.add_action(viewer=viewer, objective=objective, **values)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Action added")
            return redirect("plans:action_detail", uuid=action.uuid)
    return render(request, "plans/action_form.html", {"form": form, "strategy": strategy, "action": None})


@partnership_view(*PLAN_EDITORS)
def action_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    action = access.get_action(viewer, uuid)
    initial = {name: getattr(action, name) for name in actions.ACTION_FIELDS}
    form = ActionForm(
        request.POST or None,
        strategy=action.strategy,
        owners=actions.action_owner_choices(viewer),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_action(viewer=viewer, action=action, **form.cleaned_data)
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Action saved")
            return redirect("plans:action_detail", uuid=action.uuid)
    return render(
        request, "plans/action_form.html", {"form": form, "strategy": action.strategy, "action": action}
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
        },
    )


@partnership_view(*access.PLAN_UPDATERS)
def progress_update_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    action = access.get_updatable_action(viewer, uuid)
    form = ProgressUpdateForm(
        request.POST or None, request.FILES or None, initial={"update_date": queries.today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_progress_update(
                viewer=viewer,
                action=action,
                update_date=form.cleaned_data["update_date"],
                rag=form.cleaned_data["rag"],
                commentary=form.cleaned_data["commentary"],
                evidence_files=form.cleaned_data["evidence"],
            )
        except Refused as refused:
            _refused(form, refused)
        else:
            messages.success(request, "Progress update recorded")
            return redirect("plans:action_detail", uuid=action.uuid)
    return render(request, "plans/progress_update_form.html", {"form": form, "action": action})


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
