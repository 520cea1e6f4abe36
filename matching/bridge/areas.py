"""Capability areas suggested while an officer types a request or a startup an offer (engine/areas.py).

The suggester learns from the platform's tagged records: the published offers and the open requests vetted
startups may read (a restricted request lends nothing, not even its areas), by the
vectors the engine already stored for them in the shared table (a record not encoded yet is left out,
never encoded here). It is kept in the process and built again when the catalogue or the taxonomy
has changed, looked at no more than once every `REFRESH_SECONDS`: a busy catalogue changes by the
minute, and a suggestion need not know of the last minute's offers. The typed text is encoded and not
stored: a draft is nobody's record.
"""

import threading
import time
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max

from engine.areas import AreaSuggester, Suggestion
from engine.encoders import CachedEncoder, make_encoder
from engine.features import encoder_text
from needs.models import Visibility
from taxonomy.models import CapabilityArea

from .records import area_nodes, matchable_offers, offer_records, open_requests_to_score, request_records
from .vectors import VectorTable
from .worker import engine_config

# Areas suggested for a text.
SUGGESTED = 3
REFRESH_SECONDS = 300


@dataclass
class _Kept:
    stamp: tuple = ()
    suggester: AreaSuggester | None = None
    checked_at: float = 0.0


_kept = _Kept()
_lock = threading.Lock()


def _readable_requests():
    return open_requests_to_score().filter(visibility=Visibility.VETTED)


def _stamp() -> tuple:
    """What the suggester was learnt from: changes when a record or an area does."""
    records = tuple(
        tuple(queryset.aggregate(count=Count("pk"), changed=Max("updated_at")).values())
        for queryset in (matchable_offers(), _readable_requests())
    )
    areas = tuple(CapabilityArea.objects.order_by("pk").values_list("slug", "parent_id", "name_en", "name_uk"))
    return records + (hash(areas),)


def _build() -> AreaSuggester | None:
    config = engine_config()
    encoder = make_encoder(config.encoder)
    if encoder is None:
        return None
    cached = CachedEncoder(encoder, VectorTable())
    vectors, tags = [], []
    for records, kind in (
        (offer_records(matchable_offers()), "passage"),
        (request_records(_readable_requests()), "query"),
    ):
        tagged = [record for record in records if record.areas]
        found, held = cached.stored([encoder_text(record, config.encoder_max_chars) for record in tagged], kind)
        vectors.append(found[held])
        tags += [record.areas for record, kept in zip(tagged, held, strict=True) if kept]
    return AreaSuggester(area_nodes(), cached, np.vstack(vectors), tags)


def suggester() -> AreaSuggester | None:
    """The process's suggester, built again when what it learnt from has changed; None without an encoder."""
    with _lock:
        now = time.monotonic()
        if _kept.suggester is not None and now - _kept.checked_at < REFRESH_SECONDS:
            return _kept.suggester
        stamp = _stamp()
        if _kept.suggester is None or _kept.stamp != stamp:
            _kept.suggester, _kept.stamp = _build(), stamp
        _kept.checked_at = now
        return _kept.suggester


def forget() -> None:
    """Drops the kept suggester (a new database, in tests)."""
    with _lock:
        _kept.suggester, _kept.stamp, _kept.checked_at = None, (), 0.0


def suggest(text: str) -> list[Suggestion]:
    """The best areas for a typed text, best first (none for an empty text or an engine without encoder)."""
    # As many characters as the engine reads of a record.
    text = text.strip()[: engine_config().encoder_max_chars]
    found = suggester() if text else None
    if found is None:
        return []
    # The bare encoder: the draft's vector is not kept in the shared table.
    vector = found.encoder.encoder.encode([text], "query")
    return found.suggest_vectors(vector, SUGGESTED)[0]
