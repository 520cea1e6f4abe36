"""Queuing work by task name, once the current transaction commits.

An app asks for work done by an app that depends on it (a saved request asks the matching app to
score it) without importing it, so dependencies keep flowing one way. A registered task honours the
embedded mode's in-process execution; the name alone is enough for a worker elsewhere.
"""

from django.db import transaction

from .celery import app

# The names of the tasks other apps queue without importing the app that runs them: one registry, used by
# the task definitions and their callers alike.
SCORE_REQUEST = "matching.score_request"
SCORE_OFFER = "matching.score_offer"
RESCORE_CHUNK = "matching.rescore_chunk"
NIGHTLY_RESCORE = "matching.nightly_rescore"
ALERT_SAVED_SEARCHES = "offers.alert_saved_searches"


def enqueue_on_commit(task_name: str, *args) -> None:
    transaction.on_commit(lambda: app.signature(task_name, args=args).delay())
