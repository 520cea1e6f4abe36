"""Real Celery worker and beat processes around an outbox directory, and the faults to throw at them.

Used by the delivery fault test and by benchmarks/chaos.py. Every process starts in its own process
group, so a kill takes the worker's pool children with it, as losing the machine would.
"""

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import redis
from kombu import pools

from tests.integration.outbox import IN_FLIGHT

ROOT = Path(__file__).resolve().parents[2]
MESSAGE_ID = re.compile(rb"^Message-ID: <notification\.(\d+)@", re.MULTILINE)
REDIS_SERVER = [
    "redis-server",
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "-::1",
    "--port",
    "6379",
    "--save",
    "",
    "--appendonly",
    "no",
    "--dir",
    "/var/lib/redis",
    "--logfile",
    "/var/log/redis/ci.log",
]
LOCAL_REDIS = "redis://127.0.0.1:6379/0"


def delivery_env(*, database_url: str, redis_url: str, outbox: Path, **settings: float) -> dict[str, str]:
    """The environment of a worker or beat: test database, broker, outbox, and shortened timeouts."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "tests.integration.outbox_settings",
        "NOTIFICATION_OUTBOX_DIR": str(outbox),
    }
    env.update({name: str(value) for name, value in settings.items()})
    return env


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "innovation_office", *args],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def start_worker(env: dict, name: str, logs: Path, *, concurrency: int = 1) -> subprocess.Popen:
    return _start(
        [
            "worker",
            f"--concurrency={concurrency}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
        ],
        env,
        logs / f"{name}.log",
    )


def start_beat(env: dict, logs: Path) -> subprocess.Popen:
    return _start(["beat", "--loglevel=WARNING", "-s", str(logs / "beat-schedule")], env, logs / "beat.log")


def kill_hard(process: subprocess.Popen) -> None:
    """SIGKILL to the whole process group: no warm shutdown, no chance to re-queue or clean up."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def stop(process: subprocess.Popen, *, timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        kill_hard(process)


def kill_while_sending(process: subprocess.Popen, outbox: Path, *, latency: float, timeout: float = 30) -> bool:
    """Kills `process` while one of its messages is on its way to the mail server, before acceptance.

    A kill between acceptance and the row being marked would send that message again (the one window
    the design leaves open, see notifications.delivery); this kill aims outside it, at the moment a
    message is in flight. True once killed; False if no message was in flight within `timeout`.
    """
    deadline = time.monotonic() + timeout
    markers = outbox / IN_FLIGHT
    while time.monotonic() < deadline:
        for marker in markers.glob(f"{process.pid}-*"):
            try:
                age = time.time() - marker.stat().st_mtime
            except FileNotFoundError:
                continue
            if age < latency / 4:  # most of the wait still ahead: no race with acceptance
                kill_hard(process)
                return True
        time.sleep(0.001)
    return False


def delivered(outbox: Path) -> Counter[int]:
    """How many messages each notification got, read from the outbox."""
    counts: Counter[int] = Counter()
    for path in outbox.glob("*.eml"):
        counts.update(int(match) for match in MESSAGE_ID.findall(path.read_bytes()))
    return counts


def redis_alive(url: str = LOCAL_REDIS) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def ensure_redis() -> None:
    """Starts the local Redis if it is not answering (so a failed test never leaves it down)."""
    if not redis_alive():
        subprocess.run(REDIS_SERVER, check=True, stdout=subprocess.DEVNULL)
    if not _wait(redis_alive, 10):
        raise RuntimeError("Redis did not come back")


def drop_broker_connections(app) -> None:
    """Drops this process's broker pools (their connections died with Redis); fresh ones open on next use.

    The same reset Celery applies in a forked child, where inherited connections are unusable too.
    """
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def restart_redis() -> None:
    """Shuts Redis down without saving (every queued task message is lost) and starts it again."""
    subprocess.run(
        ["redis-cli", "shutdown", "nosave"], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _wait(lambda: not redis_alive(), 10)
    ensure_redis()
