"""Cold start of a worker's engine: encoding a catalogue, against reading its vectors from the shared table.

Creates its own database (innovation_office_bench_vectors) on the server of DATABASE_URL and starts two
worker-like processes one after the other, each building an engine with the configured encoders over the
same --offers synthetic offers (sentences of the committed SBIR slice, drawn anew for every offer so that
no two texts are the same): the first on an empty vector table, the second, like a worker on another
machine, after it. Prints name=value lines: each start's seconds (the encoders' loading apart, then the
fit and indexing) and seconds per offer, the texts each encoded, each process's peak memory, and the
table's rows and bytes per vector and per offer. Drops the database afterwards.

    DATABASE_URL=postgres://… python benchmarks/bench_vectors.py [--offers 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scratch_database import ScratchDatabase  # noqa: E402 - beside this script

BENCH_DATABASE = "innovation_office_bench_vectors"
SLICE = ROOT / "tests" / "matching" / "data" / "sbir-slice" / "offers.jsonl"
SENTENCES_PER_OFFER = (4, 9)


def synthetic_offers(count: int, areas: list[str]) -> list:
    """Offers whose descriptions are sentences of the slice's award abstracts, drawn at random."""
    from engine import OfferRecord

    rng = np.random.default_rng(7)
    awards = [json.loads(line) for line in SLICE.open()]
    sentences = [s.strip() + "." for award in awards for s in award["description"].split(".") if len(s) > 30]
    offers = []
    for number in range(count):
        picked = rng.choice(len(sentences), size=rng.integers(*SENTENCES_PER_OFFER), replace=False)
        offers.append(
            OfferRecord(
                id=str(number),
                title=f"{awards[number % len(awards)]['title']} {number}",
                description=" ".join(sentences[index] for index in picked),
                areas=(areas[number % len(areas)],),
            )
        )
    return offers


def start_engine(offers: int) -> None:
    """One worker's cold start, as `matching.bridge.worker` builds its engine; prints its figures."""
    import django

    django.setup()

    from engine import MatchingEngine
    from matching.bridge.records import area_nodes
    from matching.bridge.vectors import VectorTable
    from matching.bridge.worker import engine_config

    areas = area_nodes()
    records = synthetic_offers(offers, [area.id for area in areas])
    started = time.perf_counter()
    engine = MatchingEngine(config=engine_config(), areas=areas, cache=VectorTable())
    loaded = time.perf_counter()
    engine.fit(records)
    engine.upsert_offers(records)
    built = time.perf_counter()
    views = (engine.dense.encoder, engine.dense.english_encoder)
    figures = {
        "load_encoders_seconds": loaded - started,
        "start_seconds": built - loaded,
        "encoded_texts": sum(view.encoded_count for view in views if view is not None),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(figures))


def table_size() -> tuple[int, int]:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
        rows, size = connection.execute(
            "SELECT count(*), pg_total_relation_size('matching_encodedvector') FROM matching_encodedvector"
        ).fetchone()
    return rows, size


def run(offers: int) -> None:
    scratch = ScratchDatabase(BENCH_DATABASE, os.environ["DATABASE_URL"])
    scratch.recreate()
    environment = {**os.environ, "DATABASE_URL": scratch.url, "DJANGO_SETTINGS_MODULE": "innovation_office.settings"}
    os.environ.update(environment)
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=environment, check=True)
        print(f"offers={offers}")
        for label in ("encoding", "from_table"):
            command = [sys.executable, __file__, "--start-engine", "--offers", str(offers)]
            answer = subprocess.run(command, cwd=ROOT, env=environment, check=True, capture_output=True, text=True)
            figures = json.loads(answer.stdout.splitlines()[-1])
            print(f"{label}_load_encoders_seconds={figures['load_encoders_seconds']:.2f}")
            print(f"{label}_start_seconds={figures['start_seconds']:.2f}")
            print(f"{label}_ms_per_offer={figures['start_seconds'] / offers * 1e3:.2f}")
            print(f"{label}_encoded_texts={figures['encoded_texts']}")
            print(f"{label}_peak_rss_mb={figures['peak_rss_mb']:.0f}")
        rows, size = table_size()
        print(f"table_rows={rows}\ntable_bytes={size}")
        print(f"table_bytes_per_vector={size / rows:.0f}\ntable_bytes_per_offer={size / offers:.0f}")
    finally:
        scratch.recreate(create=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=2000)
    parser.add_argument("--start-engine", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.start_engine:
        start_engine(arguments.offers)
    else:
        run(arguments.offers)


if __name__ == "__main__":
    main()
