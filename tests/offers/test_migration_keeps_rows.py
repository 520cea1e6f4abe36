"""Offers left the profiles app in Django's state only: a database filled before the move keeps every row.

`data/seed_demo_rows.sql.gz` holds the rows `manage.py seed_demo` wrote, on the commit before the move,
to the tables the move touches (users, organisations, offers and their areas, requests, matches). It
was made on an empty PostgreSQL database migrated and seeded by that commit, with
`pg_dump --data-only --column-inserts --rows-per-insert=1000 --table=<table>` for each table, keeping
the INSERT statements only; the offer–area links name their area by slug, because area ids depend on
the order the test database was seeded in.
"""

import gzip
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from matching.models import Match
from offers.models import Offer
from profiles.models import Organisation

ROWS = Path(__file__).parent / "data" / "seed_demo_rows.sql.gz"
BEFORE_THE_MOVE = [
    ("offers", None),
    ("profiles", "0003_offer_search_indexes"),
    ("needs", "0003_request_state_times"),
    ("matching", "0002_curation"),
]
OFFER_COLUMNS = [field.attname for field in Offer._meta.concrete_fields]
OLD_COLUMNS = "SELECT column_name FROM information_schema.columns WHERE table_name = 'profiles_offer'"

# The suite runs on PostgreSQL (make test), the database the rows were dumped from.
pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _rows(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.fixture
def database_before_the_move():
    """The test database taken back to the last migrations before the move, then forward to the latest
    whatever the test did, so the tests that follow find it fully migrated."""
    _migrate(BEFORE_THE_MOVE)
    yield
    _migrate(None)


def test_every_row_seed_demo_wrote_before_the_move_is_read_through_the_new_models(database_before_the_move):
    # given: the old seed_demo's rows, loaded into the old layout
    with connection.cursor() as cursor:
        cursor.execute(gzip.decompress(ROWS.read_bytes()).decode())
    # The columns the old layout had (later migrations add some, which start empty).
    columns = [name for (name,) in _rows(OLD_COLUMNS) if name in OFFER_COLUMNS]
    offers_before = _rows(f"SELECT {', '.join(columns)} FROM profiles_offer ORDER BY id")
    links_before = set(
        _rows(
            "SELECT link.offer_id, area.slug FROM profiles_offer_areas AS link "
            "JOIN taxonomy_capabilityarea AS area ON area.id = link.capabilityarea_id"
        )
    )
    matches_before = set(_rows("SELECT id, offer_id, capability_request_id, state, score FROM matching_match"))
    offers_per_organisation = dict(_rows("SELECT organisation_id, count(*) FROM profiles_offer GROUP BY 1"))
    assert len(offers_before) == 85 and len(links_before) == 204 and len(matches_before) == 311

    # when
    _migrate(None)

    # then
    assert list(Offer.objects.order_by("pk").values_list(*columns)) == offers_before
    assert set(Offer.areas.through.objects.values_list("offer_id", "capabilityarea__slug")) == links_before
    assert set(Match.objects.values_list("pk", "offer_id", "capability_request_id", "state", "score")) == matches_before
    assert Match.objects.filter(offer__in=Offer.objects.all()).count() == len(matches_before)
    assert {
        organisation.pk: organisation.offers.count()
        for organisation in Organisation.objects.filter(pk__in=offers_per_organisation)
    } == offers_per_organisation
