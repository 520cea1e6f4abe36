"""The catalogue's search by meaning: the offers the matching engine ranks for a search box's text, read as
the title of a request (`MatchingEngine.search`). Registered with the catalogues' search
(innovation_office/search.py) when the app is ready.

Each process keeps an engine of the matchable offers for searching, apart from the one that scores. It is
built from the vectors the scoring stored in the shared table and encodes no offer: an offer the scoring
has not encoded yet has no vectors in it (it is found by its words), and the engine is built again at the
next look until every offer has them. A search looks at the catalogue at most every `SYNCED_WITHIN`
seconds and builds the engine again when an offer, the capability areas or the configuration changed: an
offer published meanwhile is found by its words at once and by meaning once the next look finds it
scored. The text is encoded and not stored. Which rows a user sees is not decided here: the catalogue's
selector keeps only those of the offers found that the user may read.
"""

import threading
import time
from collections.abc import Collection
from dataclasses import dataclass

from engine import MatchingEngine
from taxonomy.models import CapabilityArea

from .records import area_nodes, matchable_offers, offer_records
from .vectors import VectorTable, loaded_encoder
from .worker import engine_config

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
    stamp: int = 0
    checked_at: float = float("-inf")
    # Some offer had no stored vector yet: build again at the next look.
    complete: bool = True


_kept = _Kept()
_lock = threading.Lock()


def _stamp() -> int:
    """What the engine was built from: changes when a matchable offer (each by its update time), an area or
    the configuration does."""
    offers = tuple(matchable_offers().order_by("pk").values_list("pk", "updated_at"))
    areas = tuple(CapabilityArea.objects.order_by("pk").values_list("slug", "parent_id", "name_en", "name_uk"))
    return hash((engine_config().hash(), offers, areas))


def _build() -> tuple[MatchingEngine, bool]:
    config = engine_config()
    engine = MatchingEngine(
        config=config,
        areas=area_nodes(),
        encoder=loaded_encoder(config.encoder),
        english_encoder=loaded_encoder(config.english_encoder),
        cache=VectorTable(),
        encode_records=False,
    )
    offers = offer_records(matchable_offers())
    engine.fit(offers)
    engine.upsert_offers(offers)
    return engine, engine.dense.unencoded == 0


def offers_by_meaning(text: str, among: Collection[int] | None = None) -> dict[int, float]:
    """Offer pk → the chance that it answers the text, for the LIMIT most relevant above FLOOR (of `among`
    when it is given)."""
    config = engine_config()
    if not (config.encoder or config.english_encoder):
        return {}
    with _lock:
        now = time.monotonic()
        if _kept.engine is None or now - _kept.checked_at >= SYNCED_WITHIN:
            stamp = _stamp()
            if _kept.engine is None or stamp != _kept.stamp or not _kept.complete:
                _kept.engine, _kept.complete = _build()
                _kept.stamp = stamp
            _kept.checked_at = now
        wanted = None if among is None else [str(pk) for pk in among]
        ids, relevance = _kept.engine.search(text[:MAX_CHARS], LIMIT, wanted)
    return {int(pk): float(chance) for pk, chance in zip(ids, relevance, strict=True) if chance >= FLOOR}


def forget() -> None:
    """Drops the kept engine (a new database, in tests)."""
    with _lock:
        _kept.engine, _kept.stamp, _kept.checked_at, _kept.complete = None, 0, float("-inf"), True
