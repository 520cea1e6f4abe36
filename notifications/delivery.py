"""E-mail delivery where the notification row, not the task message, is the unit of work.

A sender claims rows with a conditional UPDATE (a fresh token, the database's clock), sends, and
marks them e-mailed in the same breath, so a task delivered twice, or a sender killed mid-way, never
causes a second e-mail except in the short span between the mail server accepting a message and the
row being marked (see ``_send_and_mark``). None of this runs inside a transaction: each statement
commits on its own, and SMTP is never called while a transaction holds locks.
"""

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import DatabaseError, close_old_connections
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Now

from profiles.permissions import may_act

from .emails import digest_email, notification_email
from .models import DIGEST_CHANNELS, EmailChannel, Notification
from .subjects import still_readable

logger = logging.getLogger(__name__)

SMTP_MAX_ATTEMPTS = 5
SMTP_BACKOFF_BASE_SECONDS = 30
SMTP_BACKOFF_MAX_SECONDS = 60 * 60
DIGEST_MAX_ITEMS = 100
SWEEP_BATCH_SIZE = 2000
MARK_SENT_ATTEMPTS = 5
SMTP_ERRORS = (smtplib.SMTPException, OSError)


@dataclass(frozen=True)
class Deferred:
    """The mail server did not take the message; try again after `countdown` seconds."""

    countdown: float
    error: Exception
    final: bool


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


def _pending() -> QuerySet[Notification]:
    return Notification.objects.filter(emailed_at__isnull=True, email_attempts__lt=SMTP_MAX_ATTEMPTS).exclude(
        email_channel=EmailChannel.NONE
    )


def _claimable() -> QuerySet[Notification]:
    """Unsent rows nobody holds: never claimed, released, or claimed by a sender long dead."""
    expired = Now() - _seconds(settings.NOTIFICATION_CLAIM_TIMEOUT)
    return _pending().filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=expired))


def _claim(rows: QuerySet[Notification]) -> QuerySet[Notification] | None:
    token = uuid.uuid4()
    if not rows.update(claim_token=token, claimed_at=Now()):
        return None
    return Notification.objects.filter(claim_token=token)


def backoff(failed_attempts: int) -> float:
    return min(SMTP_BACKOFF_BASE_SECONDS * 2 ** max(failed_attempts - 1, 0), SMTP_BACKOFF_MAX_SECONDS)


def _release_after_failure(claimed: QuerySet[Notification], attempts: int, error: Exception) -> Deferred:
    """Gives the rows back with one more failed attempt; after SMTP_MAX_ATTEMPTS they stay unsent."""
    countdown = backoff(attempts + 1)
    claimed.update(
        claim_token=None,
        claimed_at=None,
        email_attempts=F("email_attempts") + 1,
        due_at=Now() + _seconds(countdown),
    )
    final = attempts + 1 >= SMTP_MAX_ATTEMPTS
    if final:
        logger.error("giving up on a notification e-mail after %s failed attempts: %s", attempts + 1, error)
    return Deferred(countdown, error, final)


def _mark_sent(claimed: QuerySet[Notification]) -> int:
    """Marks the claimed rows e-mailed; a dropped database connection is retried, never the e-mail."""
    for attempt in range(1, MARK_SENT_ATTEMPTS + 1):
        try:
            return claimed.update(emailed_at=Now(), claim_token=None, claimed_at=None)
        except DatabaseError:
            if attempt == MARK_SENT_ATTEMPTS:
                raise
            close_old_connections()
            time.sleep(0.2 * attempt)
    return 0


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except SMTP_ERRORS:
        logger.warning("the mail server connection did not close cleanly", exc_info=True)


def _send_and_mark(message: EmailMessage, claimed: QuerySet[Notification], attempts: int) -> Deferred | None:
    """Sends `message` and marks `claimed` e-mailed.

    The connection is opened first and closed only after the mark, so the span in which a crash
    would leave an accepted message unmarked is one UPDATE by token, not the SMTP QUIT as well.
    """
    connection = get_connection()
    try:
        connection.open()
        connection.send_messages([message])
    except SMTP_ERRORS as error:
        _close_quietly(connection)
        return _release_after_failure(claimed, attempts, error)
    try:
        if not _mark_sent(claimed):
            logger.error("notification e-mail %s was sent after its claim expired", message.extra_headers["Message-ID"])
    finally:
        _close_quietly(connection)
    return None


