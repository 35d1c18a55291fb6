"""Django admin for system administrators: the regions regional advisers read. Unlike the
accounts admin, which saves models and audits what the form changed (accounts.admin), this
one saves through the actions of performance.actions_regions, which validate, forget the
stored releases the change makes wrong and record one audit event per change. The
partnerships and readers are saved with the name, by the action, not by the admin's own
save of many-to-many fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, ManyToManyField, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.models import Role, User
from lib.errors import Refused
from performance import actions_regions
from performance.models import Region


class ReaderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        # Two people may share a name; the e-mail tells them apart.
        return f"{obj.full_name} ({obj.email})"


class RegionForm(forms.ModelForm[Region]):
    class Meta:
        model = Region
        fields = ["name", "partnerships", "readers"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if any(name in self.errors for name in ("name", "partnerships", "readers")):
            return data
        try:
            data["name"] = actions_regions.check_region(
                name=data["name"],
                partnerships=data["partnerships"],
                readers=data["readers"],
                region=self.instance,
            )
        except Refused as refused:
            self.add_error(refused.field if refused.field in self.fields else None, refused.message)
        return data


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    form = RegionForm
    list_display = ("name", "partnership_count", "reader_count")
    search_fields = ("name",)
    filter_horizontal = ("partnerships", "readers")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Region]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                partnership_total=Count("partnerships", distinct=True),
                reader_total=Count("readers", distinct=True),
            )
        )

    @admin.display(description="Partnerships", ordering="partnership_total")
    def partnership_count(self, region: Region) -> int:
        return int(getattr(region, "partnership_total", 0))

    @admin.display(description="Readers", ordering="reader_total")
    def reader_count(self, region: Region) -> int:
        return int(getattr(region, "reader_total", 0))

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        if db_field.name == "partnerships":
            kwargs["help_text"] = (
                "At least two. Their Channel statistics are published together as the "
                "region's, and protected together so that no partnership's figures can be "
                "worked out from the region's."
            )
        if db_field.name == "readers":
            kwargs["queryset"] = (
                User.objects.filter(memberships__role=Role.REGIONAL).distinct().order_by("full_name", "email")
            )
            kwargs["form_class"] = ReaderChoiceField
            kwargs["help_text"] = (
                "The regional advisers who read the region's statistics. Only people with the "
                "regional adviser role are listed, and each must hold it in one of the region's "
                "partnerships (give it on their page under Users)."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Refused as refused:
            # The form's checks passed, but another change came first and the action
            # refused: its transaction (the admin's) was rolled back, so nothing is saved.
            self.message_user(request, f"Not saved: {refused.message}", messages.ERROR)
            return redirect(request.get_full_path())

    def save_model(
        self, request: HttpRequest, obj: Region, form: forms.ModelForm[Region], change: bool
    ) -> None:
        data = form.cleaned_data
        actor: User = request.user  # type: ignore[assignment]
        if change:
            saved = actions_regions.update_region(
                actor=actor,
                region=obj,
                name=data["name"],
                partnerships=data["partnerships"],
                readers=data["readers"],
            )
        else:
            saved = actions_regions.create_region(
                actor=actor, name=data["name"], partnerships=data["partnerships"], readers=data["readers"]
            )
        # The admin goes on with `obj` (its history entry, the redirect): make it the saved row.
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm[Region],
        formsets: Any,
        change: bool,
    ) -> None:
        # The partnerships and readers were saved by the action in save_model, with the audit
        # event; saving the form's many-to-many fields again would write around it.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Region) -> None:
        actions_regions.delete_region(actor=request.user, region=obj)  # type: ignore[arg-type]

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Region]) -> None:
        for region in queryset:
            actions_regions.delete_region(actor=request.user, region=region)  # type: ignore[arg-type]
