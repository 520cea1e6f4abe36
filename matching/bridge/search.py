"""The catalogues' search by meaning: the offers the matching engine ranks for a search box's text, read as
the title of a request (`MatchingEngine.search`), and the open requests it ranks for the text read as the
title of an offer (`MatchingEngine.search_requests`). Registered with the catalogues' search
(innovation_office/search.py) when the app is ready.

Each process keeps an engine of the matchable offers and open requests for searching, apart from the one
that scores. It reads the vectors the scoring stored in the shared table and encodes no record: one the
scoring has not encoded yet has no vectors in it (it is found by its words) until a later look reads them. A
search looks at the catalogue at most every `SYNCED_WITHIN` seconds, as the scoring's engine does before a
task (worker.py): it upserts the offers and requests changed since, removes those gone, and learns the
statistics again (a build) when the configuration or the areas changed, or a large part of the offers. A
record published meanwhile is found by its words at once and by meaning once a look finds it scored. The
text is encoded and not stored. Which rows a user sees is not decided here: the catalogues' selectors keep
only those of the rows found that the user may read, and pass their own list (`among`) to be searched.
"""

import datetime as dt
import logging
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import Max

from engine import MatchingEngine
from taxonomy.models import CapabilityArea

from ..models import EncodedVector
from .records import (
    area_nodes,
    matchable_offer_records,
    matchable_offers,
    open_request_records,
    open_requests_to_score,
)
from .vectors import VectorTable, loaded_encoder
from .worker import REFIT_SHARE, apply_changes, engine_config, versions

# At most this many offers (or requests) found by meaning, each with at least this chance of being relevant: a text
# unlike anything in the catalogue finds nothing. A text read as an offer is one title, far less text than the
# offers the engine's relevance was learnt on, so a request's chance runs about ten times lower than an offer's for
# the same text: its floor is any chance at all (on the domain set, the relevant requests in a title's top ten
# had a median chance of 0.97% and a quarter of them less than 0.13%; texts unlike anything get none).
LIMIT = 100
FLOOR = {"offers": 0.01, "requests": 0.0001}
SYNCED_WITHIN = 60
# A search box's text is read up to this length (a title's): a pasted page costs no more than a title.
MAX_CHARS = 200


@dataclass
class _Kept:
    engine: MatchingEngine | None = None
    # The configuration and areas it was built with, and each offer's and request's update time it holds.
    stamp: int = 0
    offers: dict[str, dt.datetime] = field(default_factory=dict)
    requests: dict[str, dt.datetime] = field(default_factory=dict)
    fitted_size: int = 0
    changes_since_fit: int = 0
    checked_at: float = float("-inf")
    # The newest vector of the shared table at the last look: records without vectors are read again only once
    # the scoring has stored some since (each read gives them new slots).
    vectors_seen: dt.datetime | None = None


_kept = _Kept()
_lock = threading.Lock()
_builder: dict[str, threading.Thread] = {}
logger = logging.getLogger(__name__)


def _stamp() -> int:
    areas = tuple(CapabilityArea.objects.order_by("pk").values_list("slug", "parent_id", "name_en", "name_uk"))
    return hash((engine_config().hash(), areas))


def _newest_vector() -> dt.datetime | None:
    return EncodedVector.objects.aggregate(newest=Max("created_at"))["newest"]


def _build(stamp: int, offers: dict[str, dt.datetime], requests: dict[str, dt.datetime]) -> None:
    _kept.vectors_seen = _newest_vector()
    config = engine_config()
    engine = MatchingEngine(
        config=config,
        areas=area_nodes(),
        encoder=loaded_encoder(config.encoder),
        english_encoder=loaded_encoder(config.english_encoder),
        cache=VectorTable(),
        encode_records=False,
    )
    records = matchable_offer_records(offers)
    engine.fit(records)
    engine.upsert_offers(records)
    engine.upsert_requests(open_request_records(requests))
    _kept.engine, _kept.stamp, _kept.offers, _kept.requests = engine, stamp, offers, requests
    _kept.fitted_size, _kept.changes_since_fit = len(offers), 0


def _look() -> None:
    """Brings the kept engine in step with the catalogue."""
    stamp = _stamp()
    offers, requests = versions(matchable_offers()), versions(open_requests_to_score())
    refit = _kept.changes_since_fit > max(10, REFIT_SHARE * _kept.fitted_size)
    if _kept.engine is None or stamp != _kept.stamp or refit:
        _build(stamp, offers, requests)
        return
    engine = _kept.engine
    newest = _newest_vector()
    unread_offers, unread_requests = engine.without_vectors() if newest != _kept.vectors_seen else ([], [])
    _kept.vectors_seen = newest
    _kept.changes_since_fit += apply_changes(
        offers, _kept.offers, engine.upsert_offers, engine.remove_offer, matchable_offer_records, unread_offers
    )
    apply_changes(
        requests, _kept.requests, engine.upsert_requests, engine.remove_request, open_request_records, unread_requests
    )


def offers_by_meaning(text: str, among: Collection[int] | None = None) -> dict[int, float]:
    """Offer pk → the chance that it answers the text, for the LIMIT most relevant above FLOOR (of `among`
    when it is given)."""
    return _by_meaning("offers", text, among)


def requests_by_meaning(text: str, among: Collection[int] | None = None) -> dict[int, float]:
    """Open request pk → the chance that the text, read as an offer, answers it: the LIMIT most relevant above
    FLOOR (of `among` when it is given). Requests the engine does not score (drafts, closed) are found by
    their words only."""
    return _by_meaning("requests", text, among)


def ready() -> bool:
    """False while this process's first engine is built on a thread: a search goes by words meanwhile."""
    return _kept.engine is not None or not getattr(settings, "SEARCH_ENGINE_IN_BACKGROUND", True) or not _encodes()


def _encodes() -> bool:
    config = engine_config()
    return bool(config.encoder or config.english_encoder)


def _by_meaning(side: str, text: str, among: Collection[int] | None) -> dict[int, float]:
    if not _encodes():
        return {}
    if not ready():
        _build_away()
        return {}
    with _lock:
        now = time.monotonic()
        if _kept.engine is None or now - _kept.checked_at >= SYNCED_WITHIN:
            _look()
            _kept.checked_at = now
        wanted = None if among is None else [str(pk) for pk in among]
        search = _kept.engine.search if side == "offers" else _kept.engine.search_requests
        ids, relevance = search(text[:MAX_CHARS], LIMIT, wanted)
    return {int(pk): float(chance) for pk, chance in zip(ids, relevance, strict=True) if chance >= FLOOR[side]}


def _build_away() -> None:
    """Starts building the kept engine on a thread of its own, unless one is at it."""
    with _lock:
        running = _builder.get("thread")
        if running is not None and running.is_alive():
            return
        _builder["thread"] = threading.Thread(target=_first_look, name="search-engine", daemon=True)
        _builder["thread"].start()


def _first_look() -> None:
    try:
        with _lock:
            if _kept.engine is None:
                _look()
                _kept.checked_at = time.monotonic()
    except Exception:  # the search goes by words until a later search starts another build
        logger.exception("building the search engine failed")
    finally:
        connections.close_all()  # this thread's own


def forget() -> None:
    """Drops the kept engine (a new database, in tests)."""
    with _lock:
        _kept.engine, _kept.checked_at = None, float("-inf")
        _kept.offers, _kept.requests = {}, {}
