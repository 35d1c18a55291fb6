"""The partnership's local Channel policy: the gateway target, how often cases receiving
support are reviewed, and how long closed cases are kept."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from accounts.access import Viewer, partnership_view
from accounts.models import Role
from cases import actions, retention
from cases.forms.settings import ChannelSettingsForm
from govuk.pages import Done, form_page, posted


@partnership_view(Role.COORDINATOR, two_factor=True)
def channel_settings(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    partnership = viewer.partnership
    initial: dict[str, Any] = {
        "gateway_target_days": partnership.gateway_target_days,
        "support_review_weeks": partnership.support_review_weeks,
    }
    initial |= {
        f"retention_years_{outcome}": years for outcome, years in retention.periods(partnership).items()
    }
    form = ChannelSettingsForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> Done:
        actions.update_channel_settings(
            viewer=viewer,
            gateway_target_days=data["gateway_target_days"],
            support_review_weeks=data["support_review_weeks"],
            retention_years=form.retention_years(),
        )
        return Done(reverse("cases:channel_settings"), "Channel settings saved")

    return form_page(request, form, save=save, template="cases/channel_settings.html")
