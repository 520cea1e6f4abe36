"""Capability areas suggested while an officer types a request or a startup an offer (engine/areas.py).

A suggestion tells which areas the records nearest a text carry, so each user's suggester learns only from
records that user may read (`matching.permissions.area_examples_for`): officers and staff from the published
offers, vetted startups from the open requests they may read, a startup awaiting vetting from the areas'
names alone; a restricted request lends nothing, not even its areas. The records are read by the vectors
the engine already stored for them in the shared table: a record not encoded yet is left out, never
encoded here, and the suggester is built again once it is.

Each process keeps one suggester per kind of reader and looks at the catalogue again at most every
`REFRESH_SECONDS`, building the suggester again when the catalogue or the taxonomy has changed: a busy
catalogue changes by the minute. The typed text is encoded and not stored: a draft is nobody's record.
"""

import threading
import time
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max

from engine.areas import AreaSuggester, Suggestion
from engine.encoders import CachedEncoder, TextEncoder
from engine.features import encoder_text
from needs.models import Visibility
from taxonomy.models import CapabilityArea

from .records import area_nodes, matchable_offers, offer_records, open_requests_to_score, request_records
from .vectors import VectorTable, loaded_encoder
from .worker import engine_config

# Areas suggested for a text.
SUGGESTED = 3
REFRESH_SECONDS = 60


@dataclass
class _Kept:
    stamp: tuple = ()
    suggester: AreaSuggester | None = None
    checked_at: float = 0.0
    # Some tagged record had no stored vector yet: build again at the next look.
    complete: bool = True


_kept: dict[frozenset, _Kept] = {}
_lock = threading.Lock()


def _readable_requests():
    return open_requests_to_score().filter(visibility=Visibility.VETTED)


def _sources(examples: frozenset) -> list[tuple]:
    """For each kind of example ("offers", "requests"): the rows it is learnt from, how they become the engine's
    records, and how the engine encoded them."""
    found = []
    if "offers" in examples:
        found.append((matchable_offers, offer_records, "passage"))
    if "requests" in examples:
        found.append((_readable_requests, request_records, "query"))
    return found


def _stamp(examples: frozenset) -> tuple:
    """What the suggester was learnt from: changes when a record it reads or an area does."""
    records = tuple(
        tuple(rows().aggregate(count=Count("pk"), changed=Max("updated_at")).values())
        for rows, _, _ in _sources(examples)
    )
    areas = CapabilityArea.objects.order_by("pk").values_list(
        "slug", "parent_id", "name_en", "name_uk", "synonyms_en", "synonyms_uk"
    )
    return records + (hash(repr(tuple(areas))),)


def _build(examples: frozenset, encoder: TextEncoder, max_chars: int) -> tuple[AreaSuggester, bool]:
    """A suggester learnt from the records of these kinds, and whether every tagged one had a stored vector."""
    cached = CachedEncoder(encoder, VectorTable())
    vectors, tags, complete = [np.zeros((0, encoder.dim), dtype=np.float32)], [], True
    for rows, as_records, kind in _sources(examples):
        tagged = [record for record in as_records(rows()) if record.areas]
        found, held = cached.stored([encoder_text(record, max_chars) for record in tagged], kind)
        vectors.append(found[held])
        tags += [record.areas for record, kept in zip(tagged, held, strict=True) if kept]
        complete = complete and bool(held.all())
    return AreaSuggester(area_nodes(), cached, np.vstack(vectors), tags), complete


def suggester(examples: frozenset) -> AreaSuggester | None:
    """The process's suggester learnt from these kinds of record; None for an engine without an encoder."""
    config = engine_config()
    if not config.encoder:
        return None
    with _lock:
        kept = _kept.setdefault(examples, _Kept())
        now = time.monotonic()
        if kept.suggester is not None and now - kept.checked_at < REFRESH_SECONDS:
            return kept.suggester
        stamp = _stamp(examples)
        if kept.suggester is None or kept.stamp != stamp or not kept.complete:
            kept.suggester, kept.complete = _build(examples, loaded_encoder(config.encoder), config.encoder_max_chars)
            kept.stamp = stamp
        kept.checked_at = now
        return kept.suggester


def forget() -> None:
    """Drops the kept suggesters (a new database, in tests)."""
    with _lock:
        _kept.clear()


def suggest(text: str, examples: frozenset) -> list[Suggestion]:
    """The best areas for a typed text, best first, learnt from records of the kinds given (none for an
    empty text or an engine without an encoder)."""
    # As many characters as the engine reads of a record.
    text = text.strip()[: engine_config().encoder_max_chars]
    found = suggester(examples) if text else None
    if found is None:
        return []
    # The bare encoder: the draft's vector is not kept in the shared table.
    vector = found.encoder.encoder.encode([text], "query")
    return found.suggest_vectors(vector, SUGGESTED)[0]
