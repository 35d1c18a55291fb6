"""Django admin for system administrators: people, partnerships and roles. Every save
and deletion is recorded in the audit log like any other change. A person's page says
whether they have an authenticator app, never its key, and resetting their second factor
goes through `accounts.actions.reset_two_factor`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from accounts import actions
from accounts.access import has_authenticator
from accounts.models import Membership, Partnership, SealedTOTPDevice, User
from audit.log import plain, record


class AuditedAdmin(admin.ModelAdmin):
    audited_fields: tuple[str, ...] = ()

    def _partnership(self, obj: models.Model) -> Partnership | None:
        if isinstance(obj, Partnership):
            return obj
        return getattr(obj, "partnership", None)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = form.changed_data if change else [f for f in self.audited_fields if getattr(obj, f, None)]
        changes = {}
        for name in changed:
            # A password is recorded as changed, never with its value.
            secret = "password" in name
            changes[name] = {
                "from": None if secret or not change else plain(form.initial.get(name)),
                "to": "changed" if secret else plain(getattr(obj, name, form.cleaned_data.get(name))),
            }
        record(
            verb=f"admin.{obj._meta.model_name}.{'updated' if change else 'created'}",
            actor=request.user,  # type: ignore[arg-type]
            partnership=self._partnership(obj),
            target=obj,
            changes=changes,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request: HttpRequest, obj: Any) -> None:
        record(
            verb=f"admin.{obj._meta.model_name}.deleted",
            actor=request.user,  # type: ignore[arg-type]
            partnership=self._partnership(obj),
            target=obj,
        )


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ("name", "code", "slug")
    search_fields = ("name", "code")
    audited_fields = ("name", "slug", "code")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_superuser")
    search_fields = ("email", "full_name")
    list_filter = ("is_active", "is_superuser", "is_demo_account")
    audited_fields = ("email", "full_name", "job_title", "is_active", "is_superuser")
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "is_demo_account")}),
        ("Two-factor authentication", {"fields": ("two_factor",)}),
    )
    readonly_fields = ("two_factor",)
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    filter_horizontal = ()
    actions = ("reset_two_factor",)
    reset_two_factor_template = "admin/accounts/user/reset_two_factor.html"

    def get_list_display(self, request: HttpRequest) -> Any:
        return (*super().get_list_display(request), "authenticator_set_up")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        confirmed = SealedTOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_confirmed_authenticator=Exists(confirmed))

    @admin.display(description="Two-factor", boolean=True, ordering="has_confirmed_authenticator")
    def authenticator_set_up(self, user: User) -> bool:
        return bool(getattr(user, "has_confirmed_authenticator", False))

    @admin.display(description="Authenticator app")
    def two_factor(self, user: User) -> str:
        # Whether the person has one, and the way to reset it: never the key.
        if user.pk is None or not has_authenticator(user):
            return "Not set up"
        return format_html(
            'Set up. <a href="{}">Reset two-factor authentication</a> if they have lost '
            "their phone or changed it.",
            reverse("admin:accounts_user_reset_two_factor", args=[user.pk]),
        )

    @admin.action(description="Reset two-factor authentication for the selected people")
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        reset = [
            user.email
            for user in queryset
            if actions.reset_two_factor(actor=request.user, user=user)  # type: ignore[arg-type]
        ]
        if reset:
            self.message_user(
                request,
                f"Two-factor authentication was reset for {', '.join(reset)}. They must set up "
                "their authenticator app again when they next sign in.",
                messages.SUCCESS,
            )
        else:
            self.message_user(request, "None of the selected people had an authenticator app.", messages.INFO)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<path:object_id>/two-factor/reset/",
                self.admin_site.admin_view(self.reset_two_factor_view),
                name="accounts_user_reset_two_factor",
            ),
            *super().get_urls(),
        ]

    def reset_two_factor_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """GET asks to confirm; POST (with the CSRF token, as every admin view) resets."""
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        change_page = reverse("admin:accounts_user_change", args=[user.pk])
        if request.method == "POST":
            if actions.reset_two_factor(actor=request.user, user=user):  # type: ignore[arg-type]
                self.message_user(
                    request,
                    f"Two-factor authentication was reset for {user.email}. They must set up "
                    "their authenticator app again when they next sign in.",
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, f"{user.email} has no authenticator app to reset.", messages.INFO)
            return redirect(change_page)
        context = {
            **self.admin_site.each_context(request),
            "title": "Reset two-factor authentication",
            "opts": self.opts,
            "original": user,
            "has_authenticator": has_authenticator(user),
            "change_page": change_page,
        }
        return TemplateResponse(request, self.reset_two_factor_template, context)


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "partnership", "role", "agency")
    list_filter = ("partnership", "role")
    search_fields = ("user__email", "user__full_name")
    audited_fields = ("user", "partnership", "role", "agency")
