"""What a notification is about, and whether its reader may still read it.

A notification copies titles into its context when it is written; what it may show is decided when it
is shown or e-mailed. Every notification names its subject (`subject_type`, `subject_id`), and the app
that owns the subject registers, in its AppConfig.ready, one check per subject type: given a user and
some ids, the ids that user may still read, answered by that app's own scoped selector in one query.
A notification whose subject its reader may no longer read shows one neutral line, with no link and
nothing of its context, and is never e-mailed. A notification without a subject (written before
subjects were recorded and not backfilled), or whose subject type nobody registered, counts as one
that may no longer be read.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.utils.translation import gettext

from profiles.models import User
from profiles.selectors import organisations_visible_to

from .kinds import notification_text
from .models import Notification

ReadableIds = Callable[[User, set[int]], set[int]]

_CHECKS: dict[str, ReadableIds] = {}


def subject_register(subject_type: str, readable_ids: ReadableIds) -> None:
    """Registers the check of one subject type ("needs.capabilityrequest"); once per type."""
    registered = _CHECKS.setdefault(subject_type, readable_ids)
    if registered is not readable_ids:
        raise ValueError(f"The notification subject {subject_type!r} is registered twice.")


def subject_check(subject_type: str) -> None:
    """Fails loudly, at the caller, on a subject nobody can check."""
    if subject_type not in _CHECKS:
        raise ValueError(f"Unknown notification subject {subject_type!r}; register it with subject_register.")


def still_readable(user: User, notifications: Iterable[Notification]) -> set[int]:
    """The ids of those `notifications` whose subject `user` may still read: one query per subject type."""
    notifications = list(notifications)
    wanted: dict[str, set[int]] = defaultdict(set)
    for notification in notifications:
        if notification.subject_type and notification.subject_id is not None:
            wanted[notification.subject_type].add(notification.subject_id)
    readable = {kind: _CHECKS[kind](user, ids) for kind, ids in wanted.items() if kind in _CHECKS}
    return {
        notification.pk
        for notification in notifications
        if notification.subject_id in readable.get(notification.subject_type, ())
    }


def neutral_text() -> str:
    return gettext("An item you can no longer see")


def shown(user: User, notifications: Iterable[Notification]) -> list[Notification]:
    """Gives each notification its `text` and `link` as `user` may see them now: its own text and link,
    or the neutral line and no link."""
    notifications = list(notifications)
    readable = still_readable(user, notifications)
    for notification in notifications:
        if notification.pk in readable:
            notification.text = notification_text(notification.kind, notification.context)
            notification.link = notification.url
        else:
            notification.text = neutral_text()
            notification.link = None
    return notifications


def _readable_organisation_ids(user: User, ids: set[int]) -> set[int]:
    return set(organisations_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def register_own_subjects() -> None:
    """Organisations belong to an app before this one, so they are registered here."""
    subject_register("profiles.organisation", _readable_organisation_ids)
