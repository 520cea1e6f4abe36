"""The embedded mode's SQLite: two people saving at once both succeed, the second waiting for the first; its search
finds by words and by meaning in the order PostgreSQL gives."""

import threading

from django.conf import settings
from django.db import transaction
from django.db.utils import ConnectionHandler

from tests.test_health_and_deploy import _manage

PAUSE = 0.5


def _save_after_reading(connections: ConnectionHandler, name: str, read: threading.Event, other_read: threading.Event):
    """A service's shape: read, then write, in one transaction; waits a little for the other to have read too."""
    with transaction.atomic(using="default"):
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM saved")
            read.set()
            other_read.wait(PAUSE)
            cursor.execute("INSERT INTO saved (name) VALUES (%s)", [name])


def test_two_writers_at_once_both_succeed_on_the_embedded_database(tmp_path, django_db_blocker, monkeypatch):
    # given: a SQLite database with the embedded mode's options
    connections = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": tmp_path / "db.sqlite3",
                "OPTIONS": settings.SQLITE_OPTIONS,
            }
        }
    )
    # the run's own database is PostgreSQL: atomic() is pointed at this SQLite file instead
    monkeypatch.setattr(transaction, "get_connection", lambda using=None: connections[using])
    with django_db_blocker.unblock():
        with connections["default"].cursor() as cursor:
            cursor.execute("CREATE TABLE saved (name TEXT)")
        connections["default"].close()
        first_read, second_read, failures = threading.Event(), threading.Event(), []

        def save(name, read, other_read):
            try:
                _save_after_reading(connections, name, read, other_read)
            except Exception as error:  # the failure is what the test reports
                failures.append(str(error))
            finally:
                connections["default"].close()

        # when
        writers = [
            threading.Thread(target=save, args=("first", first_read, second_read)),
            threading.Thread(target=save, args=("second", second_read, first_read)),
        ]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=30)

        # then
        assert failures == []
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT name FROM saved ORDER BY name")
            assert cursor.fetchall() == [("first",), ("second",)]
        connections["default"].close()


def test_the_embedded_mode_uses_these_options(tmp_path):
    result = _manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'] == settings.SQLITE_OPTIONS)",
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    assert result.stdout.strip() == "True", result.stderr


def test_the_embedded_database_migrates_from_nothing(tmp_path):
    # given: no database yet, as on a fresh machine's `make run`
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    # when
    result = _manage("migrate", "--no-input", "-v", "0", env=env)

    # then: every app's migrations apply on SQLite, and none is left
    assert result.returncode == 0, result.stderr
    left = _manage("showmigrations", "--plan", env=env)
    assert "[ ]" not in left.stdout and "[X]" in left.stdout, left.stdout


SEARCH_ON_SQLITE = """
from innovation_office.search import RELEVANCE, text_search
from profiles.models import Organisation
from offers.models import Offer
from taxonomy.reading import search_query
startup = Organisation.objects.create(kind="startup", legal_name="S", country="DE")
made = {
    title: Offer.objects.create(organisation=startup, title=title, summary="", description=".", trl=5,
                                lead_time_days=9, monthly_capacity=1)
    for title in ("Thermal sight", "Field tent", "Night vision goggles", "Demining flail")
}
near = {made["Night vision goggles"].pk: 0.4, made["Field tent"].pk: 0.02}
found = text_search(Offer.objects.all(), search_query("thermal sight"), meaning=near).order_by(*RELEVANCE)
print("|".join(offer.title for offer in found))
"""


def test_the_embedded_database_searches_by_words_then_by_meaning(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert _manage("migrate", "--no-input", "-v", "0", env=env).returncode == 0

    result = _manage("shell", "-c", SEARCH_ON_SQLITE, env=env)

    # every word first, then the rows found by meaning, most relevant first; the rest is not found
    assert result.stdout.strip().splitlines()[-1] == "Thermal sight|Night vision goggles|Field tent", result.stderr
