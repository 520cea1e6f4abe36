"""Helpers for the notification tests: a notification in one line."""

import itertools

import pytest

from notifications.services import notification_create

_keys = itertools.count()

VETTED = {"organisation": "Alpha Drones GmbH", "state_label": "Vetted"}


def notify(recipient, *, kind: str = "organisation.vetted", context: dict | None = None, url: str = "/home/", **extra):
    """A notification about the recipient's own organisation, which they read while they belong to it."""
    return notification_create(
        recipient=recipient,
        kind=kind,
        dedup_key=f"test:{next(_keys)}",
        context=context or VETTED,
        url=url,
        **{"subject_type": "profiles.organisation", "subject_id": recipient.organisation.pk, **extra},
    )


@pytest.fixture
def enqueued(monkeypatch):
    """The ids the immediate sender was asked to e-mail (instead of publishing to the broker)."""
    from notifications import tasks

    calls: list[int] = []
    monkeypatch.setattr(tasks.send_notification_email, "delay", calls.append)
    return calls
