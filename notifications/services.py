"""Every write to notifications and preferences. The rest of the platform calls these, never the models."""

from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from profiles.models import User

from .kinds import context_check
from .models import EmailChannel, EmailFrequency, Notification, NotificationPreference
from .selectors import email_frequency_of
from .subjects import subject_check

CHANNEL_FOR_FREQUENCY = {
    EmailFrequency.IMMEDIATELY: EmailChannel.IMMEDIATE,
    EmailFrequency.DAILY: EmailChannel.DAILY,
    EmailFrequency.OFF: EmailChannel.NONE,
}


def _email_channel(recipient: User, *, digest_only: bool) -> str:
    frequency = email_frequency_of(recipient)
    if frequency == EmailFrequency.OFF:
        return EmailChannel.NONE
    return EmailChannel.WEEKLY if digest_only else CHANNEL_FOR_FREQUENCY[frequency]


def _enqueue_email(notification_id: int) -> None:
    from .tasks import send_notification_email  # tasks import this module

    # Robust: if the broker is down at commit, the row is already safe and the sweeper sends it later.
    transaction.on_commit(partial(send_notification_email.delay, notification_id), robust=True)


@transaction.atomic
def notification_create(
    *,
    recipient: User,
    kind: str,
    dedup_key: str,
    context: dict,
    url: str,
    subject_type: str,
    subject_id: int,
    digest_only: bool = False,
) -> Notification | None:
    """Writes a notification in the caller's transaction; None if `dedup_key` was used before.

    `context` must hold only what `recipient` may see (the caller projects it) and be JSON; values of
    keys ending in `_label` are the English labels, shown in the reader's language. `url` is a link
    back into the site ("/matches/12/"). `subject_type` and `subject_id` name the object the context
    was read from, under a type registered with `subjects.subject_register` whose check says whether a
    reader may still read what the context holds; it is asked again each time the notification is shown
    or e-mailed. After commit, an "immediately" recipient's e-mail is queued; `digest_only`
    notifications wait for the weekly digest.
    """
    context_check(kind, context)
    subject_check(subject_type)
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError("A notification links back into the site: give a path such as /matches/12/.")
    notification, created = Notification.objects.get_or_create(
        dedup_key=dedup_key,
        defaults={
            "recipient": recipient,
            "kind": kind,
            "context": context,
            "url": url,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "digest_only": digest_only,
            "email_channel": _email_channel(recipient, digest_only=digest_only),
        },
    )
    if not created:
        return None
    if notification.email_channel == EmailChannel.IMMEDIATE:
        _enqueue_email(notification.pk)
    return notification


@transaction.atomic
def notification_renew(
    *,
    recipient: User,
    kind: str,
    dedup_key: str,
    context: dict,
    url: str,
    subject_type: str,
    subject_id: int,
) -> Notification:
    """For news that grows (a day's new candidates of one request): the first call writes the notification as
    `notification_create` does; a later call with the same `dedup_key` gives that notification the new `context`
    and makes it unread again, so that its reader has one notification to read, not one per batch.

    It is e-mailed once, as its recipient prefers: an e-mail not sent yet (immediate, or waiting for the daily
    digest) carries the latest context; one already sent is not sent again, and the rest is read on the site.
    """
    created = notification_create(
        recipient=recipient,
        kind=kind,
        dedup_key=dedup_key,
        context=context,
        url=url,
        subject_type=subject_type,
        subject_id=subject_id,
    )
    if created is not None:
        return created
    notification = Notification.objects.select_for_update().get(dedup_key=dedup_key)
    if (notification.recipient_id, notification.kind) != (recipient.pk, kind):
        raise ValueError(f"The key {dedup_key!r} names another recipient's or another kind's notification.")
    notification.context = context
    notification.read_at = None
    notification.save(update_fields=["context", "read_at"])
    return notification


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Marks the user's unread notifications (all, or those in `ids`) read; others' are untouched."""
    unread: QuerySet[Notification] = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notification_preference_set(*, user: User, email_frequency: str) -> NotificationPreference:
    """Sets how the user is e-mailed; turning e-mail off also cancels e-mails not yet sent."""
    if email_frequency not in EmailFrequency.values:
        raise ValueError(f"Unknown e-mail frequency {email_frequency!r}.")
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_frequency": email_frequency}
    )
    if email_frequency == EmailFrequency.OFF:
        Notification.objects.filter(recipient=user, emailed_at__isnull=True, claimed_at__isnull=True).update(
            email_channel=EmailChannel.NONE
        )
    return preference


def in_language_of(user, words, *args) -> str:
    """Text stored for one reader (a title in a notification's context) is written in that reader's language,
    not in the language of whoever caused it."""
    with translation.override(user.preferred_language):
        return str(words(*args))


@transaction.atomic
def notifications_erase_for(user: User) -> None:
    """A closed account's notifications and preference go with it."""
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
