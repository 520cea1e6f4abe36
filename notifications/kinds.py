"""The kinds of notification: one row each, with the in-app text and the context keys it needs.

Adding a kind is one line here plus its three e-mail templates under
``templates/notifications/email/<kind with "." as "_">{_subject.txt,.txt,.html}``.
"""

from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _


@dataclass(frozen=True)
class Kind:
    text: str  # a str.format pattern over the context (a message id), translated when shown
    keys: tuple[str, ...]


KINDS: dict[str, Kind] = {
    # Written until staff were told once a day per request (match.candidates); kept for those already written.
    "match.candidate": Kind(
        _("New candidate for {request_title}: {offer_title} ({score:.0%})"),
        ("request_title", "offer_title", "score"),
    ),
    # One per request, staff member and day: `candidates` lists the day's new ones, `offer_list` the best of them.
    "match.candidates": Kind(
        _("New candidates for {request_title} ({count}): {offer_list}"),
        ("request_title", "count", "offer_list", "candidates"),
    ),
    "match.proposed": Kind(_("Proposed introduction: {title}"), ("title", "summary")),
    "match.changed": Kind(
        _("{title}: {from_state_label} → {to_state_label}"), ("title", "from_state_label", "to_state_label", "note")
    ),
    # A step that leaves the match where it was (one side's acceptance, feedback, a pull): told as what happened.
    "match.event": Kind(_("{title}: {event_label}"), ("title", "event_label", "note")),
    # A new message in a match's conversation: its text stays on the site, where only the parties read it.
    "match.message": Kind(_("New message about {title}"), ("title",)),
    "match.reminder": Kind(_("Reminder: meeting “{topic}” on {when} — {title}"), ("title", "topic", "when")),
    "request.suggested": Kind(
        _(
            "A request you may answer: {request_title} ({urgency_label}, needed by {needed_by}), "
            "for your offer {offer_title}"
        ),
        ("request_title", "urgency_label", "needed_by", "offer_title"),
    ),
    "offer.saved_search": Kind(
        _("New offer for your saved search “{search}”: {offer_title}"), ("search", "offer_title")
    ),
    "organisation.vetted": Kind(_("{organisation}: {state_label}"), ("organisation", "state_label")),
}


def kind_get(kind: str) -> Kind:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"Unknown notification kind {kind!r}; add it to notifications.kinds.KINDS.") from None


def email_template(kind: str) -> str:
    return "notifications/email/" + kind.replace(".", "_")


def localised_context(context: dict) -> dict:
    """`*_label` values arrive as the English label (a message id) and are shown in the reader's language."""
    return {
        key: gettext(value) if key.endswith("_label") and isinstance(value, str) and value else value
        for key, value in context.items()
    }


def notification_text(kind: str, context: dict) -> str:
    """The one-line text of a notification, in the active language."""
    spec = KINDS.get(kind)
    if spec is None:
        return gettext("Notification")
    context = localised_context(context)
    try:
        return gettext(spec.text).format_map(context)
    except (KeyError, IndexError, ValueError):  # a translation that mangled a placeholder
        return spec.text.format_map(context)


def context_check(kind: str, context: dict) -> None:
    """Fails loudly, at the caller, on a context the kind cannot be shown with."""
    spec = kind_get(kind)
    missing = [key for key in spec.keys if key not in context]
    if missing:
        raise ValueError(f"Notification {kind!r} needs context keys {missing}.")
    spec.text.format_map(context)
