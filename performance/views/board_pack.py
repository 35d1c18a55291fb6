"""The board pack page: the coordinator produces a pack; the coordinator, steering members
and funders download the packs produced (they hold only protected figures)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from accounts.access import Viewer, partnership_view
from govuk.pages import Done, form_page, posted
from performance import board_pack
from performance import board_pack_actions as actions
from performance.board_pack import PRODUCERS, READERS
from performance.board_pack_forms import BoardPackForm
from performance.models import BoardPack


@partnership_view(*READERS)
def board_packs(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    packs = (
        BoardPack.objects.filter(partnership=viewer.partnership)
        .defer("pdf", "html")
        .select_related("produced_by")
        .order_by("-produced_at", "-id")
    )
    context: dict[str, Any] = {"packs": packs, "can_produce": viewer.has_any(*PRODUCERS)}
    if not viewer.has_any(*PRODUCERS):
        if request.method == "POST":
            raise Http404
        return render(request, "performance/board_pack/list.html", context)
    last = packs.first()
    form = BoardPackForm(
        posted(request),
        today=timezone.localdate(),
        initial={"audience": last.audience} if last else None,
    )

    def save(data: dict[str, Any]) -> Done:
        pack = actions.produce_pack(viewer=viewer, **form.values())
        return Done(
            reverse("performance:board_packs"),
            f"Board pack produced: {pack.title}, version {pack.version}",
        )

    return form_page(request, form, save=save, template="performance/board_pack/list.html", context=context)


@partnership_view(*READERS)
def board_pack_download(request: HttpRequest, viewer: Viewer, uuid: UUID) -> HttpResponse:
    pack = get_object_or_404(BoardPack, uuid=uuid, partnership=viewer.partnership)
    response = HttpResponse(bytes(pack.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{board_pack.file_name(pack)}"'
    return response
