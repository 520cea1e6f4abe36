"""Throughput of the API's offer catalogue (GET /api/v1/offers/) under concurrent clients.

Creates its own database (innovation_office_bench_api) on the server of DATABASE_URL, seeds a catalogue,
serves the project with gunicorn on a free local port, and has CLIENTS threads (default 4), each with its
own keep-alive connection and an officer's personal token, read pages of 20 offers as fast as they can for
--seconds after a warm-up. Prints name=value lines: requests per second, latency percentiles, errors,
queries per request. Drops the database afterwards.

    DATABASE_URL=postgres://… REDIS_URL=redis://… python benchmarks/bench_api.py [--clients 4] [--seconds 20]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scratch_database import ScratchDatabase  # noqa: E402 - beside this script

BENCH_DATABASE = "innovation_office_bench_api"
PATHS = (
    "/api/v1/offers/?page_size=20",
    "/api/v1/offers/?page_size=20&ordering=trl",
    "/api/v1/offers/?page_size=20&trl_min=5",
)


def _seed(offers: int) -> str:
    """A catalogue of `offers` published offers from 50 vetted startups; returns an officer's raw token."""
    from django.utils import timezone

    from offers.models import Offer
    from profiles.models import Membership, Organisation, User
    from profiles.services import api_token_create
    from taxonomy.models import CapabilityArea

    now = timezone.now()
    startups = Organisation.objects.bulk_create(
        [
            Organisation(
                kind="startup",
                legal_name=f"Bench Robotics {n}",
                country="DE",
                registration_number=f"HRB {n}",
                vetting_state="vetted",
                vetted_at=now,
            )
            for n in range(50)
        ]
    )
    rows = Offer.objects.bulk_create(
        [
            Offer(
                organisation=startups[n % 50],
                title=f"Fibre-optic FPV kit {n}",
                summary="Jam-proof FPV drone.",
                description="A quadcopter controlled through a spooled optical fibre, immune to radio jamming.",
                trl=1 + n % 9,
                lead_time_days=10 + n % 90,
                monthly_capacity=100,
                state="published",
                published_at=now - timezone.timedelta(minutes=n),
            )
            for n in range(offers)
        ]
    )
    areas = list(CapabilityArea.objects.values_list("pk", flat=True)[:5])
    Offer.areas.through.objects.bulk_create(
        [
            Offer.areas.through(offer_id=offer.pk, capabilityarea_id=areas[number % len(areas)])
            for number, offer in enumerate(rows)
        ]
    )
    unit = Organisation.objects.create(
        kind="ua_unit", legal_name="Bench unit", country="UA", vetting_state="vetted", vetted_at=now
    )
    officer = User.objects.create_user("bench.officer@example.org", None, full_name="Bench Officer")
    Membership.objects.create(user=officer, organisation=unit)
    return api_token_create(user=officer, name="bench")[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "innovation_office.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "2",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _client(port: int, token: str, stop_at: float, warm_until: float, latencies: list, errors: list) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    number = 0
    while True:
        started = time.perf_counter()
        if started >= stop_at:
            break
        connection.request("GET", PATHS[number % len(PATHS)], headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        number += 1
        if response.status != 200 or not json.loads(body)["results"]:
            errors.append(response.status)
        elif started >= warm_until:
            latencies.append(elapsed)
    connection.close()


def _queries_per_request(token: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.get(PATHS[0])
    with CaptureQueriesContext(connection) as queries:
        client.get(PATHS[0])
    return len(queries.captured_queries)


def run(arguments) -> None:
    database_url, redis_url = os.environ["DATABASE_URL"], os.environ.get("REDIS_URL", "")
    scratch = ScratchDatabase(BENCH_DATABASE, database_url)
    scratch.recreate()
    bench_url = scratch.url
    os.environ.update(
        DATABASE_URL=bench_url,
        DJANGO_SETTINGS_MODULE="innovation_office.settings",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    token = _seed(arguments.offers)
    queries = _queries_per_request(token)
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "REDIS_URL": redis_url,
        "DJANGO_DB_POOL": "true",
        # The benchmark measures the endpoint, not the throttle: lift the limits for its clients.
        "API_THROTTLE_USER": "1000000/min",
        "API_THROTTLE_ANON": "1000000/min",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    port = _free_port()
    server_process = _start_gunicorn(env, port, arguments.workers)
    try:
        latencies: list[float] = []
        errors: list[int] = []
        began = time.monotonic()
        warm_until = time.perf_counter() + arguments.warmup
        stop_at = warm_until + arguments.seconds
        threads = [
            threading.Thread(target=_client, args=(port, token, stop_at, warm_until, latencies, errors))
            for _ in range(arguments.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - began
    finally:
        os.killpg(server_process.pid, signal.SIGTERM)
        server_process.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        scratch.recreate(create=False)
    ordered = sorted(latencies)

    def percentile(share: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    print(f"endpoint=GET /api/v1/offers/ (page_size=20, {arguments.offers} offers)")
    print(f"machine={platform.machine()} cpus={os.cpu_count()} python={platform.python_version()}")
    print(f"gunicorn_workers={arguments.workers} threads_per_worker=2")
    print(f"clients={arguments.clients}")
    print(f"seconds={arguments.seconds}")
    print(f"requests={len(latencies)}")
    print(f"rps={len(latencies) / arguments.seconds:.1f}")
    print(f"p50_ms={percentile(0.50):.1f}")
    print(f"p90_ms={percentile(0.90):.1f}")
    print(f"p99_ms={percentile(0.99):.1f}")
    print(f"mean_ms={1000 * statistics.fmean(ordered):.1f}")
    print(f"errors={len(errors)}")
    print(f"queries_per_request={queries}")
    print(f"wall_seconds={wall:.1f}")
    if errors:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 2))
    run(parser.parse_args())


if __name__ == "__main__":
    main()
