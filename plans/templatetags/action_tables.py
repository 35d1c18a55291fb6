"""Rows of the action tables. They are built in Python, one string per row, because
at fifty rows the template engine's per-row cost (and then format_html's, called
several times a cell) was most of the page's time (see bench/plans.py). Every value
goes through `escape`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape

from django import template
from django.utils.safestring import SafeString

from govuk.rows import cell, joined, link
from govuk.templatetags.govuk import RAG_TAG_COLOURS, short_date
from plans.models import Action, ActionKind, Objective

register = template.Library()


def _group(html: str, columns: int = 5) -> str:
    return (
        '<tr class="govuk-table__row app-table__group">'
        f'<th scope="colgroup" colspan="{columns}" class="govuk-table__header">{html}</th></tr>'
    )


def _note(text: str, extra: str = "") -> str:
    return f'<span class="app-cell-note{extra}">{escape(text)}</span>'


def _rag(action: Action) -> str:
    colour = RAG_TAG_COLOURS.get(action.rag, "grey")
    modifier = f" govuk-tag--{colour}" if colour else ""
    label = action.get_rag_display() if action.rag else "Not rated"
    return f'<strong class="govuk-tag{modifier}">{escape(label)}</strong>'


def _lead(action: Action) -> str:
    return cell(escape(action.lead_officer or "Not recorded"))


def _status(action: Action) -> str:
    """The RAG and Last update cells, the last two of every action table."""
    return cell(_rag(action)) + cell(escape(short_date(action.last_update_on) or "None"))


def _measures(action: Action) -> str:
    """The action's measures (plans.measures.Shown, set on it by the view): value, what it
    counts, target and when computed."""
    shown = getattr(action, "shown_measures", ())
    if not shown:
        return "None"
    return "".join(
        f"<div><strong>{escape(item.value)}</strong> {escape(item.what)} "
        + _note(" · ".join(part[:1].upper() + part[1:] for part in (item.target, item.computed) if part))
        + "</div>"
        for item in shown
    )


def _plan_rows(rows: Iterable[tuple[Action, Objective, list[str]]]) -> Iterator[str]:
    current = None
    for action, objective, reasons in rows:
        if objective.pk != current:
            current = objective.pk
            prefix = "Area of focus: " if objective.parent_id else ""
            reference = f"{objective.reference}: " if objective.reference else ""
            yield _group(escape(f"{prefix}{reference}{objective.title}"), 6)
        notes = [action.recommendation] if action.recommendation else []
        if action.kind == ActionKind.PROJECT:
            notes.insert(0, "Commissioned project")
        title = link(action.get_absolute_url(), action.title)
        if notes:
            title += _note(" · ".join(notes))
        if reasons:
            title += _note("Overdue: " + "; ".join(reasons).lower(), " app-overdue")
        for shown in getattr(action, "shown_links", ()):
            title += f'<span class="app-cell-note">{link(shown.href, shown.text)}</span>'
        timescale = action.timescale or short_date(action.target_date) or "Not set"
        # In the order of the headings in strategy_detail.html: Action, Lead, Timescale, RAG,
        # Measures, Last update.
        yield (
            f'<tr class="govuk-table__row">{cell(title)}{_lead(action)}{cell(escape(timescale))}'
            f"{cell(_rag(action))}{cell(_measures(action))}"
            f"{cell(escape(short_date(action.last_update_on) or 'None'))}</tr>"
        )


def _overdue_rows(rows: Iterable[tuple[Action, list[str]]]) -> Iterator[str]:
    current = None
    for action, reasons in rows:
        strategy = action.strategy
        if strategy.pk != current:
            current = strategy.pk
            yield _group(link(strategy.get_absolute_url(), strategy.title))
        why = escape("; ".join(reasons))
        if action.target_date:
            why += _note(f"Target {short_date(action.target_date)}")
        # Action, Why it is overdue, Lead, RAG, Last update (overdue_list.html).
        yield (
            f'<tr class="govuk-table__row">{cell(link(action.get_absolute_url(), action.title))}'
            f"{cell(why)}{_lead(action)}{_status(action)}</tr>"
        )


def _listed_rows(rows: Iterable[tuple[Action, list[str]]], with_reasons: bool) -> Iterator[str]:
    for action, reasons in rows:
        owner = action.owner.full_name if action.owner else "None"
        # Action, Plan, Lead, Owner, Latest RAG, Last update[, Why it is listed] (action_list.html).
        cells = (
            cell(link(action.get_absolute_url(), action.title))
            + cell(link(action.strategy.get_absolute_url(), action.strategy.title))
            + _lead(action)
            + cell(escape(owner))
            + _status(action)
        )
        if with_reasons:
            why = escape("; ".join(reasons))
            if action.target_date:
                why += _note(f"Target {short_date(action.target_date)}")
            cells += cell(why)
        yield f'<tr class="govuk-table__row">{cells}</tr>'


@register.simple_tag
def plan_action_rows(rows: Iterable[tuple[Action, Objective, list[str]]]) -> SafeString:
    """A plan's actions, with a heading row whenever the objective changes."""
    return joined(_plan_rows(rows))


@register.simple_tag
def overdue_action_rows(rows: Iterable[tuple[Action, list[str]]]) -> SafeString:
    """Overdue actions, with a heading row linking to each plan."""
    return joined(_overdue_rows(rows))


@register.simple_tag
def listed_action_rows(rows: Iterable[tuple[Action, list[str]]], with_reasons: bool) -> SafeString:
    """The partnership-wide action list, with why each action is listed when the list
    is filtered to those needing attention."""
    return joined(_listed_rows(rows, with_reasons))
