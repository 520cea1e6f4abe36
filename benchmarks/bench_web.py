"""Latency and throughput of the key pages, each requested by the role that uses it, on a realistic catalogue.

Builds (or, with --reuse, reuses) its own database, innovation_office_bench_web on the server of DATABASE_URL:
5,000 published offers of 60 vetted startups, 1,000 open requests of four Ukrainian organisations and the
stored matches of one full rescore, by the lexical engine unless --engine real (web_catalogue.py and
web_scoring.py). Serves it with gunicorn started as the Dockerfile's CMD starts it (same worker count and
logger class), production settings, a database pool as in docker-compose.yml, and Redis (REDIS_URL) for the
cache. Each role logs in once through the site's forms (staff and officers with their authenticator's code)
and keeps its cookies.

For each page: an open-loop client sends requests at --rate per second for --seconds, each timed from its due
time, then a closed loop of --connections clients flat out for --flat-seconds. Prints one line per page:

    page=… p50_ms=… p99_ms=… rate=… errors=… queries=… client_cpu_pct=…
    page=… flat_out_rate=… p50_ms=… errors=…

The percentiles are over every request (one that timed out counts its 10 s); rate is the 200 responses per
second; errors every other answer, failed connection or timeout; queries the SQL queries of one request of
the page, counted in this process by Django's test client (the same session, the same database) with
CaptureQueriesContext, after one request of the same path (so, for a catalogue page that readers share, of the
shared page; catalogue_search_fresh asks a different search each time, which no shared page answers);
client_cpu_pct the client's own CPU time over the run's length. Drops the database
afterwards unless --keep or --reuse.

    DATABASE_URL=postgres://… REDIS_URL=redis://… python benchmarks/bench_web.py [--rate 150] [--seconds 15]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import web_catalogue as catalogue  # noqa: E402 - beside this script
import web_client as client  # noqa: E402
import web_scoring as scoring  # noqa: E402
from scratch_database import ScratchDatabase  # noqa: E402

BENCH_DATABASE = "innovation_office_bench_web"
REWARM_SECONDS = 15
HOST = "127.0.0.1"
# name: (role, path); {offer}, {match}, {request_startup} and {request_officer} are rows of the catalogue.
PAGES = {
    "landing": ("anonymous", "/"),
    "offer_catalogue": ("officer", "/catalogue/"),
    "catalogue_search": ("officer", "/catalogue/?q=" + quote("drone thermal")),
    "catalogue_search_uk": ("officer", "/catalogue/?q=" + quote("розмінування")),
    # A search no reader asked before (a shared page cannot answer it): two words of FRESH_WORDS each time.
    "catalogue_search_fresh": ("officer", "/catalogue/?q={fresh}"),
    "offer": ("officer", "/offers/{offer}/"),
    "request_catalogue": ("startup", "/requests/"),
    "request_search": ("startup", "/requests/?q=radar"),
    "request_startup": ("startup", "/requests/{request_startup}/"),
    "request_officer": ("officer", "/requests/{request_officer}/"),
    "own_offers": ("startup", "/offers/"),
    "match_queue": ("staff", "/staff/matching/queue/"),
    "match": ("staff", "/staff/matching/matches/{match}/"),
    "dashboard": ("staff", "/staff/dashboard/"),
    "notifications": ("staff", "/notifications/"),
}
FRESH_WORDS = (
    "drone radar thermal jammer armour demining antenna battery night sensor robot camera mine interceptor link mesh "
    "tourniquet generator camouflage optic дрон радар тепловізор РЕБ бронежилет розмінування антена акумулятор "
    "нічний датчик робот камера міна перехоплювач зв'язок турнікет генератор маскування оптика сенсор"
).split()
ROLES = {"staff": catalogue.STAFF_EMAIL, "officer": catalogue.OFFICER_EMAIL, "startup": catalogue.STARTUP_EMAIL}


def dockerfile_command(port: int) -> list[str]:
    """The Dockerfile's CMD, bound to a local port and run by this interpreter's gunicorn."""
    text = (ROOT / "Dockerfile").read_text()
    found = re.search(r"^CMD (\[.*?\])\s*$", text.replace("\\\n", " "), re.MULTILINE | re.DOTALL)
    command = json.loads(found.group(1))
    if command[0] != "gunicorn":
        raise RuntimeError(f"the Dockerfile does not start gunicorn: {command}")
    command[command.index("--bind") + 1] = f"{HOST}:{port}"
    return [sys.executable, "-m", "gunicorn", *command[1:]]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn as the Dockerfile starts it, its messages kept in `log` to show if the benchmark fails."""

    def __init__(self, command: list[str], log) -> None:
        self.command, self.log = command, log
        self.port = int(command[command.index("--bind") + 1].rsplit(":", 1)[1])
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def drain(self) -> bool:
        """Waits for the requests a client gave up on to leave the queue, or restarts the server to drop them
        (they would slow the next page); True when it restarted."""
        if client.settle(HOST, self.port):
            return False
        self.stop()
        self.start()
        return True


