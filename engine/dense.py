"""The dense views of a record: the multilingual encoder's vector, then the English encoder's."""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence

import numpy as np

from . import components
from .config import EngineConfig
from .encoders import CachedEncoder, TextEncoder, make_encoder
from .features import TEXT_CHUNK, encoder_text, glossed_text
from .glossary import Glossary
from .records import OfferRecord, RequestRecord


class DenseEncoders:
    """The configured encoders, each behind the shared vector cache, and the scale of their
    columns in the product that gives text evidence."""

    def __init__(
        self,
        config: EngineConfig,
        glossary: Glossary | None,
        encoder: TextEncoder | None,
        english_encoder: TextEncoder | None,
        cache: MutableMapping[str, bytes],
    ) -> None:
        self.config = config
        self.glossary = glossary
        base = encoder if encoder is not None else make_encoder(config.encoder)
        self.encoder = None if base is None else CachedEncoder(base, cache)
        english = english_encoder if english_encoder is not None else make_encoder(config.english_encoder)
        self.english_encoder = None if english is None else CachedEncoder(english, cache)
        self.factors = components.dense_factors(
            config,
            0 if self.encoder is None else self.encoder.dim,
            0 if self.english_encoder is None else self.english_encoder.dim,
        )

    def text_offset(self) -> float:
        """The text component's offset, which depends on the views there are."""
        return components.text_offset(self.config, self.encoder is not None, self.english_encoder is not None)

    def vectors(self, head: np.ndarray, records: Sequence[RequestRecord | OfferRecord], kind: str) -> np.ndarray:
        """The records' rows of the product: their head terms' weights, then the encoders'
        vectors, written in place a chunk of records at a time, so that a large catalogue's
        vectors are never held twice."""
        width = head.shape[1]
        out = np.empty((len(records), width + self.factors.size), dtype=np.float32)
        out[:, :width] = head
        for start in range(0, len(records), TEXT_CHUNK):
            out[start : start + TEXT_CHUNK, width:] = self._dense(records[start : start + TEXT_CHUNK], kind)
        return out

    def _dense(self, records: Sequence[RequestRecord | OfferRecord], kind: str) -> np.ndarray:
        """Encoder vectors of records: the multilingual view's, then the English view's."""
        vectors = self._multilingual(records, kind)
        if self.english_encoder is None:
            return vectors
        limit = self.config.english_max_chars
        texts = [glossed_text(r, self.glossary, limit) or encoder_text(r, limit) for r in records]
        return np.hstack([vectors, self.english_encoder.encode(texts, kind)])

    def _multilingual(self, records: Sequence[RequestRecord | OfferRecord], kind: str) -> np.ndarray:
        return self._encode([encoder_text(record, self.config.encoder_max_chars) for record in records], kind)

    def _encode(self, texts: list[str], kind: str) -> np.ndarray:
        if self.encoder is None:
            return np.zeros((len(texts), 0), dtype=np.float32)
        return self.encoder.encode(texts, kind)
