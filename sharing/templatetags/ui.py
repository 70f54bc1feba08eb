"""Template helpers for GOV.UK pages."""
from django import template
from django.forms import CheckboxSelectMultiple, MultiWidget, RadioSelect

from sharing.policy import format_day
from sharing.vocabulary import context_label as _context_label

register = template.Library()


@register.filter
def error_anchor(bound_field) -> str:
    """The id of the first input of a field, so an error-summary link moves focus to it."""
    widget = bound_field.field.widget
    name = bound_field.html_name
    if isinstance(widget, (CheckboxSelectMultiple, RadioSelect)):
        return f"id_{name}_1"
    if isinstance(widget, MultiWidget):
        return f"id_{name}_0"
    return bound_field.auto_id or f"id_{name}"


@register.filter
def fmt_date(value) -> str:
    return format_day(value) if value else ""


@register.filter
def context_label(value: str) -> str:
    """Where a reveal was asked for, in words (the log keeps the short code)."""
    return _context_label(value)