def _production_environment(database_url: str) -> None:
    """Production settings on the scratch database, with the pool docker-compose.yml turns on."""
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="innovation_office.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_DB_POOL="true",
    )


def _prepare(scratch: ScratchDatabase, arguments) -> tuple[scoring.Catalogue, str]:
    """The catalogue of a kept database (--reuse), or a new one built and scored; and how long building took."""
    import django

    reusing = arguments.reuse and scratch.exists()
    if not reusing:
        scratch.recreate()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    held = scoring.describe() if reusing else None
    if held is not None:
        return held, "reused a kept database"
    if reusing:
        raise SystemExit(f"{scratch.name} holds no finished catalogue: run without --reuse to build it again")
    began = time.monotonic()
    catalogue.build(offers=arguments.offers, requests=arguments.requests, startups=arguments.startups)
    built = time.monotonic() - began
    scored = scoring.score(engine=arguments.engine)
    # A deployment's tables have their planner statistics and visibility maps (autovacuum); fresh bulk
    # inserts have neither, and the planner would read whole tables where an index answers.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return scoring.describe(), f"build_seconds={built:.1f} score_seconds={scored:.1f} (rescore, then its notices)"


def _paths(template: str, rows: dict[str, int]) -> list[str]:
    """The page's path, or with {fresh} every two-word query of FRESH_WORDS (1,560 of them), shuffled."""
    if "{fresh}" not in template:
        return [template.format(**rows)]
    pairs = [quote(f"{first} {second}") for first in FRESH_WORDS for second in FRESH_WORDS if first != second]
    random.Random(7).shuffle(pairs)
    return [template.format(**rows, fresh=pair) for pair in pairs]


def _sign_in_all(port: int, roles: set[str]) -> dict[str, client.Session]:
    from django_otp.oath import totp

    key = base64.b32decode(catalogue.TOTP_SECRET)

    def code() -> str:
        return f"{totp(key):06d}"

    sessions = {"anonymous": client.Session(HOST, port)}
    for role in roles - {"anonymous"}:
        sessions[role] = client.sign_in(HOST, port, ROLES[role], catalogue.PASSWORD, code)
    return sessions


