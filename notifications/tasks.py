"""Background jobs of notifications: immediate e-mails, the sweeper and the digests.

Tasks take ids and re-fetch; the row is the unit of work (see notifications.delivery), so every task
here may run twice, or concurrently with itself, without a second e-mail.
"""

import logging

from celery import shared_task
from django.conf import settings

from .delivery import DIGEST_MAX_ITEMS, digest_deliver, digest_recipients, notification_email_deliver, overdue_for_sweep
from .models import EmailChannel

logger = logging.getLogger(__name__)

SEND_LIMITS = {
    "time_limit": settings.NOTIFICATION_SEND_TIME_LIMIT,
    "soft_time_limit": settings.NOTIFICATION_SEND_TIME_LIMIT * 0.8,
}


@shared_task(bind=True, name="notifications.send_email", max_retries=None, **SEND_LIMITS)
def send_notification_email(self, notification_id: int) -> None:
    deferred = notification_email_deliver(notification_id=notification_id)
    if deferred is not None and not deferred.final:
        raise self.retry(exc=deferred.error, countdown=deferred.countdown)


@shared_task(bind=True, name="notifications.send_digest", max_retries=None, **SEND_LIMITS)
def send_digest(self, recipient_id: int, channel: str) -> int:
    covered, deferred = digest_deliver(recipient_id=recipient_id, channel=channel)
    if deferred is not None and not deferred.final:
        raise self.retry(exc=deferred.error, countdown=deferred.countdown)
    if covered == DIGEST_MAX_ITEMS and deferred is None:
        send_digest.delay(recipient_id, channel)  # more than one digest's worth may be waiting
    return covered


def _fan_out_digests(channel: str) -> int:
    recipients = digest_recipients(channel)
    for recipient_id in recipients:
        send_digest.delay(recipient_id, channel)
    return len(recipients)


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests() -> int:
    return _fan_out_digests(EmailChannel.DAILY)


@shared_task(name="notifications.send_weekly_digests")
def send_weekly_digests() -> int:
    return _fan_out_digests(EmailChannel.WEEKLY)


@shared_task(name="notifications.sweep")
def sweep() -> int:
    """Re-enqueues e-mails whose task message was lost or whose sender died."""
    immediate, digests = overdue_for_sweep()
    for notification_id in immediate:
        send_notification_email.delay(notification_id)
    for recipient_id, channel in digests:
        send_digest.delay(recipient_id, channel)
    if immediate or digests:
        logger.info("re-enqueued %s notification e-mails and %s digests", len(immediate), len(digests))
    return len(immediate) + len(digests)
