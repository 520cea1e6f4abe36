"""How pages show a pair's explanation and checklist, in the reader's language (matching/explanations.py)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .. import explanations

register = template.Library()


@register.simple_tag
def explanation_lines(explanation) -> list[str]:
    return explanations.explanation_lines(explanation)


@register.simple_tag
def checks_shown(checks) -> list[explanations.ShownCheck]:
    return explanations.shown_checks(checks)


@register.simple_tag
def compact_checks(checks) -> str:
    """A pair's checklist in a line of signs and labels, each check's phrase in its title: what the queue shows on
    every row, built here rather than by a template loop (a queue page shows a hundred rows of seven checks)."""
    shown = explanations.shown_checks(checks)
    if not shown:
        return ""
    items = format_html_join(
        "",
        '<li class="check check-{}" title="{}"><span class="check-sign" aria-hidden="true">{}</span> {}'
        '<span class="visually-hidden">: {}</span></li>',
        ((check.status, check.text, check.sign, check.label, check.status_label) for check in shown),
    )
    return format_html('<ul class="pair-checks compact" aria-label="{}">{}</ul>', _("Checks"), items)
