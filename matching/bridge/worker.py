"""The worker's matching engine, kept in step with the database, and the rankings it offers the tasks.

Each worker process holds one engine with every matchable offer and open request indexed. Before
scoring, `synced_engine()` compares the rows' update times with what the engine holds and upserts or
removes the difference, so a task costs a few cheap queries plus the scoring itself. The corpus
statistics are re-learnt (a rebuild) when the day, the configuration or a large part of the catalogue
changed, and at the start of every full rescore.
"""

import datetime as dt
import threading
from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings

from engine import EngineConfig, MatchingEngine, config_from_overrides

from .records import (
    area_nodes,
    matchable_offer_records,
    matchable_offers,
    open_request_records,
    open_requests_to_score,
)
from .vectors import VectorTable, loaded_encoder

# Rebuild (re-learn vocabulary and statistics) once this share of the offers changed since the last fit.
REFIT_SHARE = 0.25


def engine_config() -> EngineConfig:
    return config_from_overrides(getattr(settings, "MATCHING_ENGINE", None))


@dataclass
class _Held:
    engine: MatchingEngine | None = None
    offers: dict[str, dt.datetime] = field(default_factory=dict)
    requests: dict[str, dt.datetime] = field(default_factory=dict)
    fitted_size: int = 0
    changes_since_fit: int = 0


_held = _Held()
_lock = threading.Lock()


def versions(queryset) -> dict[str, dt.datetime]:
    """Each row's pk (as the engine names it) → its update time."""
    return {str(pk): updated_at for pk, updated_at in queryset.values_list("pk", "updated_at")}


def _new_engine(config: EngineConfig) -> MatchingEngine:
    # The vectors come from the shared table: a worker starting cold encodes only texts no process has seen.
    # The models are the process's own, loaded once: a rebuild does not load them again.
    return MatchingEngine(
        config=config,
        areas=area_nodes(),
        encoder=loaded_encoder(config.encoder),
        english_encoder=loaded_encoder(config.english_encoder),
        cache=VectorTable(),
    )


def _rebuild(offers: dict[str, dt.datetime], requests: dict[str, dt.datetime]) -> None:
    engine = _new_engine(engine_config())
    offer_rows = matchable_offer_records(offers)
    engine.fit(offer_rows)
    # Even with no rows: an index never given any has none of its columns, and scoring against it fails.
    engine.upsert_offers(offer_rows)
    engine.upsert_requests(open_request_records(requests))
    _held.engine, _held.offers, _held.requests = engine, offers, requests
    _held.fitted_size, _held.changes_since_fit = len(offers), 0


def apply_changes(
    current: dict[str, dt.datetime], held: dict[str, dt.datetime], upsert, remove, load, again: Collection[str] = ()
) -> int:
    """Brings an engine holding the rows `held` (pk → update time, updated in place) to `current`: upserts
    the rows changed and removes those gone; returns how many. `again`: rows it holds to read again though
    unchanged (an engine that encodes no record found no vector for them)."""
    changed = [pk for pk, updated in current.items() if held.get(pk) != updated]
    gone = [pk for pk in held if pk not in current]
    for pk in gone:
        remove(pk)
    unchanged = set(changed)
    read_again = [pk for pk in again if pk in current and pk not in unchanged]
    if changed or read_again:
        upsert(load(changed + read_again))
    held.clear()
    held.update(current)
    return len(changed) + len(gone)


def _needs_rebuild(force: bool) -> bool:
    engine = _held.engine
    return (
        force
        or engine is None
        or engine.config_hash != engine_config().hash()
        or _held.changes_since_fit > max(10, REFIT_SHARE * _held.fitted_size)
    )


def synced_engine(*, rebuild: bool = False) -> MatchingEngine:
    """The process's engine, holding exactly the matchable offers and open requests of the database."""
    offers, requests = versions(matchable_offers()), versions(open_requests_to_score())
    if _needs_rebuild(rebuild):
        _rebuild(offers, requests)
        return _held.engine
    engine = _held.engine
    _held.changes_since_fit += apply_changes(
        offers,
        _held.offers,
        engine.upsert_offers,
        engine.remove_offer,
        matchable_offer_records,
    )
    apply_changes(
        requests,
        _held.requests,
        engine.upsert_requests,
        engine.remove_request,
        open_request_records,
    )
    return engine


def rank_for_request(request_id: int) -> list | None:
    """The engine's top-K for one request, or None when the request is not matchable (closed, gone)."""
    found = rank_requests([request_id])
    return found.get(request_id)


def rank_for_offer(offer_id: int) -> list | None:
    """This offer against every open request, or None when the offer is not matchable."""
    with _lock:
        engine = synced_engine()
        key = str(offer_id)
        return engine.score_offer(key) if key in _held.offers else None


def rank_requests(request_ids: list[int], *, rebuild: bool = False) -> dict[int, list]:
    """Top-K of requests: one, or a chunk of a full rescore, by the engine's one ranking path."""
    with _lock:
        engine = synced_engine(rebuild=rebuild)
        keys = [str(pk) for pk in request_ids if str(pk) in _held.requests]
        ranked = {}
        for block in engine.rank(keys):
            for request_id, matches in zip(block.request_ids, engine.matches(block), strict=True):
                ranked[int(request_id)] = matches
        return ranked


def forget() -> None:
    """Drops the process's engine (tests use it to start from a clean state)."""
    with _lock:
        _held.engine = None
        _held.offers.clear()
        _held.requests.clear()


def offer_count() -> int:
    return len(_held.offers)


def engine_version() -> str:
    return _held.engine.version if _held.engine is not None else ""
