"""Django admin for system administrators: people, partnerships and roles. Every save
and deletion is recorded in the audit log like any other change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.http import HttpRequest

from accounts.models import Membership, Partnership, User
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
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    filter_horizontal = ()


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ("user", "partnership", "role", "agency")
    list_filter = ("partnership", "role")
    search_fields = ("user__email", "user__full_name")
    audited_fields = ("user", "partnership", "role", "agency")
