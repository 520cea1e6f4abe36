"""How pages show a pair's relevance, explanation and checklist, in the reader's language (matching/explanations.py)."""

from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import explanations

register = template.Library()


@register.simple_tag
def relevance(score: float) -> str:
    """A pair's relevance as a percentage, with what it means in its title. A tag rather than an included
    template: a queue page shows it on every row."""
    meaning = escape(_("The chance that this pair is relevant, read from how well their texts match"))
    try:
        percent = round(score * 100)
    except (TypeError, ValueError, OverflowError):
        percent = ""  # as widthratio shows a value that is no number
    # Translated outside the f-string: makemessages does not read inside one.
    label = escape(_("relevance"))
    return mark_safe(f'<p class="score" title="{meaning}">{percent}% <span class="score-label">{label}</span></p>')


@register.simple_tag
def explanation_lines(explanation) -> list[str]:
    return explanations.explanation_lines(explanation)


@register.simple_tag
def checks_shown(checks) -> list[explanations.ShownCheck]:
    return explanations.shown_checks(checks)


@register.simple_tag
def compact_checks(checks) -> str:
    """A pair's checklist in a line: how many checks fit (named in the title), then each warning and failure by
    name with its phrase in the title. Built here rather than by a template loop, and with plain escaping rather
    than format_html: a queue page shows thirty rows, and its texts are never marked safe."""
    compact = explanations.compact_checks(checks)
    if not compact.fitting and not compact.other:
        return ""
    items = []
    if compact.fitting:
        count = len(compact.fitting)
        fitting = escape(", ".join(compact.fitting))
        counted = escape(ngettext("%(count)s check fits", "%(count)s checks fit", count) % {"count": count})
        items.append(
            f'<li class="check check-fit" title="{fitting}"><span class="check-sign" aria-hidden="true">'
            f'{explanations.STATUS_SIGNS[explanations.FIT]}</span> {counted}<span class="visually-hidden">: '
            f"{fitting}</span></li>"
        )
    for check in compact.other:
        text = escape(check.text)
        items.append(
            f'<li class="check check-{escape(check.status)}" title="{text}"><span class="check-sign" '
            f'aria-hidden="true">{escape(check.sign)}</span> {escape(check.label)}<span class="visually-hidden">: '
            f"{escape(check.status_label)}. {text}</span></li>"
        )
    label = escape(_("Checks"))
    return mark_safe(f'<ul class="pair-checks compact" aria-label="{label}">{"".join(items)}</ul>')
