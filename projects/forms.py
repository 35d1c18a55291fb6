from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from accounts.access import Viewer
from accounts.models import Membership, Role, User
from govuk.forms import DateField, ModelChoiceField
from partners.models import Organisation
from plans.forms import free_text
from plans.models import Action, ActionKind
from projects import access
from projects import quarters as q
from projects.models import (
    MAX_COUNT,
    MAX_MONEY,
    Funder,
    Level,
    Milestone,
    MilestoneStatus,
    MonitoringReturn,
    Outcome,
    Output,
    Project,
    ProjectStatus,
    ReturnLayout,
    ReturnSection,
    Risk,
    RiskStatus,
)


def money_field(label: str, *, required: bool = True, hint: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=Decimal(MAX_MONEY),
        max_digits=12,
        decimal_places=2,
        help_text=hint or "In pounds, such as 1250.00",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be an amount in pounds, such as 1250.00",
            "min_value": f"{label} must be £0 or more",
            "max_value": f"{label} must be £{MAX_MONEY:,} or less",
            "max_digits": f"{label} must be £{MAX_MONEY:,} or less",
            "max_decimal_places": f"{label} must have no more than 2 decimal places",
            "max_whole_digits": f"{label} must be £{MAX_MONEY:,} or less",
        },
    )


def count_field(label: str, *, required: bool = False, hint: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_COUNT,
        help_text=hint,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a whole number",
            "min_value": f"{label} must be 0 or more",
            "max_value": f"{label} must be {MAX_COUNT:,} or less",
        },
    )


def quarter_choices(project: Project) -> list[tuple[str, str]]:
    return [
        (quarter.isoformat(), q.label(quarter)) for quarter in q.between(project.start_on, project.end_on)
    ]


class QuarterField(forms.TypedChoiceField):
    def __init__(self, project: Project, **kwargs: Any) -> None:
        super().__init__(
            label="Quarter",
            choices=quarter_choices(project),
            coerce=q.parse,
            error_messages={
                "required": "Select the quarter",
                "invalid_choice": "Select a quarter from the list",
            },
            **kwargs,
        )


