"""Queuing work by task name, once the current transaction commits.

An app asks for work done by an app that depends on it (a saved request asks the matching app to
score it) without importing it, so dependencies keep flowing one way. The name alone is enough for a
worker elsewhere. The embedded mode has no worker: with TASKS_IN_BACKGROUND, one background thread of the
process stands in for it, running what was queued one task at a time, in order, so that the page which
queued the work answers at once.
"""

import atexit
import functools
import logging
import queue
import threading

from celery.canvas import Signature
from django.conf import settings
from django.db import connections, transaction

from .celery import app

logger = logging.getLogger(__name__)

# The names of the tasks other apps queue without importing the app that runs them: one registry, used by
# the task definitions and their callers alike.
SCORE_REQUEST = "matching.score_request"
SCORE_OFFER = "matching.score_offer"
RESCORE_CHUNK = "matching.rescore_chunk"
NIGHTLY_RESCORE = "matching.nightly_rescore"
ALERT_SAVED_SEARCHES = "offers.alert_saved_searches"

_waiting: queue.Queue[Signature] = queue.Queue()
_runner: threading.Thread | None = None
_runner_start = threading.Lock()


def enqueue_on_commit(task_name: str, *args) -> None:
    transaction.on_commit(lambda: _send(app.signature(task_name, args=args)))


def _send(signature: Signature) -> None:
    if not app.conf.task_always_eager:
        signature.delay()
        return
    _import_task_modules()
    if settings.TASKS_IN_BACKGROUND:
        _start_runner()
        _waiting.put(signature)
    else:
        signature.delay()


@functools.cache
def _import_task_modules() -> None:
    """Registers every app's tasks in this process. A worker does so when it starts; a web process has no
    other reason to import the apps whose work it queues by name, and Celery sends a task it does not know
    to the broker even when tasks run in-process, where nothing would ever run it."""
    app.autodiscover_tasks(force=True)


def _start_runner() -> None:
    global _runner
    with _runner_start:
        if _runner is None:
            _runner = threading.Thread(target=_run_waiting_tasks, name="background-tasks", daemon=True)
            _runner.start()
            # A server stopped or reloaded finishes what it was asked to do before it exits.
            atexit.register(background_tasks_drain)


def _run_waiting_tasks() -> None:
    """One task at a time: the engine scores under one lock and SQLite has one writer anyway."""
    while True:
        signature = _waiting.get()
        try:
            signature.apply(throw=True)
        except Exception:
            logger.exception("Background task %s%s failed", signature.task, tuple(signature.args))
        finally:
            connections.close_all()
            _waiting.task_done()


def background_tasks_drain() -> None:
    """Waits until every task handed to the background thread has run."""
    _waiting.join()
