"""How pages show a pair's explanation and checklist, in the reader's language (matching/explanations.py)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    """A pair's checklist in a line: how many checks fit (named in the title), then each warning and failure by
    name with its phrase in the title. Built here rather than by a template loop: a queue page shows a hundred
    rows."""
    compact = explanations.compact_checks(checks)
    if not compact.fitting and not compact.other:
        return ""
    items = []
    if compact.fitting:
        count = len(compact.fitting)
        items.append(
            format_html(
                '<li class="check check-fit" title="{}"><span class="check-sign" aria-hidden="true">{}</span> {}'
                '<span class="visually-hidden">: {}</span></li>',
                ", ".join(compact.fitting),
                explanations.STATUS_SIGNS[explanations.FIT],
                ngettext("%(count)s check fits", "%(count)s checks fit", count) % {"count": count},
                ", ".join(compact.fitting),
            )
        )
    items.extend(
        format_html(
            '<li class="check check-{}" title="{}"><span class="check-sign" aria-hidden="true">{}</span> {}'
            '<span class="visually-hidden">: {}. {}</span></li>',
            check.status,
            check.text,
            check.sign,
            check.label,
            check.status_label,
            check.text,
        )
        for check in compact.other
    )
    listed = format_html_join("", "{}", ((item,) for item in items))
    return format_html('<ul class="pair-checks compact" aria-label="{}">{}</ul>', _("Checks"), listed)
