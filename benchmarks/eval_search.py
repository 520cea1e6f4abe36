"""Quality of the catalogue's search box on labelled data: need titles as queries, their offers as answers.

Loads the offers of a labelled directory (needs.jsonl, needs-uk.jsonl, offers.jsonl, qrels.tsv; the
format `make eval` reads) into a database of its own as published offers, then searches each need's
title, in English and in Ukrainian, through the catalogue's search (innovation_office/search.py): as the
catalogue searches, by words and by meaning (the matching engine's ranking), and by words alone; and,
beside them, through the full-text search it replaced (every word's stem, as a prefix, in the title,
summary and description, or the words under English stemming; newest first). With `--requests`, the needs
are loaded too, as open requests in each language, and the title of each offer that answers a need is searched
among them (what a startup types in the request catalogue): by words and by meaning, and by words alone.
Prints nDCG@10, P@5 and how many queries found nothing, and the time per query. Drops the database afterwards.

The search reads the offers' vectors from the shared table, where the platform's scoring stores them: the
ones `make eval` keeps in its vector directory are copied there first (`--vector-cache`), and the scoring's
engine encodes the rest (about 0.17 s an offer).

    DATABASE_URL=postgres://… REDIS_URL=redis://… python benchmarks/eval_search.py DIRECTORY
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scratch_database import ScratchDatabase  # noqa: E402 - beside this script

DATABASE = "innovation_office_eval_search"
CUTOFF = 10
# The endings the replaced search cut from a Ukrainian word (longest first) before its prefix search.
OLD_ENDINGS = "ами ями ого ому ими іми ів їв ах ях ом ем єм ою ею ий ій ої им их а я у ю і и е є о ь й ї".split()


def _load(directory: pathlib.Path) -> dict[str, int]:
    """The directory's offers as published offers of one vetted startup; returns offer id → row pk."""
    from django.utils import timezone

    from engine.evaluation import read_jsonl
    from offers.models import Offer
    from profiles.models import Organisation
    from taxonomy.reading import search_vector

    now = timezone.now()
    startup = Organisation.objects.create(
        kind="startup", legal_name="Evaluation", country="DE", vetting_state="vetted", vetted_at=now
    )
    records = read_jsonl(directory / "offers.jsonl")
    rows = Offer.objects.bulk_create(
        [
            Offer(
                organisation=startup,
                title=record["title"][:200],
                summary="",
                description=record["description"],
                search_vector=search_vector(record["title"], record["description"]),
                trl=5,
                lead_time_days=30,
                monthly_capacity=1,
                state="published",
                published_at=now - timezone.timedelta(minutes=n),
            )
            for n, record in enumerate(records)
        ],
        batch_size=500,
    )
    return {record["id"]: row.pk for record, row in zip(records, rows, strict=True)}


def _load_requests(directory: pathlib.Path) -> dict[str, dict[str, int]]:
    """The directory's needs, in English and in Ukrainian, as open requests of one Ukrainian unit; returns
    language → need id → row pk."""
    from django.utils import timezone

    from engine.evaluation import read_jsonl
    from needs.models import CapabilityRequest
    from profiles.models import Organisation
    from taxonomy.reading import search_vector

    now = timezone.now()
    unit = Organisation.objects.create(
        kind="ua_unit", legal_name="Evaluation unit", country="UA", vetting_state="vetted", vetted_at=now
    )
    pk_of = {}
    for language, file in (("en", "needs.jsonl"), ("uk", "needs-uk.jsonl")):
        needs = read_jsonl(directory / file)
        rows = CapabilityRequest.objects.bulk_create(
            [
                CapabilityRequest(
                    organisation=unit,
                    title=need["title"][:200],
                    description=need["description"],
                    language=language,
                    search_vector=search_vector(need["title"][:200], "", need["description"], ""),
                    min_trl=5,
                    quantity=1,
                    needed_by=now.date() + timezone.timedelta(days=90),
                    state="open",
                    opened_at=now,
                )
                for need in needs
            ],
            batch_size=500,
        )
        pk_of[language] = {need["id"]: row.pk for need, row in zip(needs, rows, strict=True)}
    return pk_of