def _drop(claimed: QuerySet[Notification]) -> None:
    """No e-mail for a recipient who was deactivated, removed from their organisation (a member of none),
    or whose organisation the office suspended or rejected since the row was queued (office staff are
    always in good standing), nor about a subject the recipient may no longer read; the row stays in
    their notifications, and is never retried."""
    claimed.update(email_channel=EmailChannel.NONE, claim_token=None, claimed_at=None)


def notification_email_deliver(*, notification_id: int) -> Deferred | None:
    """Sends one notification's immediate e-mail, unless it is sent, held by a live sender, or gone."""
    claimed = _claim(_claimable().filter(pk=notification_id, email_channel=EmailChannel.IMMEDIATE))
    if claimed is None:
        return None
    notification = claimed.select_related("recipient").first()
    if notification is None:
        return None
    if not may_act(notification.recipient) or not still_readable(notification.recipient, [notification]):
        _drop(claimed)
        return None
    return _send_and_mark(notification_email(notification), claimed, notification.email_attempts)


def digest_deliver(*, recipient_id: int, channel: str) -> tuple[int, Deferred | None]:
    """Sends one digest of up to DIGEST_MAX_ITEMS of the recipient's unsent `channel` notifications.

    Returns how many notifications it covered, sent or left out (0: nothing was waiting), and whether to
    try again.
    """
    if channel not in DIGEST_CHANNELS:
        raise ValueError(f"{channel!r} is not a digest channel.")
    waiting = _claimable().filter(recipient_id=recipient_id, email_channel=channel).order_by("created_at", "pk")
    # A digest whose sender died goes out again with exactly the same items, hence the same Message-ID.
    abandoned = waiting.filter(claim_token__isnull=False).values_list("claim_token", flat=True).first()
    if abandoned is not None:
        rows = _claimable().filter(claim_token=abandoned)
    else:
        # The claim conditions stand in the outer WHERE too: PostgreSQL re-checks only those after a lock wait.
        rows = _claimable().filter(recipient_id=recipient_id, pk__in=waiting.values("pk")[:DIGEST_MAX_ITEMS])
    claimed = _claim(rows)
    if claimed is None:
        return 0, None
    notifications = list(claimed.select_related("recipient").order_by("created_at", "pk"))
    if not notifications:
        return 0, None
    recipient = notifications[0].recipient
    if not may_act(recipient):
        _drop(claimed)
        return 0, None
    # Items about what the recipient may no longer read are left out, and not retried.
    readable = still_readable(recipient, notifications)
    _drop(claimed.exclude(pk__in=readable))
    listed = [notification for notification in notifications if notification.pk in readable]
    if not listed:
        return len(notifications), None
    attempts = max(notification.email_attempts for notification in listed)
    deferred = _send_and_mark(digest_email(recipient, channel, listed), claimed, attempts)
    return len(notifications), deferred


def digest_recipients(channel: str) -> list[int]:
    """Who has something waiting for the `channel` digest."""
    rows = _claimable().filter(email_channel=channel, recipient__is_active=True)
    return list(rows.order_by().values_list("recipient_id", flat=True).distinct())


def overdue_for_sweep() -> tuple[list[int], list[tuple[int, str]]]:
    """Rows whose task was lost or whose sender died, handed out again at most once per interval.

    Returns the immediate notifications to re-enqueue and the (recipient, channel) digests to re-run.
    Each picked row's `due_at` moves to now, so the next sweep leaves it to the task just enqueued.
    """
    overdue = _claimable().filter(due_at__lt=Now() - _seconds(settings.NOTIFICATION_REQUEUE_AFTER))
    immediate = list(
        overdue.filter(email_channel=EmailChannel.IMMEDIATE)
        .order_by("due_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH_SIZE]
    )
    # A digest row waits for its schedule; only one a sender dropped or an SMTP failure put off is swept.
    dropped = Q(claimed_at__isnull=False) | Q(email_attempts__gt=0)
    digests = overdue.filter(dropped, email_channel__in=DIGEST_CHANNELS)
    pairs = list(digests.order_by().values_list("recipient_id", "email_channel").distinct())
    Notification.objects.filter(pk__in=immediate).update(due_at=Now())
    for recipient_id, channel in pairs:
        digests.filter(recipient_id=recipient_id, email_channel=channel).update(due_at=Now())
    return immediate, pairs
