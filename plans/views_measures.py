"""The pages that add, change, remove and recalculate an action's measures
(plans.measures). The coordinator changes any action's; an action owner only those of the
actions they lead; the steering group reads them where it reads the plan."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import Viewer, partnership_view
from govuk import measures as registry
from govuk.pages import Done, button, form_page, posted
from plans import access
from plans import measures as plan_measures
from plans.access import PLAN_EDITORS, PLAN_UPDATERS
from plans.forms_measures import MeasureForm, SourceForm, initial_for


@partnership_view(*PLAN_UPDATERS)
def measure_create(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    action = access.get_updatable_action(viewer, uuid)
    code = request.POST.get("source") if request.method == "POST" else request.GET.get("source")
    source = registry.source(code or "")
    if source is None:
        # First step: which figure. A GET form, so nothing is written.
        # Bound once sent (the form carries `chosen`), so sending it with nothing chosen says so.
        sent = "source" in request.GET or "chosen" in request.GET
        choose = SourceForm(request.GET if sent else None)
        choose.is_valid()
        return render(request, "plans/measure_source.html", {"action": action, "form": choose})

    def save(data: dict[str, Any]) -> Done:
        plan_measures.add_measure(viewer=viewer, action=action, **form.measure_values())
        return Done(action.get_absolute_url() + "#measures", "Measure added")

    form = MeasureForm(
        posted(request), source=source, partnership=viewer.partnership, initial={"period": "plan"}
    )
    return form_page(
        request,
        form,
        save=save,
        template="plans/measure_form.html",
        context={"action": action, "source": source, "measure": None},
    )


@partnership_view(*PLAN_UPDATERS)
def measure_edit(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    measure = access.get_updatable_measure(viewer, uuid)
    action = measure.action
    source = registry.source(measure.source)
    if source is None:
        raise Http404  # the app that offered the figure is gone: the measure can only be removed

    def save(data: dict[str, Any]) -> Done:
        plan_measures.update_measure(viewer=viewer, measure=measure, **form.measure_values())
        return Done(action.get_absolute_url() + "#measures", "Measure saved")

    form = MeasureForm(
        posted(request), source=source, partnership=viewer.partnership, initial=initial_for(measure)
    )
    return form_page(
        request,
        form,
        save=save,
        template="plans/measure_form.html",
        context={"action": action, "source": source, "measure": measure},
    )


@partnership_view(*PLAN_UPDATERS)
def measure_remove(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    measure = access.get_updatable_measure(viewer, uuid)
    back = measure.action.get_absolute_url() + "#measures"

    def press() -> Done:
        plan_measures.remove_measure(viewer=viewer, measure=measure)
        return Done(back, "Measure removed")

    return button(request, press=press, back=back)


@partnership_view(*PLAN_UPDATERS)
def measure_recalculate(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    measure = access.get_updatable_measure(viewer, uuid)
    back = measure.action.get_absolute_url() + "#measures"

    def press() -> Done:
        plan_measures.recalculate_measure(viewer=viewer, measure=measure)
        return Done(back, "Measure recalculated")

    return button(request, press=press, back=back)


@partnership_view(*PLAN_EDITORS)
def strategy_measures_recalculate(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    strategy = access.get_strategy(viewer, uuid)
    back = strategy.get_absolute_url() + "#actions"

    def press() -> Done:
        number = plan_measures.recalculate_strategy(viewer=viewer, strategy=strategy)
        return Done(back, f"{number} measure{'' if number == 1 else 's'} recalculated")

    return button(request, press=press, back=back)