def _search_requests(title: str, language: str, *, meaning: bool = True) -> list[int]:
    """A startup's search of the request catalogue, narrowed to one language, ranked by relevance."""
    from innovation_office.search import RELEVANCE, by_meaning, text_search
    from needs.models import CapabilityRequest
    from taxonomy.reading import search_query

    rows = CapabilityRequest.objects.filter(language=language)
    near = by_meaning(CapabilityRequest, title, among=rows) if meaning else None
    found = text_search(rows, search_query(title), meaning=near).order_by(*RELEVANCE)
    return list(found.values_list("pk", flat=True)[:CUTOFF])


def _evaluate_requests(directory: pathlib.Path, pk_of: dict[str, dict[str, int]]) -> None:
    """Each title of an offer that answers some need searched among the requests of each language: what a
    startup types to find the requests its product answers."""
    from engine.evaluation import read_jsonl, read_qrels

    judgements = read_qrels(directory / "qrels.tsv")
    answered: dict[str, dict[str, int]] = {}
    for need_id, grades in judgements.items():
        for offer_id, grade in grades.items():
            if grade > 0:
                answered.setdefault(offer_id, {})[need_id] = grade
    queries = [offer for offer in read_jsonl(directory / "offers.jsonl") if offer["id"] in answered]
    for language in ("en", "uk"):
        for name, meaning in (("requests", True), ("requests-words", False)):
            _evaluate(
                f"{name} language={language}",
                lambda title, language=language, meaning=meaning: _search_requests(title, language, meaning=meaning),
                queries,
                answered,
                pk_of[language],
            )


def _search(title: str, *, meaning: bool = True) -> list[int]:
    from innovation_office.search import RELEVANCE, by_meaning, text_search
    from offers.models import Offer
    from taxonomy.reading import search_query

    near = by_meaning(Offer, title) if meaning else None
    found = text_search(Offer.objects.all(), search_query(title), meaning=near).order_by(*RELEVANCE)
    return list(found.values_list("pk", flat=True)[:CUTOFF])


def _words_only(title: str) -> list[int]:
    return _search(title, meaning=False)


def _scored() -> int:
    """What the platform's scoring does for every published offer: its vectors encoded once and stored in the
    shared table, where the search reads them. Returns how many texts were encoded (none when every vector was
    copied)."""
    from matching.bridge import worker

    engine = worker.synced_engine()
    return sum(encoder.encoded_count for encoder in (engine.dense.encoder, engine.dense.english_encoder) if encoder)


def _share_vectors(directory: pathlib.Path) -> int:
    """Copies the vectors kept in `directory` (one file per content hash) into the shared table."""
    from matching.bridge.vectors import VectorTable

    files = sorted(directory.glob("??/*"))
    for start in range(0, len(files), 2000):
        batch = {path.name: path.read_bytes() for path in files[start : start + 2000]}
        VectorTable().set_many(batch, encoder="copied")
    return len(files)


def _replaced_search(title: str) -> list[int]:
    from django.contrib.postgres.search import SearchQuery, SearchVector
    from django.db.models import Q

    from offers.models import Offer

    words = re.findall(r"\w+", title.lower())[:8]
    if not words:
        return []
    prefixes = SearchQuery(" & ".join(f"{_old_stem(word)}:*" for word in words), config="simple", search_type="raw")
    stemmed = SearchQuery(" ".join(words), config="english")
    found = (
        Offer.objects.annotate(
            simple=SearchVector("title", "summary", "description", config="simple"),
            english=SearchVector("title", "summary", "description", config="english"),
        )
        .filter(Q(simple=prefixes) | Q(english=stemmed))
        .order_by("-published_at", "-pk")
    )
    return list(found.values_list("pk", flat=True)[:CUTOFF])


