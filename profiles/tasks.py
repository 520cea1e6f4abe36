"""Background jobs of the profiles app."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .services import invitations_purge_expired

EXPIRED_INVITATION_RETENTION_DAYS = 30


@shared_task(name="profiles.purge_expired_invitations")
def purge_expired_invitations() -> int:
    """Deletes invitations that expired more than a month ago unaccepted (safe to run any number of times)."""
    cutoff = timezone.now() - timedelta(days=EXPIRED_INVITATION_RETENTION_DAYS)
    return invitations_purge_expired(older_than=cutoff)
