"""The dense views of a record: the multilingual encoder's vector, then the English encoder's."""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence

import numpy as np

from . import components
from .config import EngineConfig
from .encoders import CachedEncoder, RecentVectors, TextEncoder, make_encoder
from .features import TEXT_CHUNK, encoder_text, glossed_text
from .glossary import Glossary
from .records import OfferRecord, RequestRecord

# Texts that are nobody's record (searches) whose vectors a process keeps in memory.
RECENT_TEXTS = 256


class DenseEncoders:
    """The configured encoders, each behind the shared vector cache, and the scale of their
    columns in the product that gives text evidence.

    With `encode_records` false, a record's vectors are only read from the cache: one not there yet
    gets zeros, so that a process serving pages never spends minutes encoding a catalogue; a
    search's own text is still encoded."""

    def __init__(
        self,
        config: EngineConfig,
        glossary: Glossary | None,
        encoder: TextEncoder | None,
        english_encoder: TextEncoder | None,
        cache: MutableMapping[str, bytes],
        encode_records: bool = True,
    ) -> None:
        self.config = config
        self.glossary = glossary
        self.encode_records = encode_records
        base = encoder if encoder is not None else make_encoder(config.encoder)
        english = english_encoder if english_encoder is not None else make_encoder(config.english_encoder)
        self.encoder = None if base is None else CachedEncoder(base, cache)
        self.english_encoder = None if english is None else CachedEncoder(english, cache)
        # The same models for texts that are nobody's record: kept in memory, never in the shared cache.
        self._unshared = (
            None if base is None else CachedEncoder(base, RecentVectors(RECENT_TEXTS)),
            None if english is None else CachedEncoder(english, RecentVectors(RECENT_TEXTS)),
        )
        self.factors = components.dense_factors(
            config,
            0 if self.encoder is None else self.encoder.dim,
            0 if self.english_encoder is None else self.english_encoder.dim,
        )

    def dims(self) -> list[int]:
        """The width of each view's vector, in the order of the columns."""
        return [encoder.dim for encoder in (self.encoder, self.english_encoder) if encoder is not None]

    def text_offset(self) -> float:
        """The text component's offset, which depends on the views there are."""
        return components.text_offset(self.config, self.encoder is not None, self.english_encoder is not None)

    def vectors(
        self, head: np.ndarray, records: Sequence[RequestRecord | OfferRecord], kind: str, *, shared: bool = True
    ) -> np.ndarray:
        """The records' rows of the product: their head terms' weights, then the encoders'
        vectors, written in place a chunk of records at a time, so that a large catalogue's
        vectors are never held twice. With `shared` false (a search box's text), the vectors
        are kept among the process's recent ones, not in the shared cache."""
        width = head.shape[1]
        out = np.empty((len(records), width + self.factors.size), dtype=np.float32)
        out[:, :width] = head
        for start in range(0, len(records), TEXT_CHUNK):
            out[start : start + TEXT_CHUNK, width:] = self._dense(records[start : start + TEXT_CHUNK], kind, shared)
        return out

    def _dense(self, records: Sequence[RequestRecord | OfferRecord], kind: str, shared: bool) -> np.ndarray:
        """Encoder vectors of records: the multilingual view's, then the English view's."""
        encoder, english_encoder = (self.encoder, self.english_encoder) if shared else self._unshared
        limit = self.config.encoder_max_chars
        vectors = self._encode(encoder, [encoder_text(r, limit) for r in records], kind, shared)
        if english_encoder is None:
            return vectors
        limit = self.config.english_max_chars
        texts = [glossed_text(r, self.glossary, limit) or encoder_text(r, limit) for r in records]
        return np.hstack([vectors, self._encode(english_encoder, texts, kind, shared)])

    def _encode(self, encoder: CachedEncoder | None, texts: list[str], kind: str, shared: bool) -> np.ndarray:
        if encoder is None:
            return np.zeros((len(texts), 0), dtype=np.float32)
        if shared and not self.encode_records:
            return encoder.stored(texts, kind)[0]
        return encoder.encode(texts, kind)