class ProjectForm(forms.Form):
    title = free_text(
        Project, "title", label="Title", required=True, required_message="Enter the project's title"
    )
    provider = ModelChoiceField(
        label="Provider",
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        help_text="The organisation delivering the project, from the register of organisations",
        error_messages={
            "required": "Select the provider",
            "invalid_choice": "Select a provider from the list",
        },
    )
    funder = ModelChoiceField(
        label="Funder",
        queryset=Funder.objects.none(),
        to_field_name="uuid",
        error_messages={"required": "Select the funder", "invalid_choice": "Select a funder from the list"},
    )
    grant_reference = free_text(
        Project, "grant_reference", label="Grant reference", width="govuk-input--width-20"
    )
    start_on = DateField(label="Start date", required=True)
    end_on = DateField(label="End date", required=True)
    status = forms.ChoiceField(
        label="Status",
        choices=ProjectStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status", "invalid_choice": "Select a status from the list"},
    )
    description = free_text(Project, "description", label="Description", rows=5)
    action = ModelChoiceField(
        label="Plan action it delivers",
        queryset=Action.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Not linked to a plan action",
        help_text="Rows of the partnership's plans of kind commissioned project",
        error_messages={"invalid_choice": "Select a plan action from the list"},
    )

    def __init__(self, *args: Any, viewer: Viewer, project: Project | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(partnership=viewer.partnership)  # type: ignore[attr-defined]
        funders = access.funders(viewer).filter(active=True)
        if project is not None:
            funders = access.funders(viewer).filter(active=True) | access.funders(viewer).filter(
                pk=project.funder_id
            )
        self.fields["funder"].queryset = funders  # type: ignore[attr-defined]
        taken = Project.objects.filter(partnership=viewer.partnership, action__isnull=False)
        if project is not None:
            taken = taken.exclude(pk=project.pk)
        actions = (
            Action.objects.filter(partnership=viewer.partnership, kind=ActionKind.PROJECT)
            .exclude(pk__in=taken.values("action_id"))
            .only("uuid", "title")
            .order_by("title", "id")
        )
        self.fields["action"].queryset = actions  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    is_filter = True
    funder = ModelChoiceField(
        label="Funder",
        queryset=Funder.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Any funder",
    )
    provider = ModelChoiceField(
        label="Provider",
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Any provider",
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *ProjectStatus.choices], required=False
    )
    quarter = forms.TypedChoiceField(
        label="Active in the quarter", choices=[], coerce=q.parse, required=False
    )

    def __init__(self, *args: Any, viewer: Viewer, quarters: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.filter(partnership=viewer.partnership)  # type: ignore[attr-defined]
        self.fields["provider"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=access.projects(viewer).values("provider_id")
        )
        choices = [("", "Any quarter")] + [(d.isoformat(), q.label(d)) for d in quarters]
        self.fields["quarter"].choices = choices  # type: ignore[attr-defined]


class BudgetForm(forms.Form):
    budget = money_field("Budget for the quarter")

    def __init__(self, *args: Any, project: Project, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields = {"quarter": QuarterField(project), **self.fields}


class OutputForm(forms.Form):
    description = free_text(
        Output,
        "description",
        label="Output",
        hint="What the project delivers, such as 25 x 2 hour training sessions",
        required=True,
        required_message="Enter the output",
    )
    target_total = count_field(
        "Target for the whole project", hint="A number, such as 25. Leave empty to profile by quarter only"
    )


class OutputTargetForm(forms.Form):
    target = count_field("Target for the quarter", hint="Leave empty for no target this quarter")

    def __init__(self, *args: Any, project: Project, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields = {"quarter": QuarterField(project), **self.fields}


class OutcomeForm(forms.Form):
    description = free_text(
        Outcome, "description", label="Outcome", required=True, required_message="Enter the outcome"
    )
    target = free_text(Outcome, "target", label="Target")
    result = free_text(Outcome, "result", label="Result so far", rows=4)


class MilestoneForm(forms.Form):
    title = free_text(
        Milestone, "title", label="Milestone", required=True, required_message="Enter the milestone"
    )
    due_on = DateField(label="Due date", required=True)
    status = forms.ChoiceField(
        label="Status",
        choices=MilestoneStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status", "invalid_choice": "Select a status from the list"},
    )
    completed_on = DateField(label="Date completed", required=False)


class RiskForm(forms.Form):
    description = free_text(
        Risk, "description", label="Risk", required=True, required_message="Enter the risk"
    )
    likelihood = forms.ChoiceField(
        label="Likelihood",
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the likelihood",
            "invalid_choice": "Select a likelihood from the list",
        },
    )
    impact = forms.ChoiceField(
        label="Impact",
        choices=Level.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the impact", "invalid_choice": "Select an impact from the list"},
    )
    mitigation = free_text(Risk, "mitigation", label="Mitigation", rows=4)
    status = forms.ChoiceField(
        label="Status",
        choices=RiskStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status", "invalid_choice": "Select a status from the list"},
    )


class ProviderForm(forms.Form):
    user = ModelChoiceField(
        label="Project provider",
        queryset=User.objects.none(),
        to_field_name="uuid",
        help_text="People who hold the project provider role in the partnership",
        error_messages={
            "required": "Select a project provider",
            "invalid_choice": "Select a project provider from the list",
        },
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=Membership.objects.filter(
                partnership=viewer.partnership, role=Role.PROJECT_PROVIDER
            ).values("user_id")
        ).order_by("full_name", "id")
        field.label_from_instance = lambda user: f"{user.full_name} ({user.email})"  # type: ignore[attr-defined]


class FunderForm(forms.Form):
    name = free_text(Funder, "name", label="Name", required=True, required_message="Enter the funder's name")


class LayoutForm(forms.Form):
    name = free_text(
        Funder, "name", label="Funder's name", required=True, required_message="Enter the funder's name"
    )
    active = forms.BooleanField(label="Offer this funder for new projects", required=False)
    title = free_text(
        ReturnLayout,
        "title",
        label="Title of the return",
        required=True,
        required_message="Enter the title of the return",
    )
    reference_fields = free_text(
        ReturnLayout,
        "reference_fields",
        label="Reference fields",
        hint=(
            "The references the funder asks for, one a line as label and value, "
            "such as Local authority code: E09000030"
        ),
        rows=4,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for code, label in ReturnSection.choices:
            self.fields[f"position_{code}"] = forms.TypedChoiceField(
                label=f"Place of the section {label}",
                choices=[
                    ("", "Leave out"),
                    *[(str(n), str(n)) for n in range(1, len(ReturnSection.choices) + 1)],
                ],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": "Select a place from the list"},
            )
            self.fields[f"heading_{code}"] = forms.CharField(
                label=f"Heading of the section {label}",
                required=False,
                max_length=100,
                help_text="Leave empty for the usual heading. Up to 100 characters.",
                error_messages={"max_length": "The heading must be 100 characters or fewer"},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        placed = sorted(
            (data[f"position_{code}"], index, code)
            for index, code in enumerate(ReturnSection.values)
            if data.get(f"position_{code}") is not None
        )
        if not placed and not self.errors:
            self.add_error(f"position_{ReturnSection.values[0]}", "Give at least one section a place")
        data["sections"] = [code for _, _, code in placed]
        data["headings"] = {code: data.get(f"heading_{code}") or "" for code in ReturnSection.values}
        return data


class StartReturnForm(forms.Form):
    def __init__(self, *args: Any, project: Project, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["quarter"] = QuarterField(project)


class ReturnForm(forms.Form):
    """The quarter's figures (spend, each output's actual, each milestone's status) and
    the narrative."""

    def __init__(
        self,
        *args: Any,
        monitoring_return: MonitoringReturn,
        outputs: list[Output],
        milestones: list[Milestone],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["spend"] = money_field(
            "Spend this quarter",
            required=False,
            hint="In pounds, such as 1250.00. Leave empty if not known yet",
        )
        for output in outputs:
            self.fields[f"output_{output.pk}"] = count_field(f"{output.description}: actual this quarter")
        for milestone in milestones:
            self.fields[f"milestone_{milestone.pk}"] = forms.ChoiceField(
                label=f"{milestone.title} (due {milestone.due_on:%-d %B %Y})",
                choices=MilestoneStatus.choices,
                error_messages={
                    "required": "Select the milestone's status",
                    "invalid_choice": "Select a status from the list",
                },
            )
        for name, label in (
            ("progress", "Progress this quarter"),
            ("issues", "Issues and how they are being dealt with"),
            ("next_quarter", "Plans for next quarter"),
        ):
            self.fields[name] = free_text(MonitoringReturn, name, label=label, rows=5)
        self.outputs = outputs
        self.milestones = milestones

    def figures(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "spend": data["spend"],
            "actuals": {output.pk: data[f"output_{output.pk}"] for output in self.outputs},
            "milestones": {m.pk: data[f"milestone_{m.pk}"] for m in self.milestones},
            "progress": data["progress"],
            "issues": data["issues"],
            "next_quarter": data["next_quarter"],
        }


class SendBackForm(forms.Form):
    comment = free_text(
        MonitoringReturn,
        "review_comment",
        label="What should the provider change?",
        rows=5,
        required=True,
        required_message="Say what the provider should change",
    )


class FunderReturnForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label="Quarter",
        choices=[],
        coerce=q.parse,
        error_messages={"required": "Select the quarter", "invalid_choice": "Select a quarter from the list"},
    )

    def __init__(self, *args: Any, quarters: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [(d.isoformat(), q.label(d)) for d in quarters]  # type: ignore[attr-defined]


class SummaryForm(forms.Form):
    """The financial year of the steering group's summary; anything else falls back to
    the year the view chooses."""

    is_filter = True
    year = forms.TypedChoiceField(label="Financial year", choices=[], coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(year), q.financial_year(dt.date(year, 4, 1))) for year in years]  # type: ignore[attr-defined]
