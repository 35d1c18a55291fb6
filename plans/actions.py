"""The write path for delivery plans. Each function checks the viewer's right to make
the change, writes it in one transaction and records the audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Max
from django.utils.text import capfirst

from accounts.access import Viewer
from accounts.models import Partnership, Role, User
from audit.log import changes_between, created, record, record_many, snapshot
from lib import uploads
from lib.errors import Refused
from plans import access
from plans.models import (
    MAX_POSITION,
    SLOT,
    Action,
    ActionKind,
    EvidenceFile,
    Objective,
    ProgressUpdate,
    Rag,
    Strategy,
    StrategyStatus,
    text_limit,
)
from plans.queries import today

STRATEGY_FIELDS = ["title", "period_start", "period_end", "status", "source", "summary"]
OBJECTIVE_FIELDS = ["reference", "title", "description"]
ACTION_FIELDS = [
    "objective",
    "kind",
    "reference",
    "title",
    "description",
    "outcomes",
    "outputs",
    "target_date",
    "timescale",
    "lead_officer",
    "lead_agency",
    "partners",
    "owner",
    "recommendation",
    "national_objective",
]


def _require_editor(viewer: Viewer, partnership_id: int | None = None) -> Partnership:
    if not access.can_edit_plans(viewer):
        raise Refused("Only the partnership's Prevent coordinator can change plans.")
    if partnership_id is not None and partnership_id != viewer.partnership.pk:
        raise Refused("This plan belongs to another partnership.")
    return viewer.partnership


def _only(values: dict[str, Any], fields: list[str], what: str) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"Not {what} fields: {', '.join(sorted(unknown))}")


def _record_created(viewer: Viewer, instance: Any, fields: list[str], verb: str) -> None:
    record(
        verb=verb,
        actor=viewer.user,
        partnership=viewer.partnership,
        target=instance,
        changes=created(snapshot(instance, fields)),
    )


def _save_changes(
    viewer: Viewer, instance: Any, fields: list[str], before: dict[str, Any], verb: str
) -> None:
    """Save and audit the instance if any of `fields` differs from `before`."""
    changes = changes_between(before, snapshot(instance, fields))
    if changes:
        instance.save()
        record(verb=verb, actor=viewer.user, partnership=viewer.partnership, target=instance, changes=changes)


def _check_lengths(model: type[models.Model], values: dict[str, Any]) -> None:
    """The model's limits on free text, for callers that come without a form (imports,
    commands, the demo): the forms say the same limits before anything gets here."""
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        try:
            limit = text_limit(model, name)
        except LookupError:
            continue
        if len(value) > limit:
            label = capfirst(str(getattr(model._meta.get_field(name), "verbose_name", name)))
            raise Refused(f"{label} must be {limit:,} characters or fewer", field=name)


def _check_period(period_start: dt.date, period_end: dt.date) -> None:
    if period_end <= period_start:
        raise Refused("The end of the period must be after its start", field="period_end")


def _check_owner(viewer: Viewer, owner: User | None) -> None:
    if owner is not None and owner.pk not in set(action_owner_choices(viewer).values_list("pk", flat=True)):
        raise Refused("The owner must be an action owner or coordinator in this partnership", field="owner")


def action_owner_choices(viewer: Viewer) -> Any:
    return User.objects.filter(
        memberships__partnership=viewer.partnership,
        memberships__role__in=[Role.ACTION_OWNER, Role.COORDINATOR],
        is_active=True,
    ).distinct()


@transaction.atomic
def create_strategy(
    *,
    viewer: Viewer,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    status: str = StrategyStatus.DRAFT,
    source: str = "",
    summary: str = "",
) -> Strategy:
    partnership = _require_editor(viewer)
    _check_period(period_start, period_end)
    _check_lengths(Strategy, {"title": title, "source": source, "summary": summary})
    strategy = Strategy.objects.create(
        partnership=partnership,
        title=title,
        period_start=period_start,
        period_end=period_end,
        status=status,
        source=source,
        summary=summary,
    )
    _record_created(viewer, strategy, STRATEGY_FIELDS, "plans.strategy.created")
    return strategy


@transaction.atomic
def update_strategy(*, viewer: Viewer, strategy: Strategy, **values: Any) -> Strategy:
    _require_editor(viewer, strategy.partnership_id)
    _only(values, STRATEGY_FIELDS, "strategy")
    _check_lengths(Strategy, values)
    before = snapshot(strategy, STRATEGY_FIELDS)
    for name, value in values.items():
        setattr(strategy, name, value)
    _check_period(strategy.period_start, strategy.period_end)
    _save_changes(viewer, strategy, STRATEGY_FIELDS, before, "plans.strategy.updated")
    return strategy


def _next_position(positions: Iterable[int | None], what: str) -> int:
    highest = max((p for p in positions if p is not None), default=0)
    if highest >= MAX_POSITION:
        raise Refused(f"A plan can have at most {MAX_POSITION} {what} in one place")
    return highest + 1


@transaction.atomic
def add_objective(
    *,
    viewer: Viewer,
    strategy: Strategy,
    title: str,
    reference: str = "",
    description: str = "",
    parent: Objective | None = None,
) -> Objective:
    _require_editor(viewer, strategy.partnership_id)
    if parent is not None and (parent.strategy_id != strategy.pk or parent.parent_id is not None):
        raise Refused("An area of focus must sit under an objective of the same plan", field="parent")
    _check_lengths(Objective, {"title": title, "reference": reference, "description": description})
    siblings = Objective.objects.filter(strategy=strategy, parent=parent)
    position = _next_position([siblings.aggregate(top=Max("position"))["top"]], "objectives")
    sort_key = parent.sort_key + position * SLOT if parent else position * SLOT * SLOT
    objective = Objective.objects.create(
        strategy=strategy,
        parent=parent,
        position=position,
        sort_key=sort_key,
        reference=reference,
        title=title,
        description=description,
    )
    _record_created(viewer, objective, [*OBJECTIVE_FIELDS, "parent"], "plans.objective.created")
    return objective


@transaction.atomic
def update_objective(*, viewer: Viewer, objective: Objective, **values: Any) -> Objective:
    _require_editor(viewer, objective.strategy.partnership_id)
    _only(values, OBJECTIVE_FIELDS, "objective")
    _check_lengths(Objective, values)
    before = snapshot(objective, OBJECTIVE_FIELDS)
    for name, value in values.items():
        setattr(objective, name, value)
    _save_changes(viewer, objective, OBJECTIVE_FIELDS, before, "plans.objective.updated")
    return objective


def _place(action: Action, objective: Objective) -> None:
    top = Action.objects.filter(objective=objective).aggregate(top=Max("position"))["top"]
    action.position = _next_position([top], "actions")
    action.sort_key = objective.sort_key + action.position


@transaction.atomic
def add_action(*, viewer: Viewer, objective: Objective, title: str, **values: Any) -> Action:
    strategy = objective.strategy
    _require_editor(viewer, strategy.partnership_id)
    _check_owner(viewer, values.get("owner"))
    _only(values, ACTION_FIELDS, "action")
    _check_lengths(Action, {"title": title, **values})
    action = Action(
        partnership=strategy.partnership,
        strategy=strategy,
        objective=objective,
        title=title,
        kind=values.pop("kind", None) or ActionKind.ACTION,
        **values,
    )
    _place(action, objective)
    action.save()
    _record_created(viewer, action, ACTION_FIELDS, "plans.action.created")
    return action


@transaction.atomic
def update_action(*, viewer: Viewer, action: Action, **values: Any) -> Action:
    _require_editor(viewer, action.partnership_id)
    _only(values, ACTION_FIELDS, "action")
    _check_lengths(Action, values)
    if "owner" in values:
        _check_owner(viewer, values["owner"])
    objective = values.get("objective")
    if objective is not None and objective.strategy_id != action.strategy_id:
        raise Refused("An action can only move to an objective of the same plan", field="objective")
    before = snapshot(action, ACTION_FIELDS)
    moved = objective is not None and objective.pk != action.objective_id
    for name, value in values.items():
        setattr(action, name, value)
    if objective is not None and moved:
        _place(action, objective)
    _save_changes(viewer, action, ACTION_FIELDS, before, "plans.action.updated")
    return action


@transaction.atomic
def record_progress_update(
    *,
    viewer: Viewer,
    action: Action,
    update_date: dt.date,
    rag: str,
    commentary: str,
    evidence_files: Sequence[Any] = (),
    is_demo: bool = False,
) -> ProgressUpdate:
    if action.partnership_id != viewer.partnership.pk:
        raise Refused("This action belongs to another partnership.")
    if not access.can_update(viewer, action):
        raise Refused("You can only update actions you lead.")
    if rag not in Rag.values:
        raise Refused("Select a RAG status", field="rag")
    if not commentary.strip():
        raise Refused("Enter a commentary on progress", field="commentary")
    _check_lengths(ProgressUpdate, {"commentary": commentary.strip()})
    if update_date > today():
        raise Refused("The date of the update must be today or in the past", field="update_date")
    if len(evidence_files) > uploads.MAX_FILES:
        raise Refused(f"Attach at most {uploads.MAX_FILES} evidence files", field="evidence")
    checked = [uploads.check(upload) for upload in evidence_files]

    locked = Action.objects.select_for_update().get(pk=action.pk)
    update = ProgressUpdate.objects.create(
        action=locked,
        update_date=update_date,
        rag=rag,
        commentary=commentary.strip(),
        author=viewer.user,
        is_demo=is_demo,
    )
    saved: list[str] = []
    try:
        for item in checked:
            attachment = EvidenceFile(
                update=update,
                original_name=item.name,
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
            )
            stored_as = attachment.file.field.generate_filename(attachment, item.name)
            attachment.file = uploads.store(attachment.file.storage, stored_as, item.upload, field="evidence")
            saved.append(str(attachment.file.name))
            attachment.save()
    except Exception:
        for name in saved:
            default_storage.delete(name)
        raise

    before = {"rag": locked.rag, "last_update_on": locked.last_update_on}
    # A back-dated update joins the history without replacing a more recent status.
    if locked.last_update_on is None or update_date >= locked.last_update_on:
        locked.rag = rag
        locked.last_update_on = update_date
        locked.save(update_fields=["rag", "last_update_on", "updated_at"])
    action.rag, action.last_update_on = locked.rag, locked.last_update_on
    record(
        verb="plans.progress_update.recorded",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=locked,
        changes={
            **changes_between(
                {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in before.items()},
                {"rag": locked.rag, "last_update_on": locked.last_update_on.isoformat()},
            ),
            "progress_update": {"from": None, "to": str(update.uuid)},
            "update_rag": {"from": None, "to": rag},
            "update_date": {"from": None, "to": update_date.isoformat()},
            "evidence_files": {"from": None, "to": len(checked)},
        },
    )
    return update


@transaction.atomic
def import_plan(
    *,
    viewer: Viewer,
    rows: Sequence[Any],
    file_name: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    status: str = StrategyStatus.DRAFT,
    source: str = "",
    summary: str = "",
) -> Strategy:
    """Create a plan from checked spreadsheet rows (see plans.spreadsheets). It only
    writes: plans.forms.ImportForm reads and checks the file before this transaction, which
    on SQLite holds the write lock from its start. Any refusal rolls the whole import back."""
    strategy = create_strategy(
        viewer=viewer,
        title=title,
        period_start=period_start,
        period_end=period_end,
        status=status,
        source=source or f"Imported from {file_name}",
        summary=summary,
    )
    owners = {user.email.lower(): user for user in action_owner_choices(viewer)}
    objectives: dict[tuple[str, str], Objective] = {}
    areas: dict[tuple[str, str, str], Objective] = {}
    placed: dict[int, int] = {}
    imported: list[tuple[Action, str]] = []
    on = today()
    for row in rows:
        values = dict(row.values)
        key = (values.pop("objective_reference", ""), values.pop("objective"))
        objective = objectives.get(key)
        if objective is None:
            objective = objectives[key] = add_objective(
                viewer=viewer, strategy=strategy, title=key[1], reference=key[0]
            )
        area_title = values.pop("area_of_focus", "")
        target = objective
        if area_title:
            target = areas.get((*key, area_title))  # type: ignore[assignment]
            if target is None:
                target = areas[(*key, area_title)] = add_objective(
                    viewer=viewer, strategy=strategy, title=area_title, parent=objective
                )
        rag = values.pop("rag", "")
        owner_email = values.pop("owner_email", "")
        try:
            if owner_email:
                if owner_email not in owners:
                    raise Refused(f"Owner email {owner_email} is not an action owner or coordinator")
                values["owner"] = owners[owner_email]
            _only(values, ACTION_FIELDS, "action")
            _check_lengths(Action, values)
            position = placed[target.pk] = _next_position([placed.get(target.pk)], "actions")
        except Refused as refused:
            raise Refused(f"Row {row.line}: {refused.message}") from refused
        action = Action(
            partnership=strategy.partnership,
            strategy=strategy,
            objective=target,
            kind=values.pop("kind", None) or ActionKind.ACTION,
            position=position,
            sort_key=target.sort_key + position,
            **values,
        )
        if rag:
            action.rag, action.last_update_on = rag, on
        imported.append((action, rag))
    _write_imported(viewer, imported, file_name, on)
    record(
        verb="plans.strategy.imported",
        actor=viewer.user,
        partnership=viewer.partnership,
        target=strategy,
        changes={"file": {"from": None, "to": file_name}, "actions": {"from": None, "to": len(rows)}},
    )
    return strategy


def _write_imported(viewer: Viewer, imported: list[tuple[Action, str]], file_name: str, on: dt.date) -> None:
    """Write an import's actions, their first progress updates and every audit event in a
    few statements, as add_action and record_progress_update would one by one: on SQLite
    a write transaction holds everyone else's writes, so a large plan must not take it for
    long."""
    actions = [action for action, _ in imported]
    Action.objects.bulk_create(actions, batch_size=500)
    updates = [
        ProgressUpdate(
            action=action,
            update_date=on,
            rag=rag,
            commentary=f"Status imported from {file_name}.",
            author=viewer.user,
        )
        for action, rag in imported
        if rag
    ]
    ProgressUpdate.objects.bulk_create(updates, batch_size=500)
    events: list[dict[str, Any]] = [
        {
            "verb": "plans.action.created",
            "actor": viewer.user,
            "partnership": viewer.partnership,
            "target": action,
            "changes": created(snapshot(action, ACTION_FIELDS)),
        }
        for action in actions
    ]
    events += [
        {
            "verb": "plans.progress_update.recorded",
            "actor": viewer.user,
            "partnership": viewer.partnership,
            "target": update.action,
            "changes": {
                **changes_between(
                    {"rag": "", "last_update_on": None},
                    {"rag": update.rag, "last_update_on": update.update_date.isoformat()},
                ),
                "progress_update": {"from": None, "to": str(update.uuid)},
                "update_rag": {"from": None, "to": update.rag},
                "update_date": {"from": None, "to": update.update_date.isoformat()},
                "evidence_files": {"from": None, "to": 0},
            },
        }
        for update in updates
    ]
    record_many(events)
