"""Template tags for GOV.UK Design System markup."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from urllib.parse import urlencode

from django import template
from django.forms import BoundField, Form, ModelChoiceField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_INPUT_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "password": "govuk-input",
    "number": "govuk-input",
    "url": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
    "multiplefile": "govuk-file-upload",
}


@register.simple_tag
def submission_field() -> SafeString:
    """A token that makes the form it is in save once, however often it is sent
    (govuk.pages.form_page); put it beside {% csrf_token %}."""
    return format_html('<input type="hidden" name="submission" value="{}">', secrets.token_urlsafe(24))


@register.filter
def govuk_kind(field: BoundField) -> str:
    widget_type = field.widget_type
    if widget_type in ("radioselect", "checkboxselectmultiple"):
        return "choices"
    if widget_type == "dateinputs":
        return "date"
    if widget_type == "checkbox":
        return "checkbox"
    if widget_type in ("file", "multiplefile", "clearablefile"):
        return "file"
    return "input"


@register.filter
def govuk_hint(field: BoundField) -> str:
    """The field's hint, and for a text box with a limit, the limit: a person pasting a
    long note sees it before they are refused."""
    limit = getattr(field.field, "max_length", None)
    if limit and field.widget_type == "textarea":
        return f"{field.help_text} Up to {limit:,} characters.".strip()
    return str(field.help_text or "")


@register.filter
def govuk_option_groups(field: BoundField) -> list[tuple[str, list[Any]]]:
    """A choice field's options under their group headings ("" for options in no group),
    from choices given as (heading, [(value, label), ...]) like a select's optgroups."""
    options = list(field)
    if isinstance(field.field, ModelChoiceField):
        return [("", options)]  # never grouped; its choices would be queried again
    groups: list[tuple[str, list[Any]]] = []
    index = 0
    for value, label in field.field.choices:  # type: ignore[attr-defined]
        size = len(label) if isinstance(label, list | tuple) else 1
        heading = str(value) if isinstance(label, list | tuple) else ""
        if groups and not heading and not groups[-1][0]:
            groups[-1][1].extend(options[index : index + size])
        else:
            groups.append((heading, options[index : index + size]))
        index += size
    return groups


def _conditional(form: Any) -> dict[str, dict[str, list[str]]]:
    return getattr(form, "conditional", None) or {}


@register.filter
def govuk_revealed(field: BoundField, value: Any) -> list[BoundField]:
    """The fields an option of `field` reveals (the form's `conditional`: field name, then
    option value, then the names of the fields it reveals)."""
    names = _conditional(field.form).get(field.name, {}).get(str(value), [])
    return [field.form[name] for name in names]


@register.filter
def govuk_is_revealed(field: BoundField) -> bool:
    """Whether the field is shown inside an option of another (and not on its own)."""
    return any(
        field.name in names for options in _conditional(field.form).values() for names in options.values()
    )


@register.filter
def govuk_is_multiple(field: BoundField) -> bool:
    return field.widget_type == "checkboxselectmultiple"


@register.simple_tag
def govuk_widget(field: BoundField) -> SafeString:
    widget_type = field.widget_type
    base = _INPUT_CLASSES.get(widget_type, "")
    classes = [base, field.field.widget.attrs.get("class", "")]
    if field.errors and base:
        classes.append(f"{base}--error")
    attrs: dict[str, Any] = {"class": " ".join(c for c in classes if c)}
    if widget_type == "dateinputs":
        attrs = {"class": "govuk-input--error"} if field.errors else {}
    elif widget_type == "select":
        return _select(field, attrs["class"])
    else:
        described = []
        if govuk_hint(field):
            described.append(f"{field.auto_id}-hint")
        if field.errors:
            described.append(f"{field.auto_id}-error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


def _select(field: BoundField, classes: str) -> SafeString:
    """A select built directly: Django's select widget renders a template per option,
    which is slow for long lists."""
    value = field.value()
    chosen = (
        {str(v) for v in value}
        if isinstance(value, list | tuple)
        else {str(value if value is not None else "")}
    )
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (option_value, " selected" if str(option_value) in chosen else "", label)
            for option_value, label in field.field.choices  # type: ignore[attr-defined]
        ),
    )
    described = " ".join(
        name
        for name, present in (
            (f"{field.auto_id}-hint", govuk_hint(field)),
            (f"{field.auto_id}-error", field.errors),
        )
        if present
    )
    return format_html(
        '<select class="{}" id="{}" name="{}"{}>{}</select>',
        classes,
        field.auto_id,
        field.html_name,
        format_html(' aria-describedby="{}"', described) if described else "",
        options,
    )


def _anchor(field: BoundField) -> str:
    kind = govuk_kind(field)
    if kind == "choices":
        return f"{field.auto_id}_0"
    if kind == "date":
        return f"{field.auto_id}_0"
    return str(field.id_for_label or field.auto_id)


@register.inclusion_tag("govuk/components/error_summary.html")
def govuk_error_summary(*forms: Form | None) -> dict[str, Any]:
    errors: list[tuple[str, str]] = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            errors.append(("", str(error)))
        for field in form:
            for error in field.errors:
                errors.append((_anchor(field), str(error)))
    return {"errors": errors}


RAG_TAG_COLOURS = {"red": "red", "amber": "orange", "green": "green", "complete": ""}


@register.simple_tag
def rag_tag(rag: str, label: str = "") -> SafeString:
    colour = RAG_TAG_COLOURS.get(rag or "", "grey")
    modifier = f" govuk-tag--{colour}" if colour else ""
    return format_html('<strong class="govuk-tag{}">{}</strong>', modifier, label or "Not rated")


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters replaced or removed."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter
def short_date(day: dt.date | None) -> str:
    """A date as GOV.UK tables show it, like 3 Oct 2018: the date filter's locale
    machinery costs too much in long tables."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else ""


@register.filter
def humanise_verb(verb: str) -> str:
    words = verb.split(".")[1:] if "." in verb else [verb]
    text = " ".join(words).replace("_", " ")
    return text[:1].upper() + text[1:]


@register.simple_tag
def govuk_back_link(href: str, text: str = "Back") -> SafeString:
    return format_html('<a href="{}" class="govuk-back-link">{}</a>', href, text)


@register.filter
def urlencode_dict(params: dict[str, Any]) -> str:
    return urlencode(params)


@register.inclusion_tag("govuk/components/breadcrumbs.html")
def govuk_breadcrumbs(*pairs: str) -> dict[str, Any]:
    """Breadcrumbs from alternating link texts and addresses."""
    return {"crumbs": [(href, text) for text, href in zip(pairs[::2], pairs[1::2], strict=True)]}
