"""How pages show a pair's explanation and checklist, in the reader's language (matching/explanations.py)."""

from django import template

from .. import explanations

register = template.Library()


@register.simple_tag
def explanation_lines(explanation) -> list[str]:
    return explanations.explanation_lines(explanation)


@register.simple_tag
def checks_shown(checks) -> list[explanations.ShownCheck]:
    return explanations.shown_checks(checks)