def _old_stem(word: str) -> str:
    if not re.search(r"[а-яіїєґ]", word):
        return word
    for ending in OLD_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _evaluate(name: str, search, needs: list[dict], judgements: dict, pk_of: dict[str, int]) -> None:
    from engine.evaluation import ranking_metrics

    id_of = {pk: offer_id for offer_id, pk in pk_of.items()}
    rankings, seconds = {}, []
    for need in needs:
        started = time.perf_counter()
        found = search(need["title"])
        seconds.append(time.perf_counter() - started)
        rankings[need["id"]] = [id_of[pk] for pk in found]
    metrics = ranking_metrics(rankings, {need["id"]: judgements.get(need["id"], {}) for need in needs})
    empty = sum(1 for need in needs if not rankings[need["id"]])
    print(
        f"search={name} queries={len(needs)} ndcg_at_10={metrics['ndcg_at_10']:.3f} p_at_5={metrics['p_at_5']:.3f} "
        f"nothing_found={empty} ms_per_query={1000 * statistics.mean(seconds):.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=pathlib.Path)
    parser.add_argument("--without-replaced", action="store_true", help="Leave out the (slow) replaced search.")
    parser.add_argument(
        "--requests",
        action="store_true",
        help="Also search the needs, as requests, by the title of each offer that answers one (offers titled as "
        "products describe them, not by a firm's name)",
    )
    parser.add_argument(
        "--vector-cache",
        type=pathlib.Path,
        default=ROOT / "var" / "vector-cache",
        help="directory of vectors kept by `make eval` (default: var/vector-cache)",
    )
    arguments = parser.parse_args()
    scratch = ScratchDatabase(DATABASE, os.environ["DATABASE_URL"])
    scratch.recreate()
    os.environ["DATABASE_URL"] = scratch.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovation_office.settings")
    try:
        import django
        from django.core.management import call_command

        django.setup()
        from django.conf import settings

        # The search's engine is built at the first search, in it (not on a thread of its own, while the
        # searches that follow go by words).
        settings.SEARCH_ENGINE_IN_BACKGROUND = False
        call_command("migrate", verbosity=0)
        from engine.evaluation import read_jsonl, read_qrels

        started = time.perf_counter()
        pk_of = _load(arguments.directory)
        request_pks = _load_requests(arguments.directory) if arguments.requests else {}
        requests = sum(len(pks) for pks in request_pks.values())
        print(f"offers={len(pk_of)} requests={requests} load_seconds={time.perf_counter() - started:.1f}", flush=True)
        if arguments.vector_cache.is_dir():
            print(f"vectors_copied={_share_vectors(arguments.vector_cache)}", flush=True)
        started = time.perf_counter()
        print(f"encoded={_scored()} encode_seconds={time.perf_counter() - started:.1f}", flush=True)
        started = time.perf_counter()
        _search("warm")  # the search's engine is built at the first search: its time is not a query's
        print(f"engine_seconds={time.perf_counter() - started:.1f}", flush=True)
        judgements = read_qrels(arguments.directory / "qrels.tsv")
        for language, file in (("en", "needs.jsonl"), ("uk", "needs-uk.jsonl")):
            needs = read_jsonl(arguments.directory / file)
            _evaluate(f"catalogue language={language}", _search, needs, judgements, pk_of)
            _evaluate(f"catalogue-words language={language}", _words_only, needs, judgements, pk_of)
            if not arguments.without_replaced:
                _evaluate(f"replaced language={language}", _replaced_search, needs, judgements, pk_of)
        if arguments.requests:
            _evaluate_requests(arguments.directory, request_pks)
    finally:
        from django.db import connections

        connections.close_all()
        scratch.recreate(create=False)


if __name__ == "__main__":
    main()
