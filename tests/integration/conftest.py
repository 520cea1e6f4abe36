"""A real Celery worker process, on the real Redis broker and the test database."""

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from innovation_office.celery import app
from tests.conftest import database_url_of_tests
from tests.integration.delivery_harness import kill_hard, start_worker, stop


def spawn_worker(name: str, log_dir: Path) -> tuple[subprocess.Popen, str]:
    """One `celery worker` process (concurrency 1) on the test database, and its node name."""
    env = {**os.environ, "DATABASE_URL": database_url_of_tests(), "REDIS_URL": settings.REDIS_URL}
    node_name = f"{name}-{os.getpid()}"
    return start_worker(env, node_name, log_dir), f"{node_name}@{socket.gethostname()}"


def await_workers(workers: list[tuple[subprocess.Popen, str]], log_dir: Path, timeout: float = 30) -> None:
    """Returns once every worker answers a ping; kills them all and fails otherwise."""
    waiting = {node: worker for worker, node in workers}
    deadline = time.monotonic() + timeout
    while waiting and time.monotonic() < deadline:
        for node, worker in list(waiting.items()):
            if worker.poll() is not None:
                raise RuntimeError(f"the worker {node} exited: {(log_dir / (node.split('@')[0] + '.log')).read_text()}")
        for reply in app.control.ping(destination=list(waiting), timeout=0.5) or []:
            for node in reply:
                waiting.pop(node, None)
    if waiting:
        for worker, _ in workers:
            kill_hard(worker)
        raise RuntimeError(f"workers did not answer within {timeout} seconds: {sorted(waiting)}")


@pytest.fixture
def celery_workers(transactional_db, tmp_path):
    """Starts real workers on demand (`celery_workers(2)`); all are stopped after the test."""
    assert settings.REDIS_URL, "integration tests need REDIS_URL"
    app.control.purge()
    started: list[subprocess.Popen] = []

    def start(count: int = 1) -> list[subprocess.Popen]:
        spawned = [spawn_worker(f"worker{len(started) + index}", tmp_path) for index in range(count)]
        started.extend(worker for worker, _ in spawned)
        await_workers(spawned, tmp_path)
        return [worker for worker, _ in spawned]

    yield start
    for worker in started:
        stop(worker)


@pytest.fixture
def celery_worker_process(celery_workers):
    """One real worker for the test."""
    return celery_workers(1)[0]


def wait_for(predicate, *, timeout: float = 15.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
