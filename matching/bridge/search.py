"""The catalogue's search by meaning: the offers the matching engine ranks for a search box's text, read as
the title of a request (`MatchingEngine.search`). Registered with the catalogues' search
(innovation_office/search.py) when the app is ready.

Each process keeps an engine of the matchable offers for searching, apart from the one that scores. It
reads the vectors the scoring stored in the shared table and encodes no offer: an offer the scoring has
not encoded yet has no vectors in it (it is found by its words) until a later look reads them. A search
looks at the catalogue at most every `SYNCED_WITHIN` seconds, as the scoring's engine does before a task
(worker.py): it upserts the offers changed since, removes those gone, and learns the statistics again
(a build) when the configuration or the areas changed, or a large part of the catalogue. An offer
published meanwhile is found by its words at once and by meaning once a look finds it scored. The text
is encoded and not stored. Which rows a user sees is not decided here: the catalogue's selector keeps
only those of the offers found that the user may read.
"""

import datetime as dt
import logging
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections

from engine import MatchingEngine
from taxonomy.models import CapabilityArea

from .records import area_nodes, matchable_offers, offer_records
from .vectors import VectorTable, loaded_encoder
from .worker import REFIT_SHARE, engine_config

# At most this many offers found by meaning, each with at least this chance of being relevant: a text
# unlike anything in the catalogue finds nothing.
LIMIT = 100
FLOOR = 0.01
SYNCED_WITHIN = 60
# A search box's text is read up to this length (a title's): a pasted page costs no more than a title.
MAX_CHARS = 200


@dataclass
class _Kept:
    engine: MatchingEngine | None = None
    # The configuration and areas it was built with, and each offer's update time it holds.
    stamp: int = 0
    offers: dict[str, dt.datetime] = field(default_factory=dict)
    fitted_size: int = 0
    changes_since_fit: int = 0
    checked_at: float = float("-inf")


_kept = _Kept()
_lock = threading.Lock()
_builder: dict[str, threading.Thread] = {}
logger = logging.getLogger(__name__)


def _stamp() -> int:
    areas = tuple(CapabilityArea.objects.order_by("pk").values_list("slug", "parent_id", "name_en", "name_uk"))
    return hash((engine_config().hash(), areas))


def _build(stamp: int, offers: dict[str, dt.datetime]) -> None:
    config = engine_config()
    engine = MatchingEngine(
        config=config,
        areas=area_nodes(),
        encoder=loaded_encoder(config.encoder),
        english_encoder=loaded_encoder(config.english_encoder),
        cache=VectorTable(),
        encode_records=False,
    )
    records = offer_records(matchable_offers().filter(pk__in=offers))
    engine.fit(records)
    engine.upsert_offers(records)
    _kept.engine, _kept.stamp, _kept.offers = engine, stamp, offers
    _kept.fitted_size, _kept.changes_since_fit = len(offers), 0


def _look() -> None:
    """Brings the kept engine in step with the catalogue."""
    stamp = _stamp()
    offers = {str(pk): updated for pk, updated in matchable_offers().values_list("pk", "updated_at")}
    refit = _kept.changes_since_fit > max(10, REFIT_SHARE * _kept.fitted_size)
    if _kept.engine is None or stamp != _kept.stamp or refit:
        _build(stamp, offers)
        return
    engine = _kept.engine
    changed = {pk for pk, updated in offers.items() if _kept.offers.get(pk) != updated}
    gone = [pk for pk in _kept.offers if pk not in offers]
    for pk in gone:
        engine.remove_offer(pk)
    unread = {pk for pk in engine.offers_without_vectors() if pk in offers}
    if changed | unread:
        engine.upsert_offers(offer_records(matchable_offers().filter(pk__in=changed | unread)))
    _kept.offers = offers
    _kept.changes_since_fit += len(changed) + len(gone)


def offers_by_meaning(text: str, among: Collection[int] | None = None) -> dict[int, float]:
    """Offer pk → the chance that it answers the text, for the LIMIT most relevant above FLOOR (of `among`
    when it is given)."""
    config = engine_config()
    if not (config.encoder or config.english_encoder):
        return {}
    if _kept.engine is None and getattr(settings, "SEARCH_ENGINE_IN_BACKGROUND", True):
        _build_away()
        return {}
    with _lock:
        now = time.monotonic()
        if _kept.engine is None or now - _kept.checked_at >= SYNCED_WITHIN:
            _look()
            _kept.checked_at = now
        wanted = None if among is None else [str(pk) for pk in among]
        ids, relevance = _kept.engine.search(text[:MAX_CHARS], LIMIT, wanted)
    return {int(pk): float(chance) for pk, chance in zip(ids, relevance, strict=True) if chance >= FLOOR}


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
