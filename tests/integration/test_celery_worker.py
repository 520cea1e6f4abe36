"""Tasks enqueued on commit reach a real worker through Redis and do their work once."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from profiles.models import Invitation
from profiles.services import invitation_create
from profiles.tasks import purge_expired_invitations
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def _expire(invitation: Invitation, days_ago: int) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago + 7), expires_at=timezone.now() - timedelta(days=days_ago)
    )


def test_the_worker_purges_long_expired_invitations_and_keeps_the_rest(celery_worker_process, staff, unit_a):
    # given
    old, _ = invitation_create(organisation=unit_a, email="old@unit.example", by=staff)
    recent, _ = invitation_create(organisation=unit_a, email="recent@unit.example", by=staff)
    live, _ = invitation_create(organisation=unit_a, email="live@unit.example", by=staff)
    _expire(old, days_ago=45)
    _expire(recent, days_ago=3)

    # when
    with transaction.atomic():
        transaction.on_commit(purge_expired_invitations.delay)
        transaction.on_commit(purge_expired_invitations.delay)  # a second delivery changes nothing more

    # then
    assert wait_for(lambda: not Invitation.objects.filter(pk=old.pk).exists())
    assert set(Invitation.objects.values_list("email", flat=True)) == {"recent@unit.example", "live@unit.example"}
