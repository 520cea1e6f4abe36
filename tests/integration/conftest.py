"""A real Celery worker process, on the real Redis broker and the test database."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from innovation_office.celery import app

ROOT = Path(__file__).resolve().parents[2]


def _test_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db):
    """Starts `celery worker` against the test database; yields once it answers a ping."""
    assert settings.REDIS_URL, "integration tests need REDIS_URL"
    app.control.purge()
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "REDIS_URL": settings.REDIS_URL}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "innovation_office", "worker", "--concurrency=1",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "-n", f"test-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"the worker exited: {worker.stdout.read()}")
        if app.control.ping(timeout=0.5):
            break
    else:
        worker.kill()
        raise RuntimeError("the worker did not answer within 30 seconds")
    yield worker
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def wait_for(predicate, *, timeout: float = 15.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
