"""The committee report of a plan as a tagged PDF (PDF/UA), drawn by WeasyPrint from
HTML so the web page and the report share their chart and wording."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from weasyprint import HTML

from lib.text import clean
from plans import measures as plan_measures
from plans import queries
from plans.models import Action, ProgressUpdate, Strategy


def report_context(strategy: Strategy) -> dict[str, Any]:
    on = queries.today()
    plan_actions = Action.objects.filter(strategy=strategy)
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-update_date", "-id")
    actions = list(
        plan_actions.select_related("objective", "objective__parent").annotate(
            latest_commentary=Subquery(latest.values("commentary")[:1]),
            latest_is_demo=Subquery(latest.values("is_demo")[:1]),
        )
    )
    measures = plan_measures.shown_for_strategy(strategy)
    for action in actions:
        setattr(action, "shown_measures", measures.get(action.pk, []))  # noqa: B010 - read by the template
    summary = queries.rag_summary(plan_actions, on)
    sections: list[dict[str, Any]] = []
    by_objective: dict[int, list[Any]] = {}
    for action in actions:
        by_objective.setdefault(action.objective_id, []).append((action, queries.overdue_reasons(action, on)))
    for objective in strategy.objectives.select_related("parent"):
        sections.append({"objective": objective, "rows": by_objective.get(objective.pk, [])})
    return {
        "strategy": strategy,
        "partnership": strategy.partnership,
        "generated_on": on,
        "summary": summary,
        "chart": queries.rag_chart(summary, title=f"RAG status of actions in {strategy.title}"),
        "sections": sections,
        "has_demo": any(action.latest_is_demo for action in actions),
    }


def report_html(strategy: Strategy) -> str:
    """The report's HTML, cleaned of the control characters text stored before forms
    and imports were cleaned may hold: the template itself has none."""
    return clean(render_to_string("plans/report.html", report_context(strategy)))


def render_pdf(strategy: Strategy) -> bytes:
    return HTML(string=report_html(strategy)).write_pdf(pdf_variant="pdf/ua-1")