def _queries(session: client.Session, path: str) -> int:
    """SQL queries of one request of `path` with the role's session, after one to warm it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    browser = Client(HTTP_HOST=f"{HOST}:{session.port}", HTTP_X_FORWARDED_PROTO="https")
    browser.cookies.load(session.cookies)
    browser.get(path, secure=True)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(path, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{path}: the in-process request answered {response.status_code}")
    return len(captured.captured_queries)


def _warm(name: str, session: client.Session, path: str, times: int) -> None:
    """A few requests of each page before measuring; a page not answering 200 (a redirect to the login: the
    role's session failed) stops the benchmark."""
    for _ in range(times):
        status, headers, _ = session.request("GET", path)
        if status != 200:
            raise SystemExit(f"page={name} {path} answered {status} {headers.get('Location', '')}: stopping")


def _drain(name: str, server: Server) -> bool:
    restarted = server.drain()
    if restarted:
        print(f"page={name} server_restarted=1 (to drop the requests the client had given up on)", flush=True)
    return restarted


def _rewarm(pages, sessions, arguments) -> None:
    """At the start and after a restart, every page is warmed, and each worker is given the time to build the search
    engine its first search started on a thread (a few seconds of both cores), so that the next page is
    measured as a running server serves it."""
    for name, (role, paths) in pages.items():
        _warm(name, sessions[role], paths[0], arguments.warmup)
    time.sleep(REWARM_SECONDS)


def _measure(pages: dict[str, tuple[str, list[str]]], sessions, arguments, server: Server) -> None:
    _rewarm(pages, sessions, arguments)
    restarted = False
    # A page of many paths (a search no reader asked before) goes on, flat out, from where its open loop stopped.
    sent = {name: round(arguments.rate * arguments.seconds) for name in pages}
    for name, (role, paths) in pages.items():
        if restarted:
            _rewarm(pages, sessions, arguments)
        queries = _queries(sessions[role], paths[-1])
        raws = [sessions[role].raw_get(path) for path in paths]
        outcome = client.open_loop(HOST, server.port, raws, rate=arguments.rate, seconds=arguments.seconds)
        cpu = 100 * outcome.client_cpu / outcome.wall
        print(
            f"page={name} p50_ms={outcome.percentile_ms(0.50):.1f} p99_ms={outcome.percentile_ms(0.99):.1f} "
            f"rate={outcome.rate:.1f} errors={outcome.errors} queries={queries} client_cpu_pct={cpu:.0f}",
            flush=True,
        )
        restarted = _drain(name, server)
    for name, (role, paths) in pages.items():
        if restarted:
            _rewarm(pages, sessions, arguments)
        raws = [sessions[role].raw_get(path) for path in paths]
        later = sent[name] % len(raws)
        outcome = client.flat_out(
            HOST,
            server.port,
            raws[later:] + raws[:later],
            connections=arguments.connections,
            seconds=arguments.flat_seconds,
        )
        print(
            f"page={name} flat_out_rate={outcome.rate:.1f} p50_ms={outcome.percentile_ms(0.50):.1f} "
            f"errors={outcome.errors}",
            flush=True,
        )
        restarted = _drain(name, server)


def run(arguments) -> None:
    database_url, redis_url = os.environ["DATABASE_URL"], os.environ.get("REDIS_URL", "")
    if not redis_url:
        raise SystemExit("REDIS_URL must name a Redis database for the cache, as in production")
    scratch = ScratchDatabase(BENCH_DATABASE, database_url)
    _production_environment(scratch.url)
    held, preparation = _prepare(scratch, arguments)
    if held.engine in ("lexical", "real"):
        # The pages are served by the engine that scored the catalogue: a lexical one searches by words alone,
        # the real one by meaning too, from the vectors its scoring stored.
        from django.conf import settings

        settings.MATCHING_ENGINE = scoring.engine_settings(held.engine)
        os.environ["MATCHING_ENGINE"] = json.dumps(settings.MATCHING_ENGINE)
    selected = arguments.pages.split(",") if arguments.pages else list(PAGES)
    unknown = sorted(set(selected) - set(PAGES))
    if unknown:
        raise SystemExit(f"unknown pages: {', '.join(unknown)} (known: {', '.join(PAGES)})")
    pages = {name: (PAGES[name][0], _paths(PAGES[name][1], held.pages)) for name in selected}
    port = _free_port()
    command = dockerfile_command(port)
    print(f"machine={platform.machine()} cpus={os.cpu_count()} python={platform.python_version()}")
    print("load_average_before={:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"catalogue offers={held.offers} requests={held.requests} matches={held.matches} startups={held.startups}")
    print(f"scoring engine={held.engine} rescore_seconds={held.scoring_seconds:.1f} top_k={scoring.TOP_K}")
    print(preparation)
    print("gunicorn=" + " ".join(command[2:]))
    print(
        f"offered_rate={arguments.rate:g}/s seconds={arguments.seconds:g} flat_out_connections={arguments.connections}"
    )
    with tempfile.TemporaryFile("w+") as log:
        server = Server(command, log)
        server.start()
        try:
            sessions = _sign_in_all(port, {role for role, _ in pages.values()})
            _measure(pages, sessions, arguments, server)
        except BaseException:
            log.seek(0)
            sys.stderr.write(log.read()[-4000:])
            raise
        finally:
            server.stop()
            from django.db import connections

            connections.close_all()
            if not (arguments.keep or arguments.reuse):
                scratch.recreate(create=False)
    print("load_average_after={:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=150, help="requests offered per second, per page")
    parser.add_argument("--seconds", type=float, default=15, help="length of each page's open-loop run")
    parser.add_argument("--pages", default="", help=f"comma-separated, of: {', '.join(PAGES)}")
    parser.add_argument("--connections", type=int, default=6, help="clients of the flat-out runs")
    parser.add_argument("--flat-seconds", type=float, default=5)
    parser.add_argument("--warmup", type=int, default=10, help="requests of each page before measuring it")
    parser.add_argument("--engine", choices=("real", "lexical"), default="lexical", help="engine of the rescore")
    parser.add_argument("--reuse", action="store_true", help="use the kept database if it holds a catalogue")
    parser.add_argument("--keep", action="store_true", help="keep the database for a later --reuse")
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--startups", type=int, default=60)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
