"""Every notification is e-mailed exactly once while its task runs twice, a worker is killed, and Redis
loses every queued task."""

from functools import partial

import pytest
from django.db import transaction

from innovation_office.celery import app
from notifications.models import Notification
from notifications.services import notification_create
from notifications.tasks import send_notification_email
from tests.conftest import database_url_of_tests
from tests.factories import OrganisationFactory, member_of
from tests.integration.conftest import wait_for
from tests.integration.delivery_harness import (
    delivered,
    delivery_env,
    drop_broker_connections,
    ensure_redis,
    kill_while_sending,
    restart_redis,
    start_beat,
    start_worker,
    stop,
)

pytestmark = pytest.mark.integration

NOTIFICATIONS = 500
BATCH = 50
LATENCY = 0.03
TIMEOUTS = {
    "NOTIFICATION_SEND_TIME_LIMIT": 3,
    "NOTIFICATION_CLAIM_TIMEOUT": 4,
    "NOTIFICATION_REQUEUE_AFTER": 3,
    "NOTIFICATION_SWEEP_INTERVAL": 0.5,
    "NOTIFICATION_OUTBOX_LATENCY": LATENCY,
}


def _create_notifications(recipients) -> None:
    """Writes the notifications in batches; each e-mail task is queued twice, back to back, at commit."""
    for start in range(0, NOTIFICATIONS, BATCH):
        with transaction.atomic():
            for number in range(start, start + BATCH):
                notification = notification_create(
                    recipient=recipients[number % len(recipients)],
                    kind="match.proposed",
                    dedup_key=f"fault-test:{number}",
                    context={"title": f"Match {number}", "summary": "…"},
                    url=f"/matches/{number}/",
                    subject_type="profiles.organisation",
                    subject_id=recipients[0].organisation.pk,
                )
                transaction.on_commit(partial(send_notification_email.delay, notification.pk))


@pytest.fixture
def processes(transactional_db, settings, tmp_path):
    """Two workers and beat on the test database; whatever happens, they stop and Redis runs again."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = delivery_env(database_url=database_url_of_tests(), redis_url=settings.REDIS_URL, outbox=outbox, **TIMEOUTS)
    started = []

    def start(kind: str, name: str = ""):
        process = start_beat(env, tmp_path) if kind == "beat" else start_worker(env, name, tmp_path)
        started.append(process)
        return process

    try:
        yield outbox, start
    finally:
        for process in started:
            stop(process)
        ensure_redis()
        drop_broker_connections(app)


def test_each_notification_is_e_mailed_exactly_once_through_a_worker_kill_and_a_redis_restart(processes):
    # given
    outbox, start = processes
    victim, survivor = start("worker", "fault-a"), start("worker", "fault-b")
    start("beat")
    organisation = OrganisationFactory()
    recipients = [member_of(organisation) for _ in range(5)]

    # when
    _create_notifications(recipients)
    assert wait_for(lambda: sum(delivered(outbox).values()) >= 100, timeout=30)
    assert kill_while_sending(victim, outbox, latency=LATENCY)
    sent_before_faults = sum(delivered(outbox).values())
    restart_redis()
    start("worker", "fault-c")

    # then
    settled = wait_for(lambda: not Notification.objects.filter(emailed_at__isnull=True).exists(), timeout=40)
    counts = delivered(outbox)
    ids = set(Notification.objects.values_list("pk", flat=True))
    assert sent_before_faults < NOTIFICATIONS, "the faults came after the run: they tested nothing"
    assert settled, f"{len(ids - set(counts))} notifications were never e-mailed"
    assert set(counts) == ids
    assert {pk: n for pk, n in counts.items() if n > 1} == {}
    assert survivor.poll() is None
