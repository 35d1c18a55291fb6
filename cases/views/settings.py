"""The partnership's local Channel policy: the gateway target, how often cases receiving
support are reviewed, from when post-exit reviews may be recorded, and how long closed
cases are kept."""

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
        "post_exit_6_opens_months": partnership.post_exit_6_opens_months,
        "post_exit_12_opens_months": partnership.post_exit_12_opens_months,
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
            post_exit_6_opens_months=data["post_exit_6_opens_months"],
            post_exit_12_opens_months=data["post_exit_12_opens_months"],
            retention_years=form.retention_years(),
        )
        return Done(reverse("cases:channel_settings"), "Channel settings saved")

    return form_page(request, form, save=save, template="cases/channel_settings.html")
