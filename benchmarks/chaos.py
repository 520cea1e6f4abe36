"""Delivery under chaos: 10,000 notifications through real workers that keep being killed.

Creates its own database (innovation_office_chaos) on the server of DATABASE_URL, starts workers and
beat on REDIS_URL, kills workers over and over (and restarts Redis, losing every queued task), then
counts each notification's messages in the outbox. Prints name=value lines; exits 1 unless every
notification was e-mailed exactly once.

    DATABASE_URL=postgres://… REDIS_URL=redis://… python benchmarks/chaos.py [--aim anywhere]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scratch_database import ScratchDatabase  # noqa: E402 - beside this script

CHAOS_DATABASE = "innovation_office_chaos"
BATCH_SIZE = 500
RECIPIENTS = 20
LATENCY = 0.01
TIMEOUTS = {
    "NOTIFICATION_SEND_TIME_LIMIT": 5,
    "NOTIFICATION_CLAIM_TIMEOUT": 6,
    "NOTIFICATION_REQUEUE_AFTER": 20,
    "NOTIFICATION_SWEEP_INTERVAL": 1,
    "NOTIFICATION_OUTBOX_LATENCY": LATENCY,
}


def _create_notifications(count: int) -> None:
    from django.db import transaction

    from notifications.services import notification_create
    from profiles.models import Membership, Organisation, User

    organisation = Organisation.objects.create(kind="startup", legal_name="Chaos Robotics", country="DE")
    recipients = []
    for number in range(RECIPIENTS):
        user = User.objects.create_user(
            f"chaos{number}@example.org",
            None,
            full_name=f"Chaos {number}",
            preferred_language="uk" if number % 2 else "en",
        )
        Membership.objects.create(user=user, organisation=organisation)
        recipients.append(user)
    for start in range(0, count, BATCH_SIZE):
        with transaction.atomic():
            for number in range(start, min(start + BATCH_SIZE, count)):
                notification_create(
                    recipient=recipients[number % RECIPIENTS],
                    kind="match.changed",
                    dedup_key=f"chaos:{number}",
                    context={
                        "title": f"Match {number}",
                        "from_state_label": "proposed",
                        "to_state_label": "accepted",
                        "note": "",
                    },
                    url=f"/matches/{number}/",
                    subject_type="profiles.organisation",
                    subject_id=organisation.pk,
                )


def _unsent() -> int:
    from notifications.models import Notification

    return Notification.objects.filter(emailed_at__isnull=True).count()


def run(arguments) -> int:
    database_url, redis_url = os.environ["DATABASE_URL"], os.environ["REDIS_URL"]
    scratch = ScratchDatabase(CHAOS_DATABASE, database_url)
    scratch.recreate()
    os.environ.update(DATABASE_URL=scratch.url, DJANGO_SETTINGS_MODULE="innovation_office.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from innovation_office.celery import app
    from notifications.models import Notification
    from tests.integration import delivery_harness as harness

    call_command("migrate", verbosity=0)
    app.control.purge()
    workdir = Path(tempfile.mkdtemp(prefix="chaos-"))
    outbox = workdir / "outbox"
    outbox.mkdir()
    env = harness.delivery_env(database_url=scratch.url, redis_url=redis_url, outbox=outbox, **TIMEOUTS)
    started = []
    start_worker = partial(harness.start_worker, env, logs=workdir)
    workers = [start_worker(f"chaos-{number}") for number in range(arguments.workers)]
    started += workers + [harness.start_beat(env, workdir)]
    spawned = len(workers)
    kills = restarts = 0
    began = time.monotonic()
    try:
        _create_notifications(arguments.notifications)
        created = time.monotonic() - began
        while kills < arguments.kills and _unsent():
            time.sleep(arguments.interval)
            victim = random.choice(workers)
            if arguments.aim == "in-flight":
                if not harness.kill_while_sending(victim, outbox, latency=LATENCY, timeout=5):
                    continue
            else:
                harness.kill_hard(victim)
            kills += 1
            if kills == arguments.kills // 2 and restarts < arguments.redis_restarts:
                harness.restart_redis()
                restarts += 1
            workers.remove(victim)
            replacement = start_worker(f"chaos-{spawned}")
            spawned += 1
            workers.append(replacement)
            started.append(replacement)
        deadline = time.monotonic() + arguments.settle_timeout
        while _unsent() and time.monotonic() < deadline:
            time.sleep(0.5)
        seconds = time.monotonic() - began
        counts = harness.delivered(outbox)
        ids = set(Notification.objects.values_list("pk", flat=True))
    finally:
        for process in started:
            harness.stop(process)
        harness.ensure_redis()
        connections.close_all()
        scratch.recreate(create=False)
    lost = len(ids - set(counts))
    duplicated = sum(count - 1 for count in counts.values() if count > 1)
    print(f"notifications={len(ids)}")
    print(f"workers={arguments.workers}")
    print(f"kills={kills}")
    print(f"kill_aim={arguments.aim}")
    print(f"redis_restarts={restarts}")
    print(f"delivered={len(set(counts) & ids)}")
    print(f"lost={lost}")
    print(f"duplicated={duplicated}")
    print(f"created_seconds={created:.1f}")
    print(f"seconds={seconds:.1f}")
    return 0 if lost == 0 and duplicated == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between kills")
    parser.add_argument("--redis-restarts", type=int, default=1)
    parser.add_argument("--settle-timeout", type=float, default=300)
    parser.add_argument(
        "--aim",
        choices=["in-flight", "anywhere"],
        default="in-flight",
        help="kill while a message is on its way to the mail server, or at any moment",
    )
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
